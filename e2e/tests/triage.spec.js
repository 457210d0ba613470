// Triage end to end: a negative post on the local Mastodon stand-in is ingested through a
// real Mastodon source, routed into a prioritised case, claimed by an agent, answered with a
// canned response, and the reply arrives at the stand-in as a threaded status.
const { test, expect } = require('@playwright/test');
const { expectAccessible, logIn, addStandinSource } = require('./helpers');

const standin = () => process.env.CHORUS_E2E_STANDIN;

async function standinJson(request, path, body) {
  const resp = body === undefined
    ? await request.get(`${standin()}${path}`)
    : await request.post(`${standin()}${path}`, { data: body });
  expect(resp.ok(), `${path} answered ${resp.status()}`).toBe(true);
  return resp.json();
}

test('a negative Mastodon post becomes a routed case that an agent answers through Mastodon', async ({ page, request }) => {
  // An admin points a Mastodon source at the stand-in.
  await logIn(page, 'admin@demo.chorus.test', 'demo-admin-pass');
  await addStandinSource(page, 'Stand-in Mastodon', '#acme');

  // Once the source follows the hashtag stream, an unhappy customer posts.
  await expect.poll(async () => (await standinJson(request, '/_standin/streams')).streams, { timeout: 30_000 }).toBeGreaterThan(0);
  const unique = `sync-${Date.now()}`;
  const text = `#acme your app is broken again, sync lost my files and nobody answers. Terrible service ${unique}`;
  const { id: statusId } = await standinJson(request, '/_standin/publish', { acct: 'dana', followers: 25000, text });

  // The agent finds it in the unassigned view, routed to Support with an explained priority.
  await page.context().clearCookies();
  await logIn(page, 'agent@demo.chorus.test', 'demo-agent-pass');
  await expect.poll(async () => {
    await page.goto('/inbox?view=unassigned');
    return page.getByRole('link', { name: new RegExp(unique) }).count();
  }, { timeout: 30_000, intervals: [1000] }).toBeGreaterThan(0);
  await expectAccessible(page, 'inbox');
  const row = page.locator('li.case-row', { hasText: unique });
  await expect(row).toContainText('team Support');
  await expect(row).toContainText('Urgent');
  await row.getByRole('link', { name: new RegExp(unique) }).click();

  await expect(page.getByRole('heading', { level: 1 })).toContainText(unique);
  await page.getByText(/Why priority Urgent/).click();
  await expect(page.locator('.priority-explanation')).toContainText('reach');
  await expect(page.locator('.priority-explanation')).toContainText('25,000 followers');
  await expect(page.locator('.clock').first()).toContainText(/First response: (running|soon), due in/);
  await expectAccessible(page, 'case');

  // Claim, insert a canned response, send.
  await page.getByRole('button', { name: 'Claim' }).click();
  await expect(page.getByText('You hold this case now.')).toBeVisible();
  await expect(page.getByText('held by Avery Agent').first()).toBeVisible();
  await page.getByLabel('Canned response').selectOption({ label: 'Outage acknowledged' });
  await page.getByRole('button', { name: 'Insert' }).click();
  await expect(page.getByLabel('Your reply')).toHaveValue(/We know about the problem/);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText(/Reply queued/)).toBeVisible();

  // The reply reaches the stand-in once, threaded under the customer's status.
  let posted;
  await expect.poll(async () => {
    posted = (await standinJson(request, '/_standin/posted')).filter((p) => p.in_reply_to_id === statusId);
    return posted.length;
  }, { timeout: 30_000 }).toBe(1);
  expect(posted[0].status).toContain('@dana');
  expect(posted[0].status).toContain('We know about the problem');
  expect(posted[0].idempotency_key).toMatch(/^chorus-reply-/);

  // The delivery shows as sent and the first-response clock stopped, met.
  await expect.poll(async () => {
    await page.reload();
    return page.locator('.delivery').first().textContent();
  }, { timeout: 15_000 }).toContain('delivery sent');
  await expect(page.locator('.clock').first()).toContainText('First response: met');
  await expectAccessible(page, 'answered case');
});

test('managers set up teams, routing rules and alerts; bad rules are explained', async ({ page }) => {
  await logIn(page, 'manager@demo.chorus.test', 'demo-manager-pass');
  await page.goto('/triage');
  await expect(page.getByRole('heading', { name: 'Teams, rules and alerts' })).toBeVisible();
  await expectAccessible(page, 'triage setup');
  await page.getByRole('textbox', { name: 'New team' }).fill('Escalations');
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByText('Team Escalations created.')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).first().fill('Bad channel');
  await page.getByLabel('Channels').fill('myspace');
  await page.getByRole('button', { name: 'Add routing rule' }).click();
  await expect(page.getByText(/unknown channel "myspace"/i)).toBeVisible();
  await page.locator('#alert-name').fill('Outage watch');
  await page.getByLabel('Keywords').nth(1).fill('outage');
  await page.getByLabel('E-mail to').fill('oncall@acme.example');
  await page.getByRole('button', { name: 'Add alert rule' }).click();
  await expect(page.getByText('Alert rule “Outage watch” added.')).toBeVisible();
  await expectAccessible(page, 'triage setup after changes');
});

test('a manager assigns and closes ticked cases from the inbox in one step', async ({ page }) => {
  await logIn(page, 'manager@demo.chorus.test', 'demo-manager-pass');
  await page.goto('/inbox?view=unassigned');
  const picks = page.locator('li.case-row input[type=checkbox][name=case]');
  await expect(picks.nth(2)).toBeAttached();
  const [first, second, third] = await Promise.all([0, 1, 2].map((i) => picks.nth(i).getAttribute('value')));
  await expectAccessible(page, 'inbox with the bulk bar');

  // Tick two cases by their labels, assign them to the agent.
  await page.getByLabel(`Tick case #${first}`).check();
  await page.getByLabel(`Tick case #${second}`).check();
  await page.getByLabel('With the ticked cases').selectOption('assign');
  await page.getByLabel('Staff member').selectOption({ label: 'Avery Agent' });
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('2 cases changed.')).toBeVisible();
  // They left the unassigned view and are held by the agent.
  await expect(page.getByLabel(`Tick case #${first}`)).toHaveCount(0);
  for (const id of [first, second]) {
    await page.goto(`/cases/${id}`);
    await expect(page.getByText('held by Avery Agent').first()).toBeVisible();
  }

  // One more, closed as needing no action.
  await page.goto('/inbox?view=unassigned');
  await page.getByLabel(`Tick case #${third}`).check();
  await page.getByLabel('With the ticked cases').selectOption('close');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('1 case changed.')).toBeVisible();
  await page.goto(`/cases/${third}`);
  await expect(page.locator('.status').first()).toContainText('Closed');

  // Nothing ticked: said plainly, nothing changes.
  await page.goto('/inbox?view=unassigned');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.locator('.flash')).toContainText(/at least one case/);
});

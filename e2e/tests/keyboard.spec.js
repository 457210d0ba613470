// Keyboard only: the four flows people do all day — posting a topic, replying, answering a
// case, moderating — done with Tab, typing, Space and Enter, never the mouse. Set-up that is
// not the flow under test (signing up, publishing a customer's post) may use the pointer.
const { test, expect } = require('@playwright/test');
const { logIn, tabTo, addStandinSource } = require('./helpers');

const stamp = Date.now();
const standin = () => process.env.CHORUS_E2E_STANDIN;

/** A radio group is one Tab stop: Tab into it, Space to choose, arrows to move the choice. */
async function chooseRadio(page, name, option, scope = page) {
  const group = scope.locator(`input[name="${name}"]`);
  for (let i = 0; i < 200; i += 1) {
    const inGroup = await group.evaluateAll((els) => els.includes(document.activeElement));
    if (inGroup) break;
    await page.keyboard.press('Tab');
  }
  await page.keyboard.press('Space');
  for (let i = 0; i < 10 && !(await option.isChecked()); i += 1) {
    await page.keyboard.press('ArrowDown');
  }
  await expect(option).toBeChecked();
}

async function signUp(page, who) {
  await page.goto('/signup');
  await page.getByLabel('E-mail address').fill(`${who}.${stamp}@example.com`);
  await page.getByLabel('Your name').fill(`Kim ${who} ${stamp}`);
  await page.getByLabel('Password').fill('a long enough passphrase');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByRole('status')).toContainText('Welcome');
}

test('posting a topic and replying, by keyboard', async ({ page }) => {
  await signUp(page, 'keys');
  await page.goto('/new');
  const title = `Keyboard-only question about exports (${stamp})`;
  await chooseRadio(page, 'kind', page.getByLabel(/Question/));
  await tabTo(page, page.getByLabel('Title'));
  await page.keyboard.type(title);
  await tabTo(page, page.getByLabel('Details'));
  await page.keyboard.type('The CSV export stops at 1,000 rows. Is there a limit I can raise?');
  await tabTo(page, page.getByRole('button', { name: 'Post topic' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(title);

  await tabTo(page, page.getByLabel('Reply', { exact: true }), 200);
  await page.keyboard.type('Found it myself: the limit is in the export settings.');
  await tabTo(page, page.getByRole('button', { name: 'Post reply' }));
  await page.keyboard.press('Enter');
  await expect(page.locator('.reply', { hasText: 'Found it myself' })).toBeVisible();
});

test('moderating a held reply, by keyboard', async ({ browser }) => {
  const member = await browser.newContext();
  const m = await member.newPage();
  await signUp(m, 'rude');
  await m.goto('/topics?kind=question');
  await m.locator('.topic-list a').first().click();
  const insult = `You are all useless idiots, fix it (${stamp})`;
  await m.getByLabel('Reply', { exact: true }).fill(insult);
  await m.getByRole('button', { name: 'Post reply' }).click();
  await m.getByRole('button', { name: 'Post reply' }).click();
  await expect(m.getByRole('status')).toContainText('held');
  await member.close();

  const mgr = await browser.newContext();
  const page = await mgr.newPage();
  await logIn(page, 'manager@demo.chorus.test', 'demo-manager-pass');
  await page.goto('/moderation');
  const item = page.locator('article.mod-item', { hasText: `Kim rude ${stamp}` });
  await expect(item).toBeVisible();
  // Abusive text stays masked until the reveal control is used.
  const shield = item.locator('details.shield');
  await expect(shield.locator('.post-body')).toBeHidden();
  await tabTo(page, shield.locator('summary'), 300);
  await page.keyboard.press('Enter');
  await expect(shield.locator('.post-body')).toContainText('useless idiots');
  // Nothing is chosen for the moderator.
  await expect(item.locator('input[name="action"]:checked')).toHaveCount(0);
  await chooseRadio(page, 'action', item.getByLabel('Hide', { exact: true }), item);
  await tabTo(page, item.getByLabel(/^Reason/));
  await page.keyboard.type('Insults instead of a report');
  await tabTo(page, item.getByRole('button', { name: /Apply/ }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status')).toContainText('Hide: done');
  await mgr.close();
});

test('answering a case, by keyboard', async ({ page, request }) => {
  // Set-up: a Mastodon source on the local stand-in, and a customer's complaint there.
  await logIn(page, 'admin@demo.chorus.test', 'demo-admin-pass');
  await addStandinSource(page, 'Keyboard stand-in', '#acmekeys');
  const unique = `keys-${stamp}`;
  await expect.poll(async () => {
    const r = await request.get(`${standin()}/_standin/streams`);
    return r.ok() ? (await r.json()).streams : 0;
  }, { timeout: 30_000 }).toBeGreaterThan(0);
  const published = await request.post(`${standin()}/_standin/publish`, {
    data: { acct: 'lee', followers: 30000, text: `#acmekeys your app is broken, billing charged me twice and support is silent. Terrible service ${unique}` },
  });
  expect(published.ok()).toBe(true);

  await page.context().clearCookies();
  await logIn(page, 'agent@demo.chorus.test', 'demo-agent-pass');
  await expect.poll(async () => {
    await page.goto('/inbox?view=unassigned');
    return page.getByRole('link', { name: new RegExp(unique) }).count();
  }, { timeout: 45_000, intervals: [1000] }).toBeGreaterThan(0);

  await tabTo(page, page.getByRole('link', { name: new RegExp(unique) }), 300);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(unique);
  await tabTo(page, page.getByRole('button', { name: 'Claim' }), 200);
  await page.keyboard.press('Enter');
  await expect(page.getByText('You hold this case now.')).toBeVisible();
  await tabTo(page, page.getByLabel('Your reply'), 200);
  await page.keyboard.type('Sorry about the double charge, Lee: the refund is on its way.');
  await tabTo(page, page.getByRole('button', { name: 'Send reply' }));
  await page.keyboard.press('Enter');
  await expect(page.getByText(/Reply queued/)).toBeVisible();
});

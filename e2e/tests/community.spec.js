// The community story in a real browser: a member asks, a peer answers, an agent answers
// officially, the author accepts the best answer; an idea gets votes, staff plan it and its
// followers are notified. Every page on the way passes an axe-core check.
const { test, expect } = require('@playwright/test');
const { expectAccessible, logIn } = require('./helpers');

const stamp = Date.now();
const asker = { name: 'Ravi Shah', email: `ravi.${stamp}@example.com`, password: 'a long enough passphrase' };
const question = `How do I keep my sync folder on an external drive? (${stamp})`;
const idea = `Sync only on Wi-Fi for laptops (${stamp})`;

async function as(browser, who) {
  const context = await browser.newContext();
  const page = await context.newPage();
  if (who === 'asker-signup') {
    await page.goto('/signup');
    await page.getByLabel('E-mail address').fill(asker.email);
    await page.getByLabel('Your name').fill(asker.name);
    await page.getByLabel('Password').fill(asker.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('status')).toContainText('Welcome');
  } else if (who === 'asker') {
    await logIn(page, asker.email, asker.password);
  } else {
    await logIn(page, `${who}@demo.chorus.test`, `demo-${who}-pass`);
  }
  return { page, context };
}

test.describe.configure({ mode: 'serial' });

test('ask, answer, answer officially, accept', async ({ browser }) => {
  const a = await as(browser, 'asker-signup');
  await a.page.goto('/');
  await expect(a.page.getByRole('heading', { name: 'Latest topics' })).toBeVisible();
  await expectAccessible(a.page, 'listing');
  await a.page.getByRole('link', { name: 'New topic' }).first().click();
  await expectAccessible(a.page, 'new topic form');
  await a.page.getByLabel(/Question/).check();
  await a.page.getByLabel('Title').fill(question);
  await a.page.getByLabel('Details').fill('My laptop disk is small. Can the **sync folder** live on a USB drive?');
  await a.page.getByLabel('Tags').fill('desktop, storage');
  await a.page.getByRole('button', { name: 'Post topic' }).click();
  await expect(a.page.getByRole('heading', { level: 1 })).toHaveText(question);
  const topicUrl = a.page.url();
  await expectAccessible(a.page, 'topic page (author)');

  const peer = await as(browser, 'member');
  await peer.page.goto(topicUrl);
  await peer.page.getByLabel('Reply', { exact: true }).fill('Yes: Preferences → Sync → Folder location → Move. Keep the drive plugged in.');
  await peer.page.getByRole('button', { name: 'Post reply' }).click();
  await expect(peer.page.getByRole('status')).toContainText('reply is posted');
  await peer.page.getByRole('button', { name: 'I have this too' }).click();
  await expect(peer.page.getByRole('button', { name: 'You have this too' })).toBeVisible();

  const agent = await as(browser, 'agent');
  await agent.page.goto(topicUrl);
  await agent.page.getByLabel('Reply', { exact: true }).fill('That works. If the drive is missing at start-up the app pauses sync instead of deleting anything.');
  await agent.page.getByRole('button', { name: 'Post reply' }).click();
  const official = agent.page.locator('article.reply.official');
  await expect(official.getByText('Official answer')).toBeVisible();

  await a.page.reload();
  const peerReply = a.page.locator('article.reply', { hasText: 'Keep the drive plugged in' });
  await peerReply.getByRole('button', { name: 'Accept this answer' }).click();
  await expect(a.page.getByRole('status')).toContainText('Answer accepted');
  const accepted = a.page.locator('section.accepted-answer');
  await expect(accepted).toContainText('Keep the drive plugged in');
  await expect(accepted.getByText('Accepted', { exact: true })).toBeVisible();
  await expect(a.page.locator('article.reply.official').getByText('Official answer')).toBeVisible();
  await expectAccessible(a.page, 'topic page with accepted answer');

  for (const s of [a, peer, agent]) await s.context.close();
});

test('vote for an idea, plan it, notify its followers', async ({ browser }) => {
  const a = await as(browser, 'asker');
  await a.page.goto('/new?kind=idea');
  await a.page.getByLabel('Title').fill(idea);
  await a.page.getByLabel('Details').fill('Laptops on mobile hotspots should not sync big files.');
  await a.page.getByRole('button', { name: 'Post topic' }).click();
  await expect(a.page.locator('.badge.status-open')).toBeVisible();
  const ideaUrl = a.page.url();

  const voter = await as(browser, 'member');
  await voter.page.goto(ideaUrl);
  await voter.page.getByRole('button', { name: 'Vote for this idea', exact: true }).click();
  await expect(voter.page.getByRole('button', { name: 'You voted for this idea' })).toBeVisible();
  await expect(voter.page.locator('#vote-topic-' + ideaUrl.split('/').pop())).toContainText('1 vote');

  const manager = await as(browser, 'manager');
  await manager.page.goto(ideaUrl);
  await expectAccessible(manager.page, 'idea page with staff panel');
  await manager.page.getByLabel('Status', { exact: true }).selectOption('planned');
  await manager.page.getByLabel('Public note').fill('Planned for the next desktop release.');
  await manager.page.getByRole('button', { name: 'Set status' }).click();
  await expect(manager.page.getByRole('status')).toContainText('Status set to Planned');
  await expect(manager.page.locator('.status-history')).toContainText('Planned for the next desktop release.');

  // The author follows their idea; the voter hears about it too. The fan-out runs as a job.
  for (const s of [a, voter]) {
    await expect
      .poll(async () => {
        await s.page.goto('/notifications');
        return s.page.getByText(`“${idea}” is now Planned`).count();
      }, { timeout: 15_000 })
      .toBeGreaterThan(0);
    await expect(s.page.locator('.count-badge')).toBeVisible();
    await expectAccessible(s.page, 'notifications');
  }
  await a.page.goto('/topics?kind=idea&status=planned');
  await expect(a.page.getByRole('link', { name: idea })).toBeVisible();
  await expectAccessible(a.page, 'planned ideas listing');
  for (const s of [a, voter, manager]) await s.context.close();
});

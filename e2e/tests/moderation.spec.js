// Moderation in a real browser: a member writing an insult is nudged first and, posting it
// anyway, is held; the manager finds it in the queue masked behind a reveal control, reads it,
// and approves or hides it with a reason; the public log shows the action without the
// moderator's name. Members flag posts from the topic page. Every page passes axe-core.
const { test, expect } = require('@playwright/test');
const { expectAccessible, logIn, staffMenu } = require('./helpers');

async function as(browser, who, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await logIn(page, `${who}@demo.chorus.test`, `demo-${who}-pass`);
  return { page, context };
}

const INSULT = 'You are a stupid fucking idiot, shut up and fix the export.';

test('nudged, held, then settled from the moderation queue', async ({ browser }) => {
  const m = await as(browser, 'member');
  await m.page.goto('/topics?kind=question');
  await m.page.locator('.topic-list a').first().click();
  const topicUrl = m.page.url();
  await m.page.getByLabel('Reply', { exact: true }).fill(INSULT);
  await m.page.getByRole('button', { name: 'Post reply' }).click();
  // The nudge comes first and keeps the text; nothing is posted yet.
  const nudge = m.page.locator('#nudge');
  await expect(nudge).toContainText('Before you post');
  await expect(m.page.getByLabel('Reply', { exact: true })).toHaveValue(INSULT);
  await expectAccessible(m.page, 'reply form with a nudge');
  await m.page.getByRole('button', { name: 'Post reply' }).click();
  await expect(m.page.getByRole('status')).toContainText('held');
  await expect(m.page.locator('.reply', { hasText: 'shut up and fix the export' }).locator('.badge.held')).toBeVisible();
  await m.context.close();

  // Other members do not see it.
  const anon = await browser.newContext();
  const anonPage = await anon.newPage();
  await anonPage.goto(topicUrl);
  await expect(anonPage.locator('body')).not.toContainText('shut up and fix the export');

  // The manager's queue: masked text, the author's record, actions with a reason.
  const mgr = await as(browser, 'manager');
  await staffMenu(mgr.page);
  await mgr.page.getByRole('link', { name: 'Moderation', exact: true }).click();
  await expect(mgr.page.getByRole('heading', { name: 'Moderation', level: 1 })).toBeVisible();
  const item = mgr.page.locator('article.mod-item', { hasText: 'Mia Member' });
  await expect(item).toBeVisible();
  const shield = item.locator('details.shield');
  await expect(shield.locator('.post-body')).toBeHidden();
  await expectAccessible(mgr.page, 'moderation queue');
  await mgr.page.screenshot({ path: 'test-results/moderation-queue.png', fullPage: true });
  await shield.locator('summary').click();
  await expect(shield.locator('.post-body')).toContainText('shut up and fix the export');
  await expect(item).toContainText("Author's record");
  await item.getByLabel('Approve', { exact: true }).check();
  await item.getByLabel(/^Reason/).fill('Heated, but about the export bug');
  await item.getByRole('button', { name: /Apply/ }).click();
  await expect(mgr.page.getByRole('status')).toContainText('Approve: done');
  await expect(mgr.page.locator('article.mod-item', { hasText: 'Mia Member' })).toHaveCount(0);

  // The demo's held insult by another member is hidden, with a reason.
  const rex = mgr.page.locator('article.mod-item', { hasText: 'Rex Ranter' });
  await rex.getByLabel('Hide', { exact: true }).check();
  await rex.getByLabel(/^Reason/).fill('Insults the team');
  await rex.getByRole('button', { name: /Apply/ }).click();
  await expect(mgr.page.getByRole('status')).toContainText('Hide: done');

  // Approved: everyone sees the reply now.
  await anonPage.goto(topicUrl);
  await expect(anonPage.locator('body')).toContainText('shut up and fix the export');

  // The public log: actions and reasons, never the moderator's name.
  await anonPage.goto('/moderation/log');
  await expect(anonPage.locator('table')).toContainText('Heated, but about the export bug');
  await expect(anonPage.locator('table')).toContainText('Insults the team');
  await expect(anonPage.locator('main')).not.toContainText('Morgan Manager');
  await expectAccessible(anonPage, 'public moderation log');
  await mgr.page.goto('/moderation/log');
  await expect(mgr.page.locator('table')).toContainText('Morgan Manager');
  await anon.close();
  await mgr.context.close();
});

test('members flag a post; filters pass the Scunthorpe list', async ({ browser }) => {
  const m = await as(browser, 'member');
  await m.page.goto('/topics?kind=praise');
  const links = await m.page.locator('.topic-list a').evaluateAll((as) => as.map((a) => a.href));
  // The first praise topic written by someone else.
  let flag;
  for (const href of links) {
    await m.page.goto(href);
    flag = m.page.locator('.topic-actions details.flag');
    if (await flag.count()) break;
  }
  await flag.locator('summary').click();
  await expectAccessible(m.page, 'topic page with an open flag form');
  await flag.getByLabel('Off-topic').check();
  await flag.getByRole('button', { name: 'Send flag' }).click();
  await expect(m.page.getByRole('status')).toContainText(/Thank you|already flagged/);
  await m.context.close();

  const mgr = await as(browser, 'manager');
  await mgr.page.goto('/moderation/filters');
  await expectAccessible(mgr.page, 'word filters');
  await mgr.page.getByLabel('Text to check').fill('Scunthorpe classic smartwatch, what an idiot');
  await mgr.page.getByRole('button', { name: 'Check' }).click();
  const result = mgr.page.locator('ul[role="status"]');
  await expect(result).toContainText('“idiot” matches');
  await expect(result).not.toContainText('Scunthorpe');
  await mgr.context.close();
});

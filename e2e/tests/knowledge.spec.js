// Deflection and the knowledge base in a real browser: while a member types a new topic
// title, answers that mean the same thing appear (htmx); opening one and saying it solved the
// problem posts nothing. Without JavaScript the "check for existing answers" step does the
// same. Search highlights matches; a manager publishes a promoted draft from the review
// queue. Every page on the way passes an axe-core check.
const { test, expect } = require('@playwright/test');
const { expectAccessible, logIn } = require('./helpers');

async function as(browser, who, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await logIn(page, `${who}@demo.chorus.test`, `demo-${who}-pass`);
  return { page, context };
}

test('suggestions while typing, opened, and marked as solving the problem', async ({ browser }) => {
  const m = await as(browser, 'member');
  await m.page.goto('/new');
  const suggestions = m.page.locator('#suggestions');
  // A paraphrase: no word in common with "Login fails since version 3.2".
  await m.page.getByLabel('Title').pressSequentially("can't sign in after update", { delay: 20 });
  await expect(suggestions.getByRole('heading', { name: 'These answers may solve it already' })).toBeVisible();
  const links = suggestions.getByRole('link');
  await expect(links.first()).toBeVisible();
  expect(await links.count()).toBeLessThanOrEqual(5);
  await expect(suggestions).toContainText(/sign-in problems|Login fails|Can't sign in/i);
  await expect(suggestions.locator('mark').first()).toBeVisible();
  await expectAccessible(m.page, 'new topic form with suggestions');
  await m.page.screenshot({ path: 'test-results/deflection-suggestions.png', fullPage: true });

  await links.first().click();
  await expect(m.page).toHaveURL(/draft=d_/);
  await m.page.getByRole('button', { name: /This solves my problem/ }).click();
  await expect(m.page.getByRole('status')).toContainText('Glad this answered it');
  await m.context.close();

  // The opened and solved events are in the deflection report.
  const a = await as(browser, 'agent');
  const token = await (await a.page.request.post('/api/v1/tokens', {
    data: { email: 'agent@demo.chorus.test', password: 'demo-agent-pass' },
  })).json();
  const report = await (await a.page.request.get('/api/v1/reports/deflection', {
    headers: { Authorization: `Bearer ${token.token}` },
  })).json();
  expect(report.solved).toBeGreaterThanOrEqual(1);
  expect(report.rate).toBeGreaterThan(0);
  await a.context.close();
});

test('without JavaScript the form checks for answers on request', async ({ browser }) => {
  const m = await as(browser, 'member', { javaScriptEnabled: false });
  await m.page.goto('/new');
  await m.page.getByLabel('Title').fill('charged twice, want my money back');
  await m.page.getByRole('button', { name: 'Check for existing answers' }).click();
  await expect(m.page.getByRole('heading', { name: 'These answers may solve it already' })).toBeVisible();
  await expect(m.page.locator('#suggestions')).toContainText('How refunds work');
  // What was typed is kept, and nothing was posted.
  await expect(m.page.getByLabel('Title')).toHaveValue('charged twice, want my money back');
  // (axe needs JavaScript in the page; the same markup is checked in the test above.)
  await m.context.close();
});

test('search highlights, the knowledge base and the review queue', async ({ browser }) => {
  const v = await browser.newContext();
  const page = await v.newPage();
  await page.goto('/search?q=refund');
  await expect(page.getByRole('heading', { name: /Results/ })).toBeVisible();
  await expect(page.locator('.search-hit mark').first()).toBeVisible();
  await expectAccessible(page, 'search results');
  // Typos and stems: "refnds" still finds refunds.
  await page.getByLabel('Search for').fill('refnds');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(page.getByRole('link', { name: 'How refunds work' })).toBeVisible();

  await page.goto('/kb');
  await expectAccessible(page, 'knowledge base');
  await page.getByRole('link', { name: 'How refunds work' }).click();
  await expect(page.getByRole('heading', { name: 'Was this helpful?' })).toBeVisible();
  await expectAccessible(page, 'article');
  await page.getByRole('button', { name: 'Yes' }).click();
  await expect(page.getByRole('status')).toContainText('Thank you');
  await v.close();

  // The demo promoted an answered topic to a draft; a manager publishes it from the queue.
  const mgr = await as(browser, 'manager');
  await mgr.page.goto('/kb/review');
  await expectAccessible(mgr.page, 'review queue');
  const row = mgr.page.getByRole('row', { name: /Login fails since version 3.2/ });
  await row.getByRole('button', { name: /Publish/ }).click();
  await expect(mgr.page.getByRole('status')).toContainText('Published');
  await mgr.page.goto('/kb');
  await expect(mgr.page.getByRole('link', { name: 'Login fails since version 3.2' })).toBeVisible();
  await mgr.context.close();
});

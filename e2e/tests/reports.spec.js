// The reports dashboard in a real browser on the demo data: key figures and inline SVG charts
// with data tables; changing the period, the granularity and a filter updates them; a CSV
// export downloads; the page passes axe-core and is screenshotted for people to judge.
const { test, expect } = require('@playwright/test');
const { expectAccessible, logIn, staffMenu } = require('./helpers');

test('dashboard: period, granularity and a filter; charts, tables and CSV', async ({ page }) => {
  await logIn(page, 'manager@demo.chorus.test', 'demo-manager-pass');
  await staffMenu(page);
  await page.getByRole('link', { name: 'Reports', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  const charts = page.locator('svg.chart');
  await expect(charts).toHaveCount(4);
  await expect(page.locator('#chart-volume-t')).toHaveText(/Mentions per day/);
  const mentions = page.locator('.kpi')
    .filter({ has: page.locator('.kpi-label', { hasText: /^Mentions$/ }) })
    .locator('.kpi-value');
  // Figures are grouped for the reader (1,234): read the digits.
  const count = async () => Number((await mentions.textContent()).replace(/\D/g, ''));
  const before = await count();
  expect(before).toBeGreaterThan(0);
  await expectAccessible(page, 'reports dashboard');
  await page.screenshot({ path: 'test-results/reports-dashboard.png', fullPage: true });

  // The last seven days, per week.
  const today = new Date();
  const weekAgo = new Date(today.getTime() - 7 * 24 * 3600 * 1000);
  await page.getByLabel('From', { exact: true }).fill(weekAgo.toISOString().slice(0, 10));
  await page.getByLabel('Per', { exact: true }).selectOption('week');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.locator('#chart-volume-t')).toHaveText(/Mentions per week/);
  await expect(page.getByLabel('Per', { exact: true })).toHaveValue('week');

  // A channel filter narrows the figures.
  await page.getByLabel('Channel', { exact: true }).selectOption('mastodon');
  await page.getByRole('button', { name: 'Update' }).click();
  await expect(page.getByLabel('Channel', { exact: true })).toHaveValue('mastodon');
  const narrowed = await count();
  expect(narrowed).toBeLessThanOrEqual(before);
  // Each chart has its data table.
  const volume = page.locator('section.report-chart').first();
  await volume.locator('summary').click();
  await expect(volume.locator('table')).toBeVisible();
  await expectAccessible(page, 'filtered dashboard with a data table open');
  await page.screenshot({ path: 'test-results/reports-filtered.png', fullPage: true });

  // CSV export of the same view.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    volume.getByRole('link', { name: /CSV/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('chorus-volume.csv');
});

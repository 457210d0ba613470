// Listening in a real browser: the demo hub's week of mentions with a checkout outage. An
// agent filters the stream, opens a mention, finds the spiking theme and marks it as being
// fixed; an admin adds a webhook source. Every page passes an axe-core check.
const { test, expect } = require('@playwright/test');
const { expectAccessible, logIn, staffMenu } = require('./helpers');

test.describe.configure({ mode: 'serial' });

test('the stream, its filters and a mention with its signals', async ({ page }) => {
  await logIn(page, 'agent@demo.chorus.test', 'demo-agent-pass');
  await staffMenu(page);
  await page.getByRole('link', { name: 'Listening', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Listening', level: 1 })).toBeVisible();
  await expect(page.locator('.notice.warn')).toContainText('Spikes');
  const list = page.getByRole('list', { name: 'Mentions, newest first' });
  await expect(list.locator('li.mention').first()).toBeVisible();
  await expectAccessible(page, 'listening page');

  // Without JavaScript the filter form is a plain GET; with it, the same.
  await page.getByLabel('Sentiment').selectOption('negative');
  await page.getByLabel('Intent').selectOption('complaint');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page).toHaveURL(/sentiment=negative/);
  const items = list.locator('li.mention');
  await expect(items.first()).toBeVisible();
  const n = await items.count();
  for (let i = 0; i < n; i++) {
    await expect(items.nth(i).locator('.chip').first()).toHaveText('negative');
  }
  await expectAccessible(page, 'filtered stream');

  await items.first().locator('a time').click();
  await expect(page.getByRole('heading', { name: /mention by/ })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Signals' })).toBeVisible();
  await expectAccessible(page, 'mention detail');
});

test('a spiking theme is acknowledged, then marked as being fixed', async ({ page }) => {
  await logIn(page, 'agent@demo.chorus.test', 'demo-agent-pass');
  await page.goto('/listen/themes');
  await expect(page.getByRole('heading', { name: 'Themes', level: 1 })).toBeVisible();
  await expectAccessible(page, 'themes');
  const spiking = page.locator('tr', { has: page.locator('.badge.spike') }).first();
  await expect(spiking).toBeVisible();
  await spiking.getByRole('link').first().click();
  await expect(page.getByRole('heading', { name: 'Spikes' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/checkout|502|error/i);
  await expectAccessible(page, 'theme page');
  await page.getByRole('combobox', { name: 'Status' }).selectOption('fixing');
  await page.getByLabel('Note for colleagues').fill('Payments team is rolling back the release.');
  await page.getByRole('button', { name: 'Save status' }).click();
  await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('fixing');
  await page.goto('/listen/themes?status=fixing');
  await expect(page.locator('tbody tr')).toHaveCount(1);
});

test('an admin adds a webhook source and sees where to send', async ({ page }) => {
  await logIn(page, 'admin@demo.chorus.test', 'demo-admin-pass');
  await page.goto('/admin/sources');
  await expect(page.getByRole('heading', { name: 'Sources', level: 1 })).toBeVisible();
  await expectAccessible(page, 'sources');
  await page.getByLabel('Add a source on').selectOption('webhook');
  await page.getByRole('button', { name: 'Add source' }).click();
  await expectAccessible(page, 'new source form');
  await page.getByLabel('Name').fill('Status page relay');
  await page.getByRole('button', { name: 'Create source' }).click();
  await expect(page.locator('code', { hasText: '/ingest/webhook/' })).toBeVisible();
  await expect(page.locator('code.secret')).not.toBeEmpty();
  await expectAccessible(page, 'created source');
});

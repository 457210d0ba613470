// Engagement end to end: a manager schedules a town hall, a member asks and a second browser
// sees the question appear without reloading (server-sent events); the host answers live;
// the praise queue and the advocates list pass the accessibility checks.
const { test, expect } = require('@playwright/test');
const { expectAccessible, logIn } = require('./helpers');

function inputTime(ms) {
  // `datetime-local` value in UTC (the form says UTC).
  return new Date(ms).toISOString().slice(0, 16);
}

test('a town hall: scheduled, asked, updated live in another browser, answered', async ({ page, browser }) => {
  await logIn(page, 'manager@demo.chorus.test', 'demo-manager-pass');
  await page.goto('/events');
  await expect(page.getByRole('heading', { name: 'Town halls' })).toBeVisible();
  await expect(page.getByText('Ask the Sync team anything')).toBeVisible();
  await expectAccessible(page, 'town halls');
  await page.getByRole('link', { name: 'Schedule a town hall' }).click();
  const unique = `AMA ${Date.now()}`;
  await page.getByLabel('Title').fill(unique);
  await page.getByLabel('Starts (UTC)').fill(inputTime(Date.now() - 5 * 60_000));
  await page.getByLabel('Ends (UTC)').fill(inputTime(Date.now() + 60 * 60_000));
  await page.getByLabel('Product (optional)').fill('sync');
  await expectAccessible(page, 'schedule form');
  await page.getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(unique);
  await expect(page.getByText('Live now')).toBeVisible();
  const url = page.url();

  // A member asks in another browser; the manager's open page shows it without a reload.
  const member = await browser.newContext();
  const memberPage = await member.newPage();
  await logIn(memberPage, 'member@demo.chorus.test', 'demo-member-pass');
  await memberPage.goto(url);
  await expectAccessible(memberPage, 'town hall');
  const question = `Will offline sync keep my edits? ${Date.now()}`;
  await memberPage.getByLabel('Your question').fill(question);
  await memberPage.getByRole('button', { name: 'Ask', exact: true }).click();
  await expect(memberPage.getByText('Your question is in.')).toBeVisible();
  await expect(page.getByText(question)).toBeVisible({ timeout: 15_000 });

  // The host answers on the page; the member's page shows the official answer by itself.
  const item = page.locator('li.question', { hasText: question });
  await item.locator('details.action > summary').click();
  await item.getByLabel(/Official answer/).fill('Yes: edits made offline are kept and merged when you reconnect.');
  await item.getByRole('button', { name: 'Publish the answer' }).click();
  await expect(page.getByText('Answer published.')).toBeVisible();
  await expect(memberPage.getByText('edits made offline are kept')).toBeVisible({ timeout: 15_000 });
  await expectAccessible(page, 'town hall as host');

  // A calendar file for followers.
  const ics = await page.request.get(`${url}/calendar.ics`);
  expect(ics.headers()['content-type']).toContain('text/calendar');
  expect(await ics.text()).toContain(`SUMMARY:${unique}`);
  await member.close();
});

test('the praise queue and advocates are staff pages that pass the accessibility checks', async ({ page }) => {
  await logIn(page, 'manager@demo.chorus.test', 'demo-manager-pass');
  await page.goto('/engagement');
  await expect(page.getByRole('heading', { name: 'Praise worth answering' })).toBeVisible();
  await expectAccessible(page, 'praise queue');
  await page.getByRole('link', { name: 'advocates', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Advocates' })).toBeVisible();
  await expectAccessible(page, 'advocates');
});

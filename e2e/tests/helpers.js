// Shared steps: accessibility checks, form filling, reading e-mails from the hub's outbox.
const { expect } = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;
const fs = require('fs');
const path = require('path');

/** The axe-core rule tags of WCAG 2.2 levels A and AA (each version adds to the last). */
const WCAG22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

/** Fails with the list of WCAG 2.2 A/AA violations on the current page, if any. */
async function expectAccessible(page, label) {
  const results = await new AxeBuilder({ page })
    .withTags(WCAG22_AA)
    .analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary, `accessibility violations on ${label}`).toEqual([]);
}

/** Messages the hub wrote to its outbox (no SMTP relay is configured in the demo). */
function outboxMessages() {
  const dir = path.join(process.env.CHORUS_E2E_DATA_DIR, 'outbox');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).sort().map((f) => decodeQuotedPrintable(fs.readFileSync(path.join(dir, f), 'utf8')));
}

function decodeQuotedPrintable(text) {
  return text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
}

/** Waits until a message to `to` whose text matches `pattern` is in the outbox. */
async function waitForMail(to, pattern) {
  let found;
  await expect
    .poll(() => {
      found = outboxMessages().find((m) => m.includes(`To: ${to}`) && pattern.test(m));
      return Boolean(found);
    }, { timeout: 15_000, message: `mail to ${to} matching ${pattern}` })
    .toBe(true);
  return found;
}

async function logIn(page, email, password) {
  await page.goto('/login');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
}

/** As an admin (already signed in on `page`), adds a Mastodon source on the local stand-in. */
async function addStandinSource(page, name, query) {
  await page.goto('/admin/sources');
  await page.getByLabel('Add a source on').selectOption('mastodon');
  await page.getByRole('button', { name: 'Add source' }).click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Query').fill(query);
  await page.getByLabel('Server').fill(process.env.CHORUS_E2E_STANDIN);
  await page.getByLabel('Access token').fill('standin-token');
  await page.getByRole('button', { name: 'Create source' }).click();
  await expect(page.getByText(name).first()).toBeVisible();
}

/** Opens the header's "Staff tools" menu, where every staff page is listed. */
async function staffMenu(page) {
  await page.locator('details.nav-group > summary').click();
}

/** Presses Tab until `locator` has the focus (at most `max` times); fails if it never does. */
async function tabTo(page, locator, max = 80) {
  const handle = await locator.elementHandle();
  for (let i = 0; i < max; i += 1) {
    if (await handle.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not reach ${locator} with the Tab key`);
}

module.exports = { expectAccessible, waitForMail, logIn, tabTo, staffMenu, addStandinSource, WCAG22_AA };

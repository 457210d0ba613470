// Shared steps: accessibility checks, form filling, reading e-mails from the hub's outbox.
const { expect } = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;
const fs = require('fs');
const path = require('path');

/** Fails with the list of WCAG 2.1 A/AA violations on the current page, if any. */
async function expectAccessible(page, label) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
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

module.exports = { expectAccessible, waitForMail, logIn };

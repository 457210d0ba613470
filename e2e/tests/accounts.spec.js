// Accounts in a real browser: sign up, log out, log in, reset a password, admin pages,
// each page checked with axe-core.
const { test, expect } = require('@playwright/test');
const { expectAccessible, waitForMail, logIn, staffMenu } = require('./helpers');

const unique = Date.now();
const email = `dana.${unique}@example.com`;
const password = 'a long enough passphrase';

test.describe.configure({ mode: 'serial' });

test('sign up, log out and log in again', async ({ page }) => {
  await page.goto('/');
  await expectAccessible(page, 'home (anonymous)');
  await page.getByRole('link', { name: 'Sign up' }).first().click();
  await expect(page).toHaveURL(/\/signup$/);
  await expectAccessible(page, 'sign-up form');

  // Mistakes are explained next to each field, and the form stays accessible.
  await page.getByLabel('E-mail address').fill('not-an-address');
  await page.getByLabel('Your name').fill('Dana');
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('#email-error')).toBeVisible();
  await expect(page.locator('#password-error')).toContainText('10 characters');
  await expect(page.getByLabel('E-mail address')).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'sign-up form with errors');

  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('status')).toContainText('Welcome, Dana');
  await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Dana' })).toBeVisible();
  await expectAccessible(page, 'home (signed in)');

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('status')).toContainText('logged out');
  await expect(page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Log in' })).toBeVisible();

  await page.goto('/account');
  await expect(page).toHaveURL(/\/login\?next=%2Faccount$/);
  await expectAccessible(page, 'log-in form');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password').fill('wrong password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert')).toContainText('do not match');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole('heading', { name: 'Your account' })).toBeVisible();
  await expectAccessible(page, 'account page');

  // A token is shown once on the account page.
  await page.getByLabel('Token name').fill('browser test');
  await page.getByRole('button', { name: 'Create token' }).click();
  await expect(page.locator('#new-token')).toContainText('chorus_');
  await expectAccessible(page, 'account page with a new token');
});

test('reset a forgotten password by e-mail', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expectAccessible(page, 'reset request form');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toContainText('If an account uses');

  const mail = await waitForMail(email, /\/reset\//);
  const link = mail.match(/http:\/\/[^\s]+\/reset\/[A-Za-z0-9_-]+/)[0];
  await page.goto(link);
  await expectAccessible(page, 'new password form');
  await page.getByLabel('New password').fill('my renewed passphrase');
  await page.getByRole('button', { name: 'Save password' }).click();
  await expect(page.getByRole('status')).toContainText('password was changed');

  await page.getByRole('button', { name: 'Log out' }).click();
  await logIn(page, email, 'my renewed passphrase');
  await expect(page.getByRole('status')).toContainText('Welcome back');

  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('expired or was already used');
});

test('admins manage users; staff wear a badge', async ({ page }) => {
  await logIn(page, 'admin@demo.chorus.test', 'demo-admin-pass');
  await expect(page.locator('.badge.staff').first()).toBeVisible();
  await staffMenu(page);
  await page.getByRole('link', { name: 'Administration', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await expectAccessible(page, 'admin users');

  const row = page.getByRole('row').filter({ hasText: email });
  await row.getByLabel(/Role of/).selectOption('agent');
  await row.getByRole('button', { name: /Change/ }).click();
  await expect(page.getByRole('status')).toContainText('is now Agent');

  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('cell', { name: 'user.role_changed' }).first()).toBeVisible();
  await expectAccessible(page, 'audit log');
});

test('members are kept out of admin pages with a friendly page', async ({ page }) => {
  await logIn(page, 'member@demo.chorus.test', 'demo-member-pass');
  const resp = await page.goto('/admin/users');
  expect(resp.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await expectAccessible(page, '403 page');
  const missing = await page.goto('/no/such/page');
  expect(missing.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  await expectAccessible(page, '404 page');
});

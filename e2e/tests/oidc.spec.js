// Sign-in through an OpenID Connect provider in a real browser: the log-in page offers the
// configured provider, the hub sends the browser there with PKCE and a state, the provider's
// form signs the person in, and the hub creates the account on the first sign-in and finds
// it again on the next. The provider is the stand-in in crates/chorus-testkit (discovery,
// JWKS, token endpoint), started by playwright.config.js.
const { test, expect } = require('@playwright/test');
const { expectAccessible } = require('./helpers');

const provider = process.env.CHORUS_E2E_OIDC;

async function signInAtProvider(page, email, name) {
  await expect(page.getByRole('heading', { name: 'Sign in to the stand-in provider' })).toBeVisible();
  await page.getByLabel('E-mail', { exact: true }).fill(email);
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

test('a first sign-in through the provider creates the account, the next finds it', async ({ page, baseURL }) => {
  await page.goto('/login?next=/account');
  const button = page.getByRole('link', { name: 'Sign in with Stand-in ID' });
  await expect(button).toBeVisible();
  await expectAccessible(page, 'the log-in page with a sign-in provider');

  // Keyboard: the provider's button is reachable and works with Enter.
  await button.focus();
  await Promise.all([page.waitForURL((u) => u.origin === provider), page.keyboard.press('Enter')]);
  const authorize = new URL(page.url());
  expect(authorize.pathname).toBe('/authorize');
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('code_challenge')).toHaveLength(43);
  expect(authorize.searchParams.get('state')).toBeTruthy();
  expect(authorize.searchParams.get('redirect_uri')).toBe(`${baseURL}/auth/oidc/standin/callback`);

  await signInAtProvider(page, 'ines.oidc@example.com', 'Ines Oidc');
  await expect(page).toHaveURL(`${baseURL}/account`);
  await expect(page.getByText('Welcome, Ines Oidc! Your account is ready.')).toBeVisible();
  await expect(page.getByText('ines.oidc@example.com').first()).toBeVisible();

  // Log out, then sign in again: the same account, welcomed back.
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.goto('/login');
  await page.getByRole('link', { name: 'Sign in with Stand-in ID' }).click();
  await signInAtProvider(page, 'ines.oidc@example.com', 'Ines Oidc');
  await expect(page.getByText('Welcome back, Ines Oidc.')).toBeVisible();
});

test('cancelling at the provider explains what happened', async ({ page }) => {
  await page.goto('/login');
  await page.getByRole('link', { name: 'Sign in with Stand-in ID' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('alert')).toContainText('did not sign you in');
  await expect(page.getByRole('link', { name: 'Sign in with Stand-in ID' })).toBeVisible();
  await expectAccessible(page, 'the log-in page after a cancelled sign-in');
});

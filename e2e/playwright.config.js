// Browser tests against a real `chorus serve --demo` on loopback, in Debian's Chromium.
// Never downloads a browser: the executable comes from CHROMIUM_PATH or /usr/bin/chromium.
const { defineConfig } = require('@playwright/test');
const os = require('os');
const path = require('path');
const fs = require('fs');

const port = Number(process.env.CHORUS_E2E_PORT || 18765);
// The local Mastodon stand-in (crates/chorus-testkit) that triage tests post to and read from.
const standinPort = Number(process.env.CHORUS_E2E_STANDIN_PORT || 18766);
// A page of another site (served by the widget test itself) that embeds the community widget.
const shopPort = Number(process.env.CHORUS_E2E_SHOP_PORT || 18767);
process.env.CHORUS_E2E_SHOP = `http://localhost:${shopPort}`;
process.env.CHORUS_E2E_STANDIN = `http://127.0.0.1:${standinPort}`;
// The local OpenID Connect provider (crates/chorus-testkit) the hub offers sign-in through.
const oidcPort = Number(process.env.CHORUS_E2E_OIDC_PORT || 18768);
process.env.CHORUS_E2E_OIDC = `http://127.0.0.1:${oidcPort}`;
const root = path.resolve(__dirname, '..');
const binary = process.env.CHORUS_BIN || path.join(root, 'target', 'debug', 'chorus');
const standin = process.env.CHORUS_STANDIN_BIN || path.join(root, 'target', 'debug', 'chorus-standin');
// One fresh data directory per run; the tests read the mail outbox from it.
const dataDir = process.env.CHORUS_E2E_DATA_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'chorus-e2e-'));
process.env.CHORUS_E2E_DATA_DIR = dataDir;

module.exports = defineConfig({
  testDir: './tests',
  timeout: 60_000,
  retries: 0,
  workers: 1,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ],
    },
  },
  webServer: [{
    command: `"${standin}" mastodon --listen 127.0.0.1:${standinPort}`,
    url: `http://127.0.0.1:${standinPort}/_standin/requests`,
    timeout: 30_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  }, {
    command: `"${standin}" oidc --listen 127.0.0.1:${oidcPort}`,
    url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
    timeout: 30_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  }, {
    command: `"${binary}" serve --demo --listen 127.0.0.1:${port} --data-dir "${dataDir}"`,
    url: `http://127.0.0.1:${port}/readyz`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      ...process.env, RUST_LOG: 'warn', CHORUS_DATABASE_URL: '',
      CHORUS_EMBED__ALLOWED_ORIGINS: process.env.CHORUS_E2E_SHOP,
      CHORUS_EMBED__GUEST_QUESTIONS: 'true',
      // The stand-in's client (chorus_testkit::oidc::CLIENT_ID / CLIENT_SECRET).
      CHORUS_OIDC__PROVIDERS__STANDIN__NAME: 'Stand-in ID',
      CHORUS_OIDC__PROVIDERS__STANDIN__ISSUER: process.env.CHORUS_E2E_OIDC,
      CHORUS_OIDC__PROVIDERS__STANDIN__CLIENT_ID: 'chorus-hub',
      CHORUS_OIDC__PROVIDERS__STANDIN__CLIENT_SECRET: 's3cret: with spaces & symbols',
    },
  }],
});

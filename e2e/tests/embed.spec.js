// The community widget on a page of another site: one <script> tag on a shop page served from
// another origin shows the product's questions with answers, suggests answers while the
// visitor types, hands "Ask the community" over to the hub, keeps the host page's styles out,
// and passes axe inside its shadow root.
const { test, expect } = require('@playwright/test');
const http = require('http');
const { expectAccessible, waitForMail } = require('./helpers');

const shop = process.env.CHORUS_E2E_SHOP;
let server;

test.beforeAll(async ({ baseURL }) => {
  // Hostile host styles: if they reached into the widget, its list would vanish.
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Shop</title>
<style>li { display: none !important; } h2 { color: #fff !important; } body { font-family: serif; }</style></head>
<body><main><h1>Acme Sync for phones</h1><p>Buy it now.</p>
<script src="${baseURL}/embed.js" data-product="mobile" async></script></main></body></html>`;
  // The same shop in German: the widget follows the page's language.
  const german = html.replace('<html lang="en">', '<html lang="de">');
  server = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url.startsWith('/de') ? german : html);
  });
  await new Promise((resolve) => server.listen(Number(new URL(shop).port), 'localhost', resolve));
});

test.afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

test('the widget shows answers on another site and hands questions to the hub', async ({ page, baseURL }) => {
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).origin));
  await page.goto(shop);
  const widget = page.locator('chorus-community');
  await expect(widget.getByRole('heading', { name: 'Questions from the community' })).toBeVisible();
  const items = widget.getByRole('list').first().getByRole('listitem');
  await expect(items.first()).toBeVisible();
  expect(await items.count()).toBeGreaterThan(0);

  // Keyboard: the search box is reachable by Tab and labelled.
  const search = widget.getByLabel('Search for an answer');
  await search.focus();
  await page.keyboard.type('sync stopped');
  await expect(widget.getByRole('list', { name: 'Suggested answers' }).getByRole('listitem').first()).toBeVisible();
  await expect(widget.getByRole('status')).toContainText('may help');
  await expectAccessible(page, 'a shop page with the widget');

  // "Ask the community" opens the hub's compose form with the question and the product.
  const popup = page.waitForEvent('popup');
  await widget.getByRole('button', { name: 'Ask the community' }).click();
  const hub = await popup;
  await hub.waitForLoadState();
  expect(hub.url().startsWith(baseURL)).toBe(true);

  // Only the shop and the hub were contacted.
  const origins = new Set(requests);
  for (const o of origins) expect([shop, baseURL]).toContain(o);
});

test('the widget speaks the language of the page it is on', async ({ page }) => {
  await page.goto(`${shop}/de`);
  const widget = page.locator('chorus-community');
  await expect(widget.getByRole('heading', { name: 'Fragen aus der Community' })).toBeVisible();
  await widget.getByLabel('Nach einer Antwort suchen').fill('sync stopped');
  await expect(widget.getByRole('status')).toContainText('könnte');
  await expect(widget.getByRole('button', { name: 'Die Community fragen' })).toBeVisible();
  await expectAccessible(page, 'a German shop page with the widget');
});

test('a visitor without an account asks from the widget and publishes by the mailed link', async ({ page, baseURL }) => {
  await page.goto(shop);
  const widget = page.locator('chorus-community');
  const question = 'Can I export my sync log as a spreadsheet?';
  await widget.getByLabel('Search for an answer').fill(question);
  const popup = page.waitForEvent('popup');
  await widget.getByRole('button', { name: 'Ask the community' }).click();
  const hub = await popup;
  await expect(hub.getByRole('heading', { name: 'Ask the community' })).toBeVisible();
  await expect(hub.getByLabel('Title')).toHaveValue(question);
  await expectAccessible(hub, 'the guest question form');
  await hub.getByLabel('Details').fill('I need the log in a spreadsheet for our monthly report. Is there an export?');
  await hub.getByLabel('Your name').fill('Gus Guest');
  await hub.getByLabel('E-mail address').fill('gus.guest@example.com');
  await hub.getByRole('button', { name: 'Send me the link' }).click();
  await expect(hub.getByRole('status')).toContainText('gus.guest@example.com');

  const mail = await waitForMail('gus.guest@example.com', /ask\/confirm\//);
  const link = mail.match(/https?:\/\/\S+\/ask\/confirm\/[A-Za-z0-9_-]+/)[0];
  expect(link.startsWith(baseURL)).toBe(true);
  await hub.goto(link);
  await hub.getByRole('button', { name: 'Publish my question' }).click();
  await expect(hub.getByRole('heading', { level: 1, name: question })).toBeVisible();
  await expect(hub.getByText('Gus Guest').first()).toBeVisible();
});

// The crawl: as each demo role, every page reachable from the home page by following links,
// at a desktop (1280 px) and a phone (375 px) width, has no WCAG 2.2 A/AA violation that
// axe-core finds and never scrolls sideways — nor at the narrowest phone (320 px) or a wide
// screen (1920 px), where only the fit is measured. Pages are grouped by their route (numbers in the
// path stand for any id) so one topic stands for all topics; the rest of the suite tests what
// the pages do, this tests that every one of them can be read and used.
const { test, expect } = require('@playwright/test');
const AxeBuilder = require('@axe-core/playwright').default;
const { logIn, WCAG22_AA } = require('./helpers');

const ROLES = ['anonymous', 'member', 'agent', 'manager', 'admin'];
const WIDTHS = [1280, 375];
// Widths where only sideways scrolling is measured (the page is resized, not reloaded).
const FIT_WIDTHS = [320, 1920];
// Not pages: feeds, exports, files, sign-in hand-offs to another site, one-time links, and
// links that act when followed (they mark read, open and count, or need a token).
const SKIP = [
  /^\/static\//, /^\/api\//, /\.atom$/, /\.csv$/, /\.ics$/, /^\/auth\//, /^\/reset\//,
  /^\/csat\//, /^\/notifications\/\d+\/open$/, /^\/deflect\//, /^\/embed/, /^\/metrics/,
  /^\/healthz/, /^\/readyz/, /^\/ask\/confirm/, /\/live$/,
];
const MAX_PAGES = 120;

/** The route a path belongs to: `/t/42/history` → `/t/:id/history`. */
function shape(url) {
  const u = new URL(url);
  return u.pathname.replace(/\/\d+(?=\/|$)/g, '/:id') + (u.searchParams.has('view') ? `?view=${u.searchParams.get('view')}` : '');
}

async function links(page, origin) {
  const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
  return hrefs
    .map((h) => { try { return new URL(h); } catch { return null; } })
    .filter((u) => u && u.origin === origin && !SKIP.some((re) => re.test(u.pathname)))
    .map((u) => { u.hash = ''; return u.toString(); });
}

async function check(page, url, width, role) {
  const problems = [];
  await page.setViewportSize({ width, height: 900 });
  const resp = await page.goto(url, { waitUntil: 'load' });
  const status = resp ? resp.status() : 0;
  if (status >= 400 && status !== 403 && status !== 404) problems.push(`${url} answered ${status}`);
  const results = await new AxeBuilder({ page }).withTags(WCAG22_AA).analyze();
  for (const v of results.violations) {
    problems.push(`${role} ${width}px ${url}: ${v.id} (${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')})`);
  }
  problems.push(...await fits(page, url, width, role));
  return problems;
}

async function fits(page, url, width, role) {
  const problems = [];
  await page.setViewportSize({ width, height: 900 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  if (overflow > 0) {
    const wide = await page.evaluate(() => {
      const w = document.documentElement.clientWidth;
      const el = [...document.querySelectorAll('body *')].find((e) => e.getBoundingClientRect().right > w + 1);
      return el ? `${el.tagName.toLowerCase()}.${el.className}` : '?';
    });
    problems.push(`${role} ${width}px ${url}: scrolls sideways by ${overflow}px (${wide})`);
  }
  return problems;
}

for (const role of ROLES) {
  test(`crawl as ${role}: every reachable page is accessible at 1280 and 375 px and fits from 320 to 1920 px`, async ({ page, baseURL }) => {
    test.setTimeout(600_000);
    if (role !== 'anonymous') await logIn(page, `${role}@demo.chorus.test`, `demo-${role}-pass`);
    const origin = new URL(baseURL).origin;
    const seen = new Set();
    const queue = [`${origin}/`];
    const problems = [];
    let visited = 0;
    while (queue.length && visited < MAX_PAGES) {
      const url = queue.shift();
      const key = shape(url);
      if (seen.has(key)) continue;
      seen.add(key);
      visited += 1;
      for (const width of WIDTHS) {
        problems.push(...await check(page, url, width, role));
      }
      for (const width of FIT_WIDTHS) {
        problems.push(...await fits(page, url, width, role));
      }
      // Links are read at the desktop width, where every navigation item is visible.
      await page.setViewportSize({ width: 1280, height: 900 });
      for (const next of await links(page, origin)) {
        if (!seen.has(shape(next))) queue.push(next);
      }
    }
    console.log(`${role}: ${visited} pages (${[...seen].sort().join(' ')})`);
    expect(visited, 'pages crawled').toBeGreaterThan(role === 'anonymous' ? 8 : 12);
    expect(problems, `${problems.length} problems`).toEqual([]);
  });
}

test('the header fits on one line at 1024 px, and on a phone a full-width menu opens from a button', async ({ browser }) => {
  for (const lang of ['en', 'de', 'fr', 'es']) {
    // The context's locale is the browser's Accept-Language.
    const context = await browser.newContext({ locale: lang });
    const page = await context.newPage();
    // The log-in form is in the context's language too: fill it by field, not by label.
    await page.goto('/login');
    await page.locator('#email').fill('admin@demo.chorus.test');
    await page.locator('#password').fill('demo-admin-pass');
    await page.locator('main form button[type="submit"]').click();
    await expect(page.locator('.user-nav')).toContainText('Alex Admin');
    await page.setViewportSize({ width: 1024, height: 800 });
    await page.goto('/');
    await expect(page.locator('html')).toHaveAttribute('lang', lang);
    // One line: every item's vertical extent overlaps every other's.
    const boxes = await page.$$eval('.site-header .brand, .site-nav > ul > li', (els) => els.map((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, text: e.textContent.trim().slice(0, 20) };
    }));
    const lowestTop = Math.max(...boxes.map((b) => b.top));
    const highestBottom = Math.min(...boxes.map((b) => b.bottom));
    expect(lowestTop, `${lang}: header wraps (${JSON.stringify(boxes)})`).toBeLessThan(highestBottom);
    for (const width of [320, 1920]) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${lang} at ${width}px`).toBe(0);
    }
    await context.close();
  }

  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await logIn(page, 'admin@demo.chorus.test', 'demo-admin-pass');
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/');
  const button = page.getByRole('button', { name: 'Menu' });
  await expect(button).toBeVisible();
  await expect(page.getByRole('link', { name: 'Knowledge base' })).toBeHidden();
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  const menu = page.locator('#site-menu');
  await expect(menu).toBeVisible();
  const box = await menu.boundingBox();
  expect(box.width).toBeGreaterThan(375 - 40);
  await page.getByText('Staff tools').click();
  await page.getByRole('link', { name: 'Moderation', exact: true }).click();
  await expect(page).toHaveURL(/\/moderation$/);
  await context.close();
});

// End-to-end tests of `whosaid serve` in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core; no browser is downloaded). Ingests the founding example and a
// hostile article into a fresh store, starts the server on a free loopback port, then
// checks the article, speaker, search and analyze pages, and that no injected script runs.
// Screenshots go to tests/e2e/screenshots/. Prints "N passed, N failed"; exits non-zero
// on any failure.
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const bin = process.env.WHOSAID_BIN || join(root, 'target', 'release', 'whosaid');
const shots = join(here, 'screenshots');
mkdirSync(shots, { recursive: true });

function freePort() {
  return new Promise((res, rej) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); });
    s.on('error', rej);
  });
}

const results = [];
async function check(name, fn) {
  try { await fn(); results.push([name, true]); console.log(`ok   ${name}`); }
  catch (e) { results.push([name, false]); console.log(`FAIL ${name}: ${e.message}`); }
}
function assert(cond, msg) { if (!cond) throw new Error(msg); }

const dir = mkdtempSync(join(tmpdir(), 'whosaid-e2e-'));
const db = join(dir, 'w.db');
const hostile = join(dir, 'hostile.jsonl');
writeFileSync(hostile, JSON.stringify({
  url: 'https://evil.example/xss',
  text: "<script>alert('title')</script> Evil <img src=x onerror=alert(1)>\n\n" +
        "“<img src=x onerror=alert(2)> We will win,” said Jane <b onmouseover=alert(3)>Doe</b>.\n\n" +
        "Click <a href=\"javascript:alert(4)\">here</a>; '; DROP TABLE quotes; -- said Robert Tables.",
  published: '2022-02-02', site: '<svg onload=alert(5)>'
}) + '\n');
execFileSync(bin, ['--db', db, 'ingest', '-q', join(root, 'examples', 'putin-nato-2022.html'), hostile], { stdio: 'inherit' });

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server = spawn(bin, ['--db', db, 'serve', '--addr', `127.0.0.1:${port}`], { stdio: ['ignore', 'inherit', 'inherit'] });
for (let i = 0; i < 100; i++) {
  try { const r = await fetch(base + '/'); if (r.ok) break; } catch { /* not up yet */ }
  await new Promise(r => setTimeout(r, 100));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
         '--disable-component-update', '--no-first-run', '--disable-sync'],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
const dialogs = [];
page.on('dialog', async d => { dialogs.push(d.message()); await d.dismiss(); });
const consoleErrors = [];
page.on('pageerror', e => consoleErrors.push(e.message));

try {
  await check('home lists the example and its speaker', async () => {
    await page.goto(base + '/');
    assert(await page.getByRole('link', { name: 'Vladimir Putin' }).count() >= 1, 'no Vladimir Putin link');
    await page.screenshot({ path: join(shots, 'home.png'), fullPage: true });
  });

  await check('article page highlights and attributes the Putin quotes', async () => {
    await page.goto(base + '/');
    await page.getByRole('link', { name: /Putin says the West/ }).first().click();
    await page.waitForSelector('mark.q');
    const marks = await page.locator('mark.q[data-speaker="Vladimir Putin"]').count();
    assert(marks >= 7, `only ${marks} quotes marked for Putin`);
    const title = await page.locator('mark.q', { hasText: 'brought its holes to our house' }).getAttribute('title');
    assert(title && title.includes('Vladimir Putin') && title.includes('said'), `hover title: ${title}`);
    assert(await page.locator('.flags li').count() === 3, 'three role flags');
    assert(await page.locator('.chip', { hasText: 'Antony Blinken' }).count() === 1, 'entity chip with role');
    await page.screenshot({ path: join(shots, 'article.png'), fullPage: false });
  });

  await check('the speaker link leads to the speaker page with a timeline', async () => {
    await page.locator('aside .speaker', { hasText: 'Vladimir Putin' }).first().click();
    await page.waitForSelector('h1');
    assert((await page.locator('h1').textContent()).trim() === 'Vladimir Putin', 'speaker heading');
    assert(await page.locator('svg.timeline').count() === 1, 'timeline chart');
    assert(await page.locator('.timeline-list li').count() >= 7, 'quotes in time order');
    await page.screenshot({ path: join(shots, 'speaker.png'), fullPage: true });
  });

  await check('search shows highlighted snippets', async () => {
    await page.locator('#q').fill('holes');
    await page.keyboard.press('Enter');
    await page.waitForSelector('ol.results');
    assert(await page.locator('.snippet mark', { hasText: 'holes' }).count() >= 1, 'no highlighted snippet');
    await page.screenshot({ path: join(shots, 'search.png'), fullPage: true });
  });

  await check('a pasted article is analysed on the spot', async () => {
    await page.goto(base + '/analyze');
    await page.locator('#text').fill('Talks resume\n\n“We are ready to talk,” Foreign Minister Anna Berg said on Monday.\n\nShe said that the talks would go on.');
    await page.getByRole('button', { name: 'Analyze' }).click();
    await page.waitForSelector('mark.q');
    assert(await page.locator('mark.q[data-speaker="Anna Berg"]').count() >= 1, 'pasted quote not attributed');
    await page.screenshot({ path: join(shots, 'analyze.png'), fullPage: true });
  });

  await check('hostile article renders, escaped, and runs no script', async () => {
    await page.goto(base + '/');
    await page.getByRole('link', { name: /Evil/ }).first().click();
    await page.waitForSelector('article h1');
    const h1 = await page.locator('article h1').textContent();
    assert(h1.includes("<script>alert('title')</script>"), `title shown as text: ${h1}`);
    assert(await page.locator('article img, article script, article b, article svg').count() === 0, 'markup from the text became elements');
    await page.goto(base + '/search?q=%22win%22');
    await page.waitForTimeout(300);
    assert(dialogs.length === 0, `a script ran: ${dialogs.join(', ')}`);
    await page.screenshot({ path: join(shots, 'hostile.png'), fullPage: true });
  });

  await check('checks: role flags, versions and copies pages', async () => {
    await page.goto(base + '/');
    await page.getByRole('link', { name: 'Role flags' }).click();
    await page.waitForSelector('h1');
    const flags = await page.locator('.flaglist li').allTextContents();
    assert(flags.length === 3, `three flags, got ${flags.length}`);
    assert(flags.some(f => f.includes('Boris Johnson') && f.includes('no President of United Kingdom')), 'Johnson flag');
    await page.getByRole('link', { name: 'Versions of a quote' }).click();
    await page.waitForSelector('h1');
    await page.getByRole('link', { name: 'Copies' }).click();
    await page.waitForSelector('table');
    await page.screenshot({ path: join(shots, 'flags.png'), fullPage: true });
  });

  await check('events: filter by type and actor', async () => {
    await page.goto(base + '/');
    await page.getByRole('link', { name: 'Events', exact: true }).click();
    await page.waitForSelector('table.events');
    await page.selectOption('#kind', 'CONSULT');
    await page.fill('#actor', 'Putin');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForSelector('table.events');
    const rows = await page.locator('table.events tbody tr').allTextContents();
    assert(rows.length >= 3, `Putin's consultations, got ${rows.length}`);
    assert(rows.every(r => r.includes('CONSULT')), 'only CONSULT rows');
    assert(rows.some(r => r.includes('Orban') && r.includes('HUN')), 'the meeting with Orban');
    await page.screenshot({ path: join(shots, 'events.png'), fullPage: true });
    // from an article to its events
    await page.getByRole('link', { name: /Putin says the West/ }).first().click();
    await page.getByRole('link', { name: 'Events in this article' }).click();
    await page.waitForSelector('table.events');
    const own = await page.locator('table.events tbody tr').count();
    assert(own >= 10, `the example's events, got ${own}`);
  });

  await check('quotes page: the CLI filters, a true total, one colour per speaker everywhere', async () => {
    await page.goto(base + '/');
    await page.getByRole('link', { name: 'Quotes', exact: true }).click();
    await page.waitForSelector('form.filters');
    await page.fill('form.filters input[name="speaker"]', 'Putin');
    await page.selectOption('form.filters select[name="kind"]', 'reported');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForSelector('p.count');
    const count = await page.locator('p.count').textContent();
    assert(/^\d+ quotes?/.test(count.trim()), `a count: ${count}`);
    const items = page.locator('ol.quotelist > li');
    assert(await items.count() >= 1, 'reported quotes by Putin');
    assert(await page.locator('ol.quotelist blockquote.reported-text').count() === await items.count(), 'reported speech without quotation marks');
    assert(await page.locator('form.filters input[name="speaker"]').inputValue() === 'Putin', 'the filter stays');
    const listColour = (await items.first().getAttribute('class')).split(' ').find(c => /^sp\d+$/.test(c));
    await page.screenshot({ path: join(shots, 'quotes.png'), fullPage: true });
    await page.goto(base + '/');
    await page.getByRole('link', { name: /Putin says the West/ }).first().click();
    const legend = page.locator('ul.legend li', { hasText: 'Vladimir Putin' });
    assert(await legend.count() === 1, 'Putin in the legend');
    assert((await legend.getAttribute('class')) === listColour, `one colour: ${listColour}`);
  });

  await check('speakers and articles lists sort and page', async () => {
    await page.goto(base + '/speakers?sort=name');
    await page.waitForSelector('table.list');
    const names = await page.locator('table.list tbody td:first-child a').allTextContents();
    assert(names.length >= 2, 'speakers listed');
    assert([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })).join('|') === names.join('|'), `sorted by name: ${names.join(', ')}`);
    await page.screenshot({ path: join(shots, 'speakers.png'), fullPage: true });
    await page.goto(base + '/articles?sort=quotes');
    const quotes = (await page.locator('table.list tbody td:last-child').allTextContents()).map(Number);
    assert(quotes.length === 2 && quotes[0] >= quotes[1], `most quoted first: ${quotes}`);
    await page.screenshot({ path: join(shots, 'articles.png'), fullPage: true });
  });

  await check('a 390 px phone: every page fits its width', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const articleId = (await (await fetch(base + '/api/articles?q=Putin')).json()).articles[0].id;
    const putinId = (await (await fetch(base + '/api/quotes?speaker=Vladimir%20Putin&limit=1')).json()).quotes[0].speaker_id;
    const pages = [['home', '/'], ['article', `/articles/${articleId}`], ['speaker', `/speakers/${putinId}`],
      ['quotes', '/quotes'], ['speakers', '/speakers'], ['articles', '/articles'], ['search', '/search?q=security'],
      ['variants', '/variants'], ['copies', '/copies'], ['events', '/events'], ['flags', '/flags'], ['analyze', '/analyze']];
    const wide = [];
    for (const [name, path] of pages) {
      await phone.goto(base + path);
      const width = await phone.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) wide.push(`${name} ${width}px`);
      await phone.screenshot({ path: join(shots, `${name}-390.png`), fullPage: false });
    }
    await phone.close();
    assert(wide.length === 0, `wider than the screen: ${wide.join(', ')}`);
  });

  await check('keyboard: quotes are focusable', async () => {
    await page.goto(base + '/');
    await page.getByRole('link', { name: /Putin says the West/ }).first().click();
    await page.locator('mark.q').first().focus();
    assert(await page.evaluate(() => document.activeElement?.tagName) === 'MARK', 'mark not focusable');
  });
} finally {
  await browser.close();
  server.kill('SIGTERM');
}
if (consoleErrors.length) console.log('page errors:', consoleErrors.join(' | '));
const passed = results.filter(r => r[1]).length;
const failed = results.length - passed;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);

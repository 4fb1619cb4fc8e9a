// Opens a graph.html in headless Chromium and checks it as a reader would: the page loads
// offline with no console error, a search for a name finds it, a click on the suggestion shows
// the entity's statements with their documents, a filter changes what is shown, and a
// screenshot is taken.
//
// usage: node check.mjs GRAPH.html SCREENSHOT.png [NAME] [EXPECTED_LABEL]
// Chromium: $CHROMIUM, else /usr/bin/chromium (Debian's `chromium` package). Exit 0 when
// every check passed; otherwise the failures are printed and the exit code is 1.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [html, shot, name = 'Lavrov', label = 'Sergey Lavrov'] = process.argv.slice(2);
if (!html || !shot) {
  console.error('usage: node check.mjs GRAPH.html SCREENSHOT.png [NAME] [EXPECTED_LABEL]');
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), 'newsgraph-chromium-'));
const errors = [];
const failures = [];
const check = (ok, what) => { if (!ok) failures.push(what); };
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] || await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  // Offline: any request that leaves the file is a failure (the page must be self-contained).
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
    errors.push(`network request: ${url}`);
    return route.abort();
  });
  const started = Date.now();
  await page.goto(pathToFileURL(resolve(html)).href);
  await page.waitForSelector('body[data-ready="1"]', { timeout: 120000 });
  const loadMs = Date.now() - started;
  const summary = await page.textContent('#summary');
  check(/entit/.test(summary || ''), `summary line: ${summary}`);

  await page.fill('#search', name);
  await page.waitForSelector('#suggestions li', { timeout: 10000 });
  const first = await page.textContent('#suggestions li');
  check((first || '').includes(label), `first suggestion for "${name}" is "${first}", not ${label}`);
  await page.click('#suggestions li');
  await page.waitForSelector('#details h2', { timeout: 10000 });
  const heading = await page.textContent('#details h2');
  check(heading === label, `details heading "${heading}"`);
  const sections = await page.$$eval('#details h3', (hs) => hs.map((h) => h.textContent));
  const said = sections.find((s) => s.startsWith(`Statements by ${label}`)) || '';
  const count = Number((said.match(/\((\d+)\)/) || [])[1] || 0);
  check(count > 0, `statements by ${label}: "${said}"`);
  const quotes = await page.$$eval('#details .quote', (qs) => qs.map((q) => q.textContent));
  check(quotes.length > 0 && quotes[0].length > 10, `quotes shown: ${quotes.length}`);
  const docsShown = await page.$$eval('#details .doc', (ds) => ds.map((d) => d.textContent));
  check(docsShown.length > 0 && docsShown[0].length > 3, 'documents shown with the statements');
  const selected = await page.evaluate(() => window.newsgraph.cy.$(':selected').map((n) => n.data('label')));
  check(selected.includes(label), `selected in the graph: ${selected}`);

  // A filter: the minimum degree hides nodes.
  const before = await page.textContent('#visible');
  await page.$eval('#degree', (r) => { r.value = '3'; r.dispatchEvent(new Event('input')); });
  const after = await page.textContent('#visible');
  check(before !== after, `minimum degree changes the view (${before} / ${after})`);
  await page.click('#reset');
  await page.evaluate((l) => {
    const i = window.newsgraph.data.nodes.findIndex((n) => n.l === l);
    window.newsgraph.select(i);
  }, label);
  await page.waitForTimeout(400);
  await page.screenshot({ path: shot });
  check(errors.length === 0, `no console errors: ${errors.join(' | ')}`);
  console.log(JSON.stringify({ html, screenshot: shot, load_ms: loadMs, statements: count, suggestion: first, failures }));
} catch (e) {
  failures.push(`exception: ${e && e.message ? e.message : e}`);
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}
if (failures.length) {
  console.error(`graph.html check failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}

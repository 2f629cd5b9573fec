// Opens a Chrome-trace JSON file in speedscope (from its npm package, over file://) in headless
// Chromium and checks that the profile loads: the page title becomes the file name, the thread
// lanes whose names contain LANE are listed, and no import error appears.
// Usage: node speedscope-check.mjs TRACE.json LANE   (run from a directory with the npm packages)
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [trace, lane] = process.argv.slice(2);
if (!trace || !lane) {
  console.error('usage: node speedscope-check.mjs TRACE.json LANE');
  process.exit(2);
}
const require = createRequire(path.join(process.cwd(), 'package.json'));
const { chromium } = require('playwright-core');
const index = path.join(path.dirname(require.resolve('speedscope/package.json')), 'dist/release/index.html');
const problems = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--allow-file-access-from-files'],
});
try {
  const page = await browser.newPage();
  page.on('dialog', async d => { problems.push(`dialog: ${d.message()}`); await d.dismiss(); });
  page.on('pageerror', e => problems.push(`page error: ${e.message}`));
  page.on('console', m => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  await page.goto(pathToFileURL(index).href);
  const before = await page.title();
  await page.setInputFiles('input[type=file]', trace);
  const name = path.basename(trace);
  await page.waitForFunction(n => document.title.includes(n), name, { timeout: 60000 });
  const body = await page.evaluate(() => document.body.innerText);
  const threads = await page.evaluate(() => {
    const names = [];
    for (const el of document.querySelectorAll('*')) {
      if (el.children.length === 0 && el.textContent) names.push(el.textContent.trim());
    }
    return names;
  });
  const lanes = [...new Set(threads.filter(t => t.includes(lane)))];
  console.log(`title: '${before}' -> '${await page.title()}'`);
  console.log(`lanes named *${lane}*: ${JSON.stringify(lanes)}`);
  if (lanes.length === 0) problems.push(`no lane named *${lane}* in the page: ${body.slice(0, 400)}`);
  if (/error|unrecognized|failed/i.test(body)) problems.push(`error text on the page: ${body.slice(0, 400)}`);
} finally {
  await browser.close();
}
if (problems.length) {
  console.error(`speedscope check FAILED for ${trace}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`speedscope loaded ${trace}: OK`);

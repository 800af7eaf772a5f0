// Time to first render of the home page, for `cargo xtask bench`: opens the served release
// site in headless Chromium (playwright-core, Debian's /usr/bin/chromium), five times, each in
// a fresh browser context (empty cache), and reads the `sdlab-first-render` performance mark
// the app sets after its first render. Its startTime is measured from navigation start.
// Prints one JSON line: {"url", "runs_ms": [...], "median_ms"}.
//
// Usage: node tests/e2e/first-render.mjs [base-url]
// Without a URL it uses SDLAB_BASE_URL, or serves SDLAB_DIST (or ./dist) itself (see serve.mjs).

import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, site } from './serve.mjs';

const LOADS = 5;
const MARK = 'sdlab-first-render';
const TIMEOUT_MS = 30_000;

const own = process.argv[2] ? null : await site();
const url = process.argv[2] || own.url;
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
});
const runs = [];
try {
  for (let i = 0; i < LOADS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    try {
      await page.waitForFunction(
        (mark) => performance.getEntriesByName(mark).length > 0,
        MARK,
        { timeout: TIMEOUT_MS },
      );
    } catch {
      throw new Error(
        `no performance mark '${MARK}' within ${TIMEOUT_MS} ms at ${url}` +
          (errors.length ? `; page errors: ${errors.join(' | ')}` : ''),
      );
    }
    runs.push(await page.evaluate((mark) => performance.getEntriesByName(mark)[0].startTime, MARK));
    await context.close();
  }
} finally {
  await browser.close();
  await own?.close();
}
const sorted = [...runs].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
console.log(JSON.stringify({ url, runs_ms: runs, median_ms: median }));

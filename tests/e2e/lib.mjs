// Shared helpers of the end-to-end suite (tests/e2e/*.test.mjs): one Chromium per test file,
// a fresh context per test, a watcher that fails a test on any console error, page error or
// request that leaves the machine, the routes read from the home gallery, and the per-tool
// data the sweeps need. The environment contract is documented at the top of serve.mjs.
//
// The tools come from tests/registry.json (generated from src/registry.rs); the suite fails
// loudly when the gallery and the registry disagree.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, site } from './serve.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '..', '..');

/// Per-tool data, keyed by slug, read from tests/registry.json, which a native test writes from
/// src/registry.rs (the one registry) and keeps current. Each tool has:
///   smoke:   one input change and the text the output must then contain.
///   outputs: ids of results that must not move while a field holds junk (besides smoke.output).
///   edits:   [element id, value] pairs that move every kind of input away from its default,
///            applied in order (text fields are filled and committed with Enter, selects get
///            the option with that value).
///   mangled: a hash query full of values the tool cannot understand.
///   states:  further states whose fields only appear after a click (a selected block), for
///            the bad-input sweep: { query, click } opens `#/<slug>?<query>` and clicks `#<click>`.
export const REGISTRY = JSON.parse(readFileSync(join(ROOT, 'tests', 'registry.json'), 'utf8'));
export const TOOLS = Object.fromEntries(REGISTRY.tools.map((t) => [t.slug, t]));

/// What every text field must reject, with a message beside it.
export const BAD_INPUTS = ['', 'abc', '-5', '1e999', 'NaN'];

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 380, height: 800 };

/// Playwright's wait for a single action or condition; a broken page fails in seconds.
const ACTION_TIMEOUT_MS = 10_000;
const FIRST_RENDER_MARK = 'sdlab-first-render';

export const ARTIFACTS = process.env.SDLAB_ARTIFACTS || join(HERE, 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export const OFFLINE_FILE =
  process.env.SDLAB_OFFLINE_FILE ||
  join(process.env.SDLAB_DIST || join(ROOT, 'dist'), 'sdlab-offline.html');

export const AXE_PATH = join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

/// A file name made from free text (test names, route names).
export function fileSafe(text) {
  return text.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80);
}

export function artifact(name) {
  return join(ARTIFACTS, name);
}

/**
 * Everything a test file needs, started once in `before()`: the site, one browser, and the
 * routes read from the home gallery. Returns { base, browser, tools, routes, close() }.
 * `tools` is [{ slug, title }] in gallery order; `routes` is home, every tool, and not-found.
 */
export async function start() {
  const server = await site();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const env = {
    base: server.url,
    browser,
    tools: [],
    routes: [],
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
  try {
    env.tools = await readGallery(env);
  } catch (e) {
    await env.close();
    throw e;
  }
  env.routes = [
    { name: 'home', hash: '#/' },
    ...env.tools.map(({ slug }) => ({ name: slug, hash: `#/${slug}`, slug })),
    { name: 'not-found', hash: '#/nope', notFound: true },
  ];
  return env;
}

/// The tools the home page lists, checked against TOOLS in both directions.
async function readGallery(env) {
  return withPage(env, 'read the home gallery', {}, async (page) => {
    await open(page, env.base, { name: 'home', hash: '#/' });
    const tools = await page.$$eval('li.tool-card h2 a[href]', (links) =>
      links.map((a) => ({ href: a.getAttribute('href'), title: a.textContent.trim() })),
    );
    assert.ok(tools.length > 0, 'the home gallery lists no tools (li.tool-card h2 a[href])');
    const found = tools.map(({ href, title }) => {
      const m = /^(?:.*)#\/([a-z][a-z-]*)$/.exec(href);
      assert.ok(m, `gallery link ${JSON.stringify(href)} ("${title}") is not of the form #/<slug>`);
      return { slug: m[1], title };
    });
    const slugs = found.map((t) => t.slug);
    const missing = slugs.filter((s) => !TOOLS[s]);
    assert.deepEqual(
      missing,
      [],
      `the home gallery shows ${missing.map((s) => `"${s}"`).join(', ')} but tests/registry.json ` +
        'does not list it: run `cargo test -p sdlab registry` to regenerate it',
    );
    const stale = Object.keys(TOOLS).filter((s) => !slugs.includes(s));
    assert.deepEqual(
      stale,
      [],
      `tests/registry.json lists ${stale.join(', ')}, which the home gallery does not show (a stale build?)`,
    );
    assert.equal(new Set(slugs).size, slugs.length, `duplicate slugs in the gallery: ${slugs}`);
    return found;
  });
}

/**
 * Records what must never happen on a page: console errors, uncaught page errors, failed or
 * error responses, and requests that leave the machine. Attaches to the page's context, so
 * popups and iframes are covered too. With `offline`, only file:, data: and blob: URLs are
 * allowed (blob: is how a page starts its Web Worker).
 */
export function watch(page, { offline = false } = {}) {
  const context = page.context();
  const problems = [];
  context.on('console', (msg) => {
    if (msg.type() === 'error') {
      const at = msg.location();
      problems.push(`console error: ${msg.text()}${at?.url ? ` (at ${at.url}:${at.lineNumber})` : ''}`);
    }
  });
  context.on('weberror', (e) => problems.push(`page error: ${e.error().stack || e.error()}`));
  context.on('request', (request) => {
    const why = forbiddenRequest(request.url(), offline);
    if (why) problems.push(`${why}: ${request.method()} ${request.url().slice(0, 200)}`);
  });
  context.on('requestfailed', (request) => {
    // The browser aborts a page's own requests when the page is left, or a worker it started is
    // terminated, mid-load (a worker's import of the app's script, say). That is not a failure
    // of the app: a file that is missing answers 404, which the response listener reports.
    if (request.failure()?.errorText === 'net::ERR_ABORTED' && !forbiddenRequest(request.url(), offline)) return;
    problems.push(`request failed (${request.failure()?.errorText}): ${request.url().slice(0, 200)}`);
  });
  context.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('crash', () => problems.push('the page crashed'));
  return {
    problems,
    assertClean(what = 'the page') {
      assert.deepEqual(problems, [], `${what} had ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
    },
  };
}

function forbiddenRequest(url, offline) {
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return 'request to an unparsable URL';
  }
  const scheme = parsed.protocol;
  if (offline) {
    return ['file:', 'data:', 'blob:'].includes(scheme) ? null : 'request from the offline page to a non-file URL';
  }
  if (scheme === 'data:' || scheme === 'blob:' || scheme === 'file:') return null;
  const host = parsed.hostname;
  if (host === '127.0.0.1' || host === 'localhost' || host === '[::1]') return null;
  return 'request to a non-loopback host';
}

/**
 * Runs `fn(page, watcher, context)` in a fresh browser context and fails if the watcher saw
 * anything. `options` are Playwright context options plus `offline` (see watch()). On failure
 * a full-page screenshot is saved as artifacts/FAILED-<name>.png.
 */
export async function withPage(env, name, options, fn) {
  const { offline, ...contextOptions } = options;
  const context = await env.browser.newContext({ viewport: DESKTOP, ...contextOptions });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  const page = await context.newPage();
  const watcher = watch(page, { offline });
  const shot = artifact(`FAILED-${fileSafe(name)}.png`);
  try {
    const result = await fn(page, watcher, context);
    watcher.assertClean(name);
    rmSync(shot, { force: true }); // from an earlier failing run
    return result;
  } catch (e) {
    await page
      .screenshot({ path: shot, fullPage: true, timeout: 5_000 })
      .then(() => (e.message += `\n(screenshot: ${shot})`))
      .catch(() => {});
    throw e;
  } finally {
    await context.close();
  }
}

/// The address of a route: base is the site URL (ending in "/") or a file:// URL.
export function routeUrl(base, hash) {
  return new URL(hash, base).href;
}

export function offlineUrl(hash) {
  return routeUrl(pathToFileURL(OFFLINE_FILE).href, hash);
}

/// Opens `route` (or `route.hash` plus `query`) and waits until it has rendered.
export async function open(page, base, route, query = '') {
  const hash = query ? `${route.hash}?${query}` : route.hash;
  await page.goto(routeUrl(base, hash));
  await ready(page, route);
}

/// Waits for the app's first render and the route's own content.
export async function ready(page, route) {
  await page.waitForFunction(
    (mark) => performance.getEntriesByName(mark).length > 0,
    FIRST_RENDER_MARK,
  );
  if (route.slug) {
    await page.locator(`[data-slug="${route.slug}"]`).waitFor();
    // The tool writes its state into the address on its first render.
    await page.waitForFunction(() => location.hash.includes('?'));
  } else if (route.notFound) {
    await page.getByRole('heading', { name: 'No such page' }).waitFor();
  } else {
    await page.locator('li.tool-card').first().waitFor();
  }
}

/// Types `value` into the text field `#id` key by key, as a person would.
export async function typeInto(page, id, value) {
  const input = page.locator(`#${id}`);
  await input.fill('');
  await input.pressSequentially(value);
}

/// Sets a select (by option value) or a text field: filled, then committed with Enter, as
/// fields that commit on change (Enter or leaving the field) need; the others ignore Enter.
export async function setValue(page, id, value) {
  const el = page.locator(`#${id}`);
  const tag = await el.evaluate((e) => e.tagName.toLowerCase());
  if (tag === 'select') {
    await el.selectOption(value);
  } else {
    await el.fill(value);
    await el.press('Enter');
  }
}

/// Applies a tool's edits, waiting for the address to follow each one.
export async function applyEdits(page, edits) {
  for (const [id, value] of edits) {
    const before = page.url();
    await setValue(page, id, value);
    await page.waitForFunction((prev) => location.href !== prev, before);
  }
}

/// Waits until the element `#id` contains `text`; fails with what it holds instead.
export async function expectText(page, id, text) {
  const el = page.locator(`#${id}`);
  try {
    await page.waitForFunction(
      ([id, text]) => document.getElementById(id)?.textContent.includes(text),
      [id, text],
    );
  } catch {
    const actual = (await el.count()) ? await el.textContent() : '(no such element)';
    assert.fail(`#${id} should contain ${JSON.stringify(text)} but holds ${JSON.stringify(actual)}`);
  }
}

/// The smoke test of one tool: type the input, read the output.
export async function smoke(page, slug) {
  const s = TOOLS[slug].smoke;
  await typeInto(page, s.input, s.value);
  await expectText(page, s.output, s.expect);
}

/// id -> value of every input and select inside `.field`s of the tool page.
export async function fieldValues(page, slug) {
  return page.$$eval(`[data-slug="${slug}"] .field input, [data-slug="${slug}"] .field select`, (els) =>
    Object.fromEntries(els.map((e) => [e.id || e.name, e.value])),
  );
}

/// Ids of the tool page's text fields that take a number or a duration (free-text fields such
/// as names are marked `data-free-text` and accept any non-empty text).
export async function textFieldIds(page, slug) {
  return page.$$eval(`[data-slug="${slug}"] .field input[type=text]:not([data-free-text])`, (els) => els.map((e) => e.id));
}

/// In the page: what sticks out past the right edge of the viewport, widest first (for a
/// failure message), with the document's scroll and client widths.
export function overflowReport() {
  const width = document.documentElement.clientWidth;
  const offenders = [];
  for (const el of document.querySelectorAll('body *')) {
    const rect = el.getBoundingClientRect();
    if (rect.right <= width + 1 || rect.width === 0) continue;
    // Inside a sideways-scrolling container, wide content is fine.
    let scroller = el.parentElement;
    while (scroller && !/(auto|scroll|hidden)/.test(getComputedStyle(scroller).overflowX)) {
      scroller = scroller.parentElement;
    }
    if (scroller && scroller !== document.body && scroller !== document.documentElement) continue;
    const name =
      el.tagName.toLowerCase() +
      (el.id ? `#${el.id}` : '') +
      (typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
    offenders.push({ name, right: Math.round(rect.right), text: (el.textContent || '').trim().slice(0, 40) });
  }
  offenders.sort((a, b) => b.right - a.right);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: width,
    offenders: offenders.slice(0, 8),
  };
}

/// Fails when the page scrolls sideways, naming the widest elements.
export async function assertNoSidewaysScroll(page, what, shot) {
  const layout = await page.evaluate(overflowReport);
  assert.ok(
    layout.scrollWidth <= layout.clientWidth + 1,
    `${what} scrolls sideways: scrollWidth ${layout.scrollWidth} > clientWidth ${layout.clientWidth}; ` +
      `widest elements:\n  ${layout.offenders.map((o) => `${o.name} (right edge ${o.right} px) "${o.text}"`).join('\n  ')}` +
      (shot ? `\n(screenshot: ${shot})` : ''),
  );
}

/// Resolves once layout and the canvas drawings have settled (fonts loaded, two frames).
export async function settled(page) {
  await page.evaluate(async () => {
    await document.fonts.ready;
    await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  });
}

// The Content-Security-Policy (index.html's <meta>, sealed by `cargo xtask dist`), on the served
// site and in the offline file from file://: the policy names no other origin; the app renders,
// the availability lab simulates in its worker, draws its charts and downloads its JSON through
// a blob: URL, with no violation at all; and a remote script, stylesheet, image, font and fetch()
// injected into the page are each refused by the policy, with no request reaching the network.
//
// A refusal logs a console error, which the suite's watcher counts as a failure, so the refusal
// checks run in a page of their own: there every console error must be the refusal of a probe.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, OFFLINE_FILE, offlineUrl, ready, routeUrl, start, withPage } from './lib.mjs';

const LAB = { name: 'availability', hash: '#/availability', slug: 'availability' };
const QUICK = 'preset=quorum&years=300&seed=3';
const RUN_TIMEOUT_MS = 30_000;
/// A remote origin for the probes. Every request to it is answered by the test (context.route),
/// as if the network were there, so only the policy can be what refuses them.
const PROBE = 'https://sdlab-csp-probe.example/';

/// Where the page comes from: the served site, or the offline file from file://.
const PLACES = [
  { name: 'site', offline: false, url: (env, hash) => routeUrl(env.base, hash) },
  { name: 'offline file', offline: true, url: (_env, hash) => offlineUrl(hash) },
];

/// Whether a request stays on this machine (the site on 127.0.0.1, the file, data: and blob:).
function local(url) {
  const { protocol, hostname } = new URL(url);
  return ['file:', 'data:', 'blob:'].includes(protocol) || ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

/// In the page, before its own scripts: keep every policy violation it reports.
function recordViolations() {
  window.sdlabViolations = [];
  document.addEventListener('securitypolicyviolation', (e) =>
    window.sdlabViolations.push(`${e.effectiveDirective} ${e.blockedURI}`),
  );
}

/// The page's policy as { directive: [sources] }, checked to name no other origin.
async function policyOf(page, { offline }) {
  const metas = await page.$$eval('meta[http-equiv="Content-Security-Policy" i]', (els) =>
    els.map((e) => e.getAttribute('content')),
  );
  assert.equal(metas.length, 1, 'one Content-Security-Policy <meta>');
  const policy = Object.fromEntries(
    metas[0]
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name, sources]),
  );
  assert.deepEqual(policy['default-src'], ["'none'"], metas[0]);
  for (const [name, sources] of Object.entries(policy)) {
    for (const source of sources) {
      assert.ok(
        /^'(self|none|wasm-unsafe-eval|unsafe-inline|sha256-[A-Za-z0-9+/]+=*)'$|^(data|blob):$/.test(source),
        `${name} allows ${source}: ${metas[0]}`,
      );
    }
  }
  const scripts = policy['script-src'];
  assert.ok(scripts.includes("'wasm-unsafe-eval'"), metas[0]);
  assert.ok(!scripts.includes("'unsafe-inline'"), `script-src is sealed with hashes: ${metas[0]}`);
  assert.ok(scripts.some((s) => s.startsWith("'sha256-")), metas[0]);
  assert.equal(scripts.includes('data:'), offline, `data: in script-src only in the offline file: ${metas[0]}`);
  return policy;
}

/// Waits until the canvas `#id` has been painted with more than one colour.
async function drawn(page, id) {
  await page
    .waitForFunction((id) => {
      const canvas = document.getElementById(id);
      if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const colours = new Set();
      for (let i = 0; i < data.length && colours.size < 2; i += 4 * 7) colours.add(data.slice(i, i + 4).join());
      return colours.size > 1;
    }, id)
    .catch(() => assert.fail(`#${id} is not drawn`));
}

describe('Content-Security-Policy', { timeout: 180_000 }, () => {
  let env;
  before(async () => {
    assert.ok(existsSync(OFFLINE_FILE), `${OFFLINE_FILE} is missing: run cargo xtask dist`);
    env = await start();
  });
  after(async () => env?.close());

  for (const place of PLACES) {
    test(`${place.name}: the lab renders, simulates in its worker, draws, downloads; no violation`, async () => {
      await withPage(env, `csp-${place.name}-lab`, { offline: place.offline }, async (page) => {
        await page.addInitScript(recordViolations);
        await page.goto(place.url(env, `${LAB.hash}?${QUICK}`));
        await ready(page, LAB);
        await policyOf(page, place);

        await page.locator('#lab-run').click();
        const where = page.locator('#lab-sim-where');
        await where.waitFor({ timeout: RUN_TIMEOUT_MS });
        assert.match(await where.innerText(), /^300 simulated years in \d+ ms .*in a background worker\.$/);
        for (const id of ['lab-histogram', 'lab-timeline', 'lab-burn-down']) await drawn(page, id);

        const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#lab-export').click()]);
        assert.equal(await download.failure(), null, 'the blob: download completed');
        assert.match(download.suggestedFilename(), /\.json$/);

        assert.deepEqual(await page.evaluate(() => window.sdlabViolations), [], 'no policy violation');
      });
    });

    test(`${place.name}: a remote script, stylesheet, image, font and fetch are refused by the policy`, async () => {
      const context = await env.browser.newContext({ viewport: DESKTOP });
      const errors = [];
      const reached = [];
      context.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
      context.on('weberror', (e) => errors.push(`page error: ${e.error()}`));
      // Chromium shows some refused loads as requests that fail with "csp": each one must.
      const offsite = new Map();
      context.on('request', (r) => local(r.url()) || offsite.set(r.url(), 'sent'));
      context.on('requestfailed', (r) => offsite.has(r.url()) && offsite.set(r.url(), r.failure()?.errorText));
      // Anything that gets past the policy to the network layer is answered here, and noted.
      await context.route(`${PROBE}**`, (route) => {
        reached.push(route.request().url());
        return route.fulfill({
          status: 200,
          headers: { 'access-control-allow-origin': '*' },
          contentType: 'text/javascript',
          body: 'window.sdlabProbeRan = true;',
        });
      });
      try {
        const page = await context.newPage();
        await page.goto(place.url(env, '#/'));
        await ready(page, { name: 'home', hash: '#/' });
        const result = await page.evaluate(async (probe) => {
          const violations = [];
          document.addEventListener('securitypolicyviolation', (e) =>
            violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
          );
          const element = (tag, attributes) =>
            new Promise((done) => {
              const el = Object.assign(document.createElement(tag), attributes);
              el.onload = () => done('loaded');
              el.onerror = () => done('refused');
              document.head.append(el);
            });
          const outcome = {
            script: await element('script', { src: `${probe}probe.js` }),
            style: await element('link', { rel: 'stylesheet', href: `${probe}probe.css` }),
            image: await element('img', { src: `${probe}probe.png` }),
            font: await new FontFace('probe', `url(${probe}probe.woff2)`).load().then(
              () => 'loaded',
              () => 'refused',
            ),
            fetch: await fetch(`${probe}probe.json`).then(
              () => 'loaded',
              (e) => `refused (${e.name})`,
            ),
          };
          // Violation events are queued as tasks: wait for all five, a second at most.
          for (let i = 0; i < 100 && violations.length < 5; i++) await new Promise((ok) => setTimeout(ok, 10));
          return { outcome, ran: window.sdlabProbeRan === true, violations: violations.sort() };
        }, PROBE);

        assert.deepEqual(result.outcome, {
          script: 'refused',
          style: 'refused',
          image: 'refused',
          font: 'refused',
          fetch: 'refused (TypeError)',
        });
        assert.equal(result.ran, false, 'the remote script did not run');
        assert.deepEqual(result.violations, [
          `connect-src ${PROBE}probe.json`,
          `font-src ${PROBE}probe.woff2`,
          `img-src ${PROBE}probe.png`,
          `script-src-elem ${PROBE}probe.js`,
          `style-src-elem ${PROBE}probe.css`,
        ]);
        assert.deepEqual(reached, [], 'no probe request reached the network layer');
        for (const [url, fate] of offsite) assert.equal(fate, 'csp', `${url} is stopped by the policy`);
        // The refusals log console errors; they must be all there is.
        const refusal = /https:\/\/sdlab-csp-probe\.example\/probe\.\w+.* Content Security Policy/;
        assert.deepEqual(
          errors.filter((text) => !refusal.test(text)),
          [],
          'no console error but the refusals',
        );
        assert.ok(errors.length >= 5, `the refusals are logged: ${errors.join('\n')}`);
        await policyOf(page, place);
      } finally {
        await context.close();
      }
    });
  }
});

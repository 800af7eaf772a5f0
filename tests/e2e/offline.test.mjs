// The single-file bundle (dist/sdlab-offline.html) opened from file://: it renders and computes
// with no request other than file: and data: URLs (withPage's `offline` watch).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { OFFLINE_FILE, TOOLS, expectText, offlineUrl, ready, smoke, start, typeInto, withPage } from './lib.mjs';

describe('offline single file', { timeout: 120_000 }, () => {
  let env;
  before(async () => {
    assert.ok(existsSync(OFFLINE_FILE), `${OFFLINE_FILE} is missing: run cargo xtask dist`);
    env = await start();
  });
  after(async () => env?.close());

  test('#/nines from file:// computes the smoke figure', async () => {
    await withPage(env, 'offline-nines', { offline: true }, async (page) => {
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(offlineUrl('#/nines'));
      await ready(page, { name: 'nines', hash: '#/nines', slug: 'nines' });
      await typeInto(page, 'nines-availability', '99.9');
      await expectText(page, 'nines-out-year', '8.76 hours');
      const schemes = new Set(requests.map((u) => new URL(u).protocol));
      for (const scheme of schemes) assert.ok(['file:', 'data:'].includes(scheme), `requested ${scheme}`);
    });
  });

  test('the home page renders from file:// and every tool works there', async (t) => {
    await withPage(env, 'offline-home', { offline: true }, async (page) => {
      await page.goto(offlineUrl('#/'));
      await ready(page, { name: 'home', hash: '#/' });
      const cards = await page.locator('li.tool-card').count();
      assert.equal(cards, env.tools.length, 'the offline gallery lists the same tools as the site');
    });
    for (const { slug, title } of env.tools) {
      await t.test(slug, async () => {
        await withPage(env, `offline-${slug}`, { offline: true }, async (page) => {
          await page.goto(offlineUrl('#/'));
          await ready(page, { name: 'home', hash: '#/' });
          await page.locator('li.tool-card h2 a', { hasText: title }).click();
          await ready(page, { name: slug, hash: `#/${slug}`, slug });
          await smoke(page, slug);
          // Permalinks work from the file too (the address follows the state once it renders).
          const shown = encodeURIComponent(TOOLS[slug].smoke.value).replaceAll('%20', '+');
          await page.waitForFunction((v) => location.href.includes(v), shown);
          const url = page.url();
          assert.ok(url.startsWith('file://'), url);
          assert.ok(url.includes(shown), url);
        });
      });
    }
  });
});

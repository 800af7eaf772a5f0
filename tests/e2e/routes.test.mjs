// Every route renders cleanly: the home page, every tool the gallery lists (and its smoke
// input gives its output), and unknown routes. No console error, no page error, no request
// leaves 127.0.0.1 (withPage fails the test otherwise).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TOOLS, open, routeUrl, smoke, start, withPage } from './lib.mjs';

describe('routes', { timeout: 120_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  test('home lists every tool with a link, a blurb and its sources', async () => {
    await withPage(env, 'home', {}, async (page) => {
      await open(page, env.base, { name: 'home', hash: '#/' });
      assert.equal(await page.title(), 'sdlab · System Design Lab');
      assert.equal(await page.locator('.site-header').count(), 1, 'home has the site header');
      const cards = page.locator('li.tool-card');
      assert.equal(await cards.count(), env.tools.length);
      for (const card of await cards.all()) {
        const text = (await card.innerText()).trim();
        assert.ok(text.length > 40, `a gallery card says too little: ${JSON.stringify(text)}`);
        assert.ok(await card.locator('.card-sources').count(), `card without sources: ${text}`);
      }
    });
  });

  test('every tool renders and its smoke input gives its output', async (t) => {
    for (const { slug, title } of env.tools) {
      await t.test(slug, async () => {
        await withPage(env, `route-${slug}`, {}, async (page) => {
          await open(page, env.base, { name: slug, hash: `#/${slug}`, slug });
          assert.equal(await page.title(), `${title} · sdlab`);
          await page.locator(`[data-slug="${slug}"] h1`).waitFor();
          await smoke(page, slug);
          // The "Sources & checks" panel reproduces every published figure.
          const summary = page.locator('section.checks .checks-summary');
          if (await summary.count()) {
            const text = await summary.innerText();
            const m = /(\d+) of (\d+) published figures reproduced within tolerance/.exec(text);
            assert.ok(m, `unexpected checks summary: ${JSON.stringify(text)}`);
            assert.equal(m[1], m[2], `${slug}: ${text}`);
            assert.equal(await page.locator('section.checks tr.fail').count(), 0, `${slug}: a check fails`);
            assert.equal(await page.locator('section.checks tr.pass').count(), Number(m[2]));
          }
        });
      });
    }
  });

  test('clicking a gallery card opens the tool', async () => {
    const [{ slug, title }] = env.tools;
    await withPage(env, 'gallery-click', {}, async (page) => {
      await open(page, env.base, { name: 'home', hash: '#/' });
      await page.getByRole('link', { name: title }).first().click();
      await page.locator(`[data-slug="${slug}"]`).waitFor();
      assert.match(page.url(), new RegExp(`#/${slug}(\\?|$)`));
      await smoke(page, slug);
    });
  });

  for (const hash of ['#/nope', '#/nope/deeper', '#/NINES']) {
    test(`unknown route ${hash} says "No such page"`, async () => {
      await withPage(env, `not-found-${hash}`, {}, async (page) => {
        await open(page, env.base, { name: 'not-found', hash, notFound: true });
        assert.equal(await page.title(), 'Not found · sdlab');
        await page.getByRole('link', { name: 'See all tools' }).click();
        await page.locator('li.tool-card').first().waitFor();
      });
    });
  }

  test('index.html loads the same app as the bare directory', async () => {
    await withPage(env, 'index-html', {}, async (page) => {
      await page.goto(routeUrl(env.base, 'index.html#/'));
      await page.locator('li.tool-card').first().waitFor();
    });
  });

  test('the gallery shows every tool of the registry, with its title', async () => {
    // readGallery() already matched the slugs both ways; the titles must agree too.
    for (const { slug, title } of env.tools) {
      assert.equal(title, TOOLS[slug].title, `${slug}: the gallery's title differs from tests/registry.json`);
    }
  });
});

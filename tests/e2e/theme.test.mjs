// The theme toggle: system → dark → light → system, applied as <html data-theme>, remembered in
// localStorage across reloads, and visible in the page's colours.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { open, ready, start, withPage } from './lib.mjs';

const theme = (page) => page.evaluate(() => document.documentElement.dataset.theme ?? null);
const background = (page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

/// Relative luminance of an `rgb(r, g, b)` colour, 0 (black) to 1 (white).
function luminance(rgb) {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
  const lin = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

describe('theme', { timeout: 120_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  for (const route of [{ name: 'home', hash: '#/' }, { name: 'nines', hash: '#/nines', slug: 'nines' }]) {
    test(`#theme-toggle cycles the theme and a reload keeps it (${route.hash})`, async () => {
      await withPage(env, `theme-${route.name}`, { colorScheme: 'light' }, async (page) => {
        await open(page, env.base, route);
        const toggle = page.locator('#theme-toggle');
        assert.equal(await theme(page), null, 'a first visit follows the system');
        assert.ok(luminance(await background(page)) > 0.5, 'a light system gives a light page');

        const expectations = [
          ['dark', (l) => l < 0.2, 'dark'],
          ['light', (l) => l > 0.5, 'light'],
          [null, (l) => l > 0.5, 'system'],
        ];
        for (const [wanted, looks, name] of expectations) {
          const before = await theme(page);
          await toggle.click();
          await page.waitForFunction((b) => (document.documentElement.dataset.theme ?? null) !== b, before);
          assert.equal(await theme(page), wanted, `after clicking towards ${name}`);
          assert.match(await toggle.getAttribute('aria-label'), new RegExp(`Colour theme: ${name}`));
          assert.ok(looks(luminance(await background(page))), `${name}: body background ${await background(page)}`);

          await page.reload();
          await ready(page, route);
          assert.equal(await theme(page), wanted, `${name} survives a reload`);
          assert.match(await page.locator('#theme-toggle').getAttribute('aria-label'), new RegExp(`: ${name} `));
        }
      });
    });
  }

  test('a dark system gives a dark page until the user picks light', async () => {
    await withPage(env, 'theme-dark-system', { colorScheme: 'dark' }, async (page) => {
      await open(page, env.base, { name: 'home', hash: '#/' });
      assert.equal(await theme(page), null);
      assert.ok(luminance(await background(page)) < 0.2, `body background ${await background(page)}`);
      await page.locator('#theme-toggle').click(); // system → dark
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
      await page.locator('#theme-toggle').click(); // dark → light
      await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
      assert.ok(luminance(await background(page)) > 0.5, `body background ${await background(page)}`);
      assert.equal(await page.evaluate(() => localStorage.getItem('sdlab-theme')), 'light');
    });
  });
});

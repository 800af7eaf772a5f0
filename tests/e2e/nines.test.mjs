// The downtime page as a new user meets it, with real clicks and typing: the quick pick at the
// ends of its scale and 0% as "0.00 nines", downtime typed as bare seconds, a clock time or
// years, the example embed fitting its iframes to the tool, the home page's offline download,
// and the site header on one line on a phone.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import {
  artifact,
  assertNoSidewaysScroll,
  expectText,
  open,
  ready,
  routeUrl,
  settled,
  start,
  typeInto,
  withPage,
} from './lib.mjs';

const NINES = { name: 'nines', hash: '#/nines', slug: 'nines' };
const HOME = { name: 'home', hash: '#/' };

/// The phones of the brief: an iPhone 12-14 and the narrowest the stylesheet supports.
const PHONES = [
  { width: 390, height: 844 },
  { width: 380, height: 800 },
];

/// What the quick-pick slider says: its visible value and what a screen reader hears.
async function quickPick(page) {
  const slider = page.locator('#nines-quick');
  return {
    shown: (await page.locator('output[for="nines-quick"]').innerText()).trim(),
    spoken: await slider.getAttribute('aria-valuetext'),
    index: Number(await slider.inputValue()),
  };
}

async function waitForQuickPick(page, text) {
  await page
    .waitForFunction((text) => document.querySelector('output[for="nines-quick"]')?.textContent.includes(text), text)
    .catch(async () => assert.fail(`the quick pick should say ${text}: ${JSON.stringify(await quickPick(page))}`));
}

describe('the downtime page as a new user finds it', { timeout: 240_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  test('the quick pick never claims a value the field does not hold; 0% is 0.00 nines', async () => {
    await withPage(env, 'nines-quick-pick', {}, async (page) => {
      await open(page, env.base, NINES);

      await typeInto(page, 'nines-availability', '0');
      await expectText(page, 'nines-summary', '0.00 nines');
      assert.doesNotMatch(await page.locator('#nines-summary').innerText(), /-0\.0/);
      await waitForQuickPick(page, '0%');
      let quick = await quickPick(page);
      assert.doesNotMatch(quick.shown, /90%/, 'at 0% the quick pick must not read 90%');
      assert.match(quick.shown, /^0% .*scale/, quick.shown);
      assert.equal(quick.spoken, quick.shown);
      await page.screenshot({ path: artifact('nines-quick-pick-0.png') });

      // The same in the reverse direction: a whole year down is 0%, 0.000 nines.
      await typeInto(page, 'nines-downtime', '1y');
      await expectText(page, 'nines-reverse', '0.000 nines');
      assert.doesNotMatch(await page.locator('#nines-reverse').innerText(), /-0\.0/);

      await typeInto(page, 'nines-availability', '100');
      await waitForQuickPick(page, '100%');
      quick = await quickPick(page);
      assert.doesNotMatch(quick.shown, /99\.99999%/, 'at 100% the quick pick must not read 99.99999%');
      assert.match(quick.shown, /scale/, quick.shown);

      await typeInto(page, 'nines-availability', '99.97');
      await waitForQuickPick(page, '99.97%');

      // Moving the slider by hand sets the field to the stop it then names.
      await page.locator('#nines-quick').click();
      await page.keyboard.press('ArrowRight');
      await page.waitForFunction(() => document.getElementById('nines-availability').value !== '99.97');
      const field = await page.locator('#nines-availability').inputValue();
      quick = await quickPick(page);
      assert.equal(quick.shown, `${field}%`, 'after a move the slider names the value in the field');
    });
  });

  test('a short link #/nines/99.95 opens the page at that availability, as uptime.is users expect', async () => {
    await withPage(env, 'nines-short-link', {}, async (page) => {
      await page.goto(routeUrl(env.base, '#/nines/99.95'));
      await ready(page, NINES);
      await expectText(page, 'nines-out-year', '4.38 hours');
      assert.equal(await page.locator('#nines-availability').inputValue(), '99.95');
      assert.match(page.url(), /#\/nines\?a=99\.95/, 'the address becomes the full permalink');
      // A tool without short links says so instead of guessing.
      await page.goto(routeUrl(env.base, '#/availability/99.95'));
      await page.getByRole('heading', { name: 'No such page' }).waitFor();
    });
  });

  test('ten nines keep the digits of the seconds column', async () => {
    await withPage(env, 'nines-ten-nines', {}, async (page) => {
      await open(page, env.base, NINES);
      await typeInto(page, 'nines-availability', '99.99999999');
      await expectText(page, 'nines-out-day', '8.64 µs');
      const seconds = await page.locator('#nines-out-day + td.num').innerText();
      assert.equal(seconds.trim(), '8.64e-6');
    });
  });

  test('downtime takes a bare number of seconds, h:mm:ss, mm:ss and years', async () => {
    await withPage(env, 'nines-downtime-forms', {}, async (page) => {
      await open(page, env.base, NINES);
      const cases = [
        ['52', '99.99983511%'],
        ['0:52:00', '99.9901065%'],
        ['52:00', '99.9901065%'],
        ['1y', '0%'],
        ['0.5y', '50%'],
      ];
      for (const [typed, percent] of cases) {
        await typeInto(page, 'nines-downtime', typed);
        await expectText(page, 'nines-reverse', percent);
        assert.equal(await page.locator('#nines-downtime-error').count(), 0, `“${typed}” is refused`);
        assert.equal(await page.locator('#nines-downtime').getAttribute('aria-invalid'), 'false', typed);
      }
      assert.match(await page.locator('#nines-downtime-hint').innerText(), /number alone is seconds/);
    });
  });

  test('the example embed fits its iframe to the tool', async () => {
    await withPage(env, 'nines-embed-height', {}, async (page) => {
      await page.goto(routeUrl(env.base, 'embed.html'));
      const iframe = page.locator('iframe#sdlab-nines');
      await iframe.scrollIntoViewIfNeeded();
      const frame = page.frameLocator('iframe#sdlab-nines');
      await frame.locator('[data-slug="nines"]').waitFor();

      // The frame is as tall as the tool inside it, so the tool does not scroll inside it.
      const fits = async (what) => {
        try {
          await page.waitForFunction(() => {
            const el = document.querySelector('iframe#sdlab-nines');
            const doc = el.contentDocument;
            const app = doc?.querySelector('.app');
            if (!app) return false;
            return Math.abs(el.clientHeight - app.offsetHeight) <= 2 && doc.documentElement.scrollHeight <= el.clientHeight + 1;
          });
        } catch {
          const sizes = await page.evaluate(() => {
            const el = document.querySelector('iframe#sdlab-nines');
            return { frame: el.clientHeight, content: el.contentDocument?.querySelector('.app')?.offsetHeight };
          });
          assert.fail(`${what}: the iframe does not fit the tool: ${JSON.stringify(sizes)}`);
        }
        return page.evaluate(() => document.querySelector('iframe#sdlab-nines').clientHeight);
      };
      const first = await fits('on load');
      assert.ok(first > 760, `the tool is taller than the 760 px frame it started in (${first} px)`);

      // Opening a collapsed panel inside makes the tool taller: the frame follows, and back.
      const group = frame.locator('details.checks-group summary').first();
      await group.scrollIntoViewIfNeeded();
      await group.click();
      await page.waitForFunction((h) => document.querySelector('iframe#sdlab-nines').clientHeight > h + 50, first);
      const opened = await fits('with a checks group open');
      await group.click();
      await page.waitForFunction((h) => document.querySelector('iframe#sdlab-nines').clientHeight < h - 50, opened);
      assert.equal(await fits('with the group closed again'), first);

      // A phone-wide document reflows the tool: taller, and the frame follows.
      await page.setViewportSize({ width: 380, height: 800 });
      await page.waitForFunction((h) => document.querySelector('iframe#sdlab-nines').clientHeight > h + 200, first);
      await fits('at 380 px');
      await assertNoSidewaysScroll(page, 'embed.html at 380 px');
      await iframe.screenshot({ path: artifact('nines-embed-380.png') });

      // It still computes inside.
      await frame.locator('#nines-availability').fill('99.9');
      await frame.locator('#nines-out-year', { hasText: '8.76 hours' }).waitFor();
    });
  });

  test('the home page offers the offline file, and it downloads', async () => {
    const saved = artifact('downloaded-sdlab-offline.html');
    await withPage(env, 'nines-offline-link', {}, async (page) => {
      await open(page, env.base, HOME);
      const link = page.getByRole('link', { name: 'Download the offline file' });
      assert.ok(await link.isVisible(), 'the home page shows the offline link');
      assert.equal(await link.getAttribute('href'), 'sdlab-offline.html', 'a relative link, for any sub-path');
      const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
      assert.equal(download.suggestedFilename(), 'sdlab-offline.html');
      assert.equal(new URL(download.url()).pathname, new URL('sdlab-offline.html', env.base).pathname);
      await download.saveAs(saved);
    });
    const html = readFileSync(saved, 'utf8');
    assert.ok(html.length > 100_000, `the download holds the whole app (${html.length} bytes)`);
    assert.match(html, /Content-Security-Policy/);
    // The downloaded copy works from disk.
    await withPage(env, 'nines-offline-download-opens', { offline: true }, async (page) => {
      await page.goto(new URL('#/nines', pathToFileURL(saved)).href);
      await ready(page, NINES);
      await typeInto(page, 'nines-availability', '99.9');
      await expectText(page, 'nines-out-year', '8.76 hours');
      await page.goto(new URL('#/', pathToFileURL(saved)).href);
      await ready(page, HOME);
      assert.equal(await page.getByRole('link', { name: 'Download the offline file' }).count(), 0, 'no link to itself');
      await expectText(page, 'main', 'This is the offline file');
    });
  });

  for (const viewport of PHONES) {
    test(`the site header is one line at ${viewport.width} px`, async (t) => {
      for (const route of [HOME, NINES, { name: 'availability', hash: '#/availability', slug: 'availability' }]) {
        await t.test(route.name, async () => {
          await withPage(env, `nines-header-${route.name}-${viewport.width}`, { viewport }, async (page) => {
            await open(page, env.base, route);
            await settled(page);
            const layout = await page.evaluate(() => {
              const header = document.querySelector('.site-header');
              const style = getComputedStyle(header);
              const inner =
                header.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
              const items = [...header.children].map((el) => {
                const r = el.getBoundingClientRect();
                return { name: el.className || el.tagName, top: r.top, bottom: r.bottom, height: r.height, right: r.right };
              });
              // Every line box of every text in the header: one line means one vertical centre.
              const lines = [];
              const walker = document.createTreeWalker(header, NodeFilter.SHOW_TEXT);
              for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                if (!node.textContent.trim()) continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                for (const r of range.getClientRects()) {
                  if (r.width > 0) lines.push({ text: node.textContent.trim(), middle: Math.round(r.top + r.height / 2) });
                }
              }
              const current = header.querySelector('.nav-link.current')?.getBoundingClientRect();
              const nav = header.querySelector('nav').getBoundingClientRect();
              return {
                inner,
                items,
                tallest: Math.max(...items.map((i) => i.height)),
                lines,
                width: document.documentElement.clientWidth,
                current: current && { left: current.left, right: current.right },
                nav: { left: nav.left, right: nav.right },
              };
            });
            const shot = artifact(`nines-header-${route.name}-${viewport.width}.png`);
            await page.screenshot({ path: shot, clip: { x: 0, y: 0, width: viewport.width, height: 120 } });
            const detail = `${JSON.stringify(layout)} (screenshot: ${shot})`;
            assert.ok(Math.abs(layout.inner - layout.tallest) <= 1, `the header holds one line: ${detail}`);
            const middles = layout.lines.map((l) => l.middle);
            assert.ok(middles.length > 0, `no text in the header: ${detail}`);
            assert.ok(Math.max(...middles) - Math.min(...middles) <= 6, `the header's texts sit on one line: ${detail}`);
            const tops = layout.items.map((i) => i.top + i.height / 2);
            assert.ok(Math.max(...tops) - Math.min(...tops) <= 4, `the header's items sit on one line: ${detail}`);
            for (const item of layout.items) assert.ok(item.right <= layout.width + 0.5, `${item.name} sticks out: ${detail}`);
            if (layout.current) {
              assert.ok(
                layout.current.left >= layout.nav.left - 0.5 && layout.current.right <= layout.nav.right + 0.5,
                `the current tool's link is in view: ${detail}`,
              );
            }
            await assertNoSidewaysScroll(page, `${route.hash} at ${viewport.width} px`, shot);
          });
        });
      }
    });
  }
});

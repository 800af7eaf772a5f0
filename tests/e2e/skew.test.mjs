// The partition-skew visualiser (#/skew) end to end: every preset runs its stream in a
// background worker and draws its charts; hash vs range under Zipf and under sequential inserts
// show throttling where the theory says (screenshots at desktop and phone widths, no sideways
// scroll on the phone); a long run shows progress and cancels; the bad inputs get their
// messages while the results stay; and an edited state survives its link.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  artifact,
  assertNoSidewaysScroll,
  expectText,
  open,
  settled,
  start,
  typeInto,
  withPage,
} from './lib.mjs';

const SKEW = { name: 'skew', hash: '#/skew', slug: 'skew' };
/// Short runs: 100,000 requests take well under a second.
const QUICK = 'requests=100000';
const RUN_TIMEOUT_MS = 30_000;
const CHARTS = ['skew-load-0', 'skew-used-0', 'skew-data-0', 'skew-heat', 'skew-curve'];

/// Waits until the results shown are for the current inputs: a result, not marked out of
/// date, and no run in progress; returns the results table's cells by row label.
async function current(page) {
  await page
    .waitForFunction(
      () => document.getElementById('skew-where') && !document.getElementById('skew-run-stale') && !document.querySelector('#skew-status progress'),
      null,
      { timeout: RUN_TIMEOUT_MS },
    )
    .catch(async () => {
      const status = await page.locator('#skew-status').allInnerTexts();
      assert.fail(`no current result (status: ${JSON.stringify(status)})`);
    });
  return page.$$eval('.skew-compare tbody tr', (rows) =>
    Object.fromEntries(rows.map((r) => [r.querySelector('th').innerText.trim(), [...r.querySelectorAll('td')].map((td) => td.innerText.trim())])),
  );
}

/// "12.3% ± 0.4%" → 0.123 (the estimate, before its interval).
const share = (text) => Number.parseFloat(text) / 100;

/// "12.3% ± 0.4%" → 0.004, "1.91 ± 0.05" → 0.05: the interval's half-width.
const halfWidth = (text) => {
  const m = /±\s*([\d.]+)/.exec(text);
  assert.ok(m, `no ± in "${text}"`);
  return Number(m[1]) / (text.trim().endsWith('%') ? 100 : 1);
};

/// Every option of every select on the page whose text is wider than the box shows (a closed
/// select shows its chosen option's text in one line and clips the rest).
async function clippedOptions(page) {
  return page.$$eval('select', (selects) => {
    const ctx = document.createElement('canvas').getContext('2d');
    const clipped = [];
    for (const select of selects) {
      const css = getComputedStyle(select);
      ctx.font = `${css.fontWeight} ${css.fontSize} ${css.fontFamily}`;
      // The drop-down arrow takes about 24 px of the box in Chromium.
      const room = select.clientWidth - parseFloat(css.paddingLeft) - parseFloat(css.paddingRight) - 24;
      for (const option of select.options) {
        const width = ctx.measureText(option.text).width;
        if (width > room) clipped.push(`#${select.id} "${option.text}": ${Math.round(width)} px in ${Math.round(room)} px`);
      }
    }
    return clipped;
  });
}

async function chartsDrawn(page, ids = CHARTS) {
  for (const id of ids) {
    await page
      .waitForFunction((id) => {
        const canvas = document.getElementById(id);
        if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        const colours = new Set();
        for (let i = 0; i < data.length && colours.size < 3; i += 4 * 7) colours.add((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]);
        return colours.size > 1;
      }, id)
      .catch(() => assert.fail(`#${id} is not drawn`));
  }
}

describe('partition skew visualiser', { timeout: 180_000 }, () => {
  let env;
  let presets = [];
  before(async () => {
    env = await start();
    presets = await withPage(env, 'skew-presets', {}, async (page) => {
      await open(page, env.base, SKEW);
      return page.$$eval('#skew-preset option', (o) => o.map((x) => x.value).filter((v) => v !== 'custom'));
    });
    assert.ok(presets.length >= 6, `#skew-preset offers ${presets.length} presets`);
  });
  after(async () => env?.close());

  test('every preset runs in a background worker, passes its checks and draws its charts', async (t) => {
    for (const preset of presets) {
      await t.test(preset, async () => {
        await withPage(env, `skew-${preset}`, {}, async (page) => {
          await open(page, env.base, SKEW, `preset=${preset}`);
          assert.equal(await page.locator('#skew-preset').inputValue(), preset);
          const rows = await current(page);
          assert.ok(rows['Throttled requests'].length >= 1, `${preset}: no scheme column`);
          assert.match(await page.locator('#skew-where').innerText(), /in a background worker/);
          await chartsDrawn(page);
          const summary = await page.locator('.checks-summary').innerText();
          const [passed, total] = summary.match(/(\d+) of (\d+)/).slice(1).map(Number);
          assert.equal(passed, total, `${preset}: ${summary}`);
        });
      });
    }
  });

  test('hash vs range: Zipf and monotonic inserts throttle where the theory says; screenshots', async (t) => {
    for (const [preset, viewport] of [['zipf', DESKTOP], ['zipf', PHONE], ['inserts', DESKTOP], ['inserts', PHONE]]) {
      const name = `skew-${preset}-${viewport.width}`;
      await t.test(name, async () => {
        await withPage(env, name, { viewport }, async (page) => {
          await open(page, env.base, SKEW, `preset=${preset}`);
          const rows = await current(page);
          const [first, second] = rows['Throttled requests'].map(share);
          const busiest = rows['Busiest partition'];
          if (preset === 'zipf') {
            // Hash first, range second: clustered Zipf puts the head on range partition p0.
            assert.ok(second > first, `range throttles more than hash under clustered Zipf: ${first} vs ${second}`);
            assert.match(busiest[1], /^p0: /);
          } else {
            // Range first: every insert goes to the last partition (100% of the load), hash spreads them.
            assert.match(busiest[0], /^p9: 100\.0%$/);
            assert.ok(first > 0.5 && second === 0, `inserts: range ${first}, hash ${second}`);
          }
          await chartsDrawn(page);
          await settled(page);
          await page.screenshot({ path: artifact(`${name}.png`), fullPage: true });
          if (viewport.width <= PHONE.width) await assertNoSidewaysScroll(page, `#/skew?preset=${preset} at ${viewport.width} px`, artifact(`${name}.png`));
        });
      });
    }
  });

  test('no select clips its labels, at desktop and phone widths', async () => {
    for (const viewport of [DESKTOP, PHONE, { width: 390, height: 800 }]) {
      await withPage(env, `skew-selects-${viewport.width}`, { viewport }, async (page) => {
        // Every select shown: the equal split shows the table fields, hot keys the map select.
        await open(page, env.base, SKEW, `${QUICK}&caps=split`);
        assert.deepEqual(await clippedOptions(page), [], `at ${viewport.width} px`);
        // The measure itself: the label this select once had is flagged (added by script, as a
        // probe of the check, not as a user would).
        await page.locator('#skew-model').evaluate((select) => select.add(new Option('reads + writes together (the book: “or a combination”)', 'probe')));
        assert.equal((await clippedOptions(page)).length, 1, `at ${viewport.width} px: the old label fits?`);
      });
    }
  });

  test('the headline numbers carry their Monte Carlo error, and the expected loads are drawn', async () => {
    await withPage(env, 'skew-error', {}, async (page) => {
      await open(page, env.base, SKEW, 'preset=zipf');
      const rows = await current(page);
      for (const [row, cells] of [['Throttled requests', rows['Throttled requests']], ['Max/mean load', rows['Max/mean load']]]) {
        for (const cell of cells) assert.ok(halfWidth(cell) > 0, `${row}: "${cell}" has no error`);
      }
      assert.match(await page.locator('#skew-error-note').innerText(), /jackknife over 10 blocks/);
      // Zipf has an exact law: the legend names the expected loads, and the data note the sizes.
      assert.match(await page.locator('#skew-load-legend-0').innerText(), /expected \(exact\) ± 2 sd/);
      assert.match(await page.locator('#skew-data-note-0').innerText(), /Largest: p\d+ holds [\d.,]+ [KMG]B \([\d.]+% of the 10 GB limit\)/);
      // Another seed lands within a few intervals of this one (the interval is honest).
      const [mm] = rows['Max/mean load'];
      await typeInto(page, 'skew-seed', '2');
      const again = await current(page);
      const [mm2] = again['Max/mean load'];
      assert.ok(Math.abs(share(mm) - share(mm2)) * 100 < 4 * (halfWidth(mm) + halfWidth(mm2)), `${mm} vs ${mm2}`);
    });
  });

  test('a long run shows progress, and Cancel stops it', async () => {
    await withPage(env, 'skew-cancel', {}, async (page) => {
      await open(page, env.base, SKEW, 'requests=100000000&shards=50');
      const progress = page.locator('#skew-status progress');
      await progress.waitFor({ timeout: RUN_TIMEOUT_MS });
      await page.waitForFunction(() => Number(document.querySelector('#skew-status progress')?.value) > 0);
      assert.ok(await page.locator('#skew-run').isDisabled(), 'Run is disabled while running');
      // The page answers meanwhile: the theory follows a keystroke.
      await typeInto(page, 'skew-theta', '1');
      await expectText(page, 'skew-zeta', '12.090');
      await page.locator('#skew-cancel').click();
      await expectText(page, 'skew-status', 'Cancelled');
      assert.equal(await page.locator('#skew-cancel').getAttribute('aria-disabled'), 'true');
      assert.ok(await page.locator('#skew-run').isEnabled());
    });
  });

  test("the issue's bad inputs get a message and the results stay", async () => {
    await withPage(env, 'skew-bad', {}, async (page) => {
      await open(page, env.base, SKEW, QUICK);
      await current(page);
      const before = await page.locator('.skew-compare').innerText();
      const p1 = await page.locator('#skew-p1').innerText();
      for (const [id, junk, message] of [
        ['skew-theta', '-0.1', /between 0 and 10/],
        ['skew-parts', '0', /at least 1/],
        ['skew-keys', '1000000000000', /at most 10,000,000,000/],
      ]) {
        // Pasted whole: typed key by key, 1000000000000 passes through valid counts on its way.
        await page.locator(`#${id}`).fill(junk);
        await page.locator(`#${id}-error`).waitFor();
        assert.match(await page.locator(`#${id}-error`).innerText(), message, `#${id}`);
        assert.equal(await page.locator('#skew-p1').innerText(), p1, `#${id}: the theory moved`);
        assert.match(await page.locator('#skew-status').innerText(), /Not run/);
        assert.equal(await page.locator('.skew-compare').innerText(), before, `#${id}: the results moved`);
        const good = id === 'skew-theta' ? '0.99' : id === 'skew-parts' ? '10' : '100000';
        await page.locator(`#${id}`).fill(good);
        await page.locator(`#${id}-error`).waitFor({ state: 'detached' });
      }
      await page.locator('#skew-dist').selectOption('hot-keys');
      await typeInto(page, 'skew-hotkeys', '1:0.6, 2:0.6');
      // The message follows the last keystroke's render.
      await page
        .waitForFunction(() => /more than 1/.test(document.getElementById('skew-hotkeys-error')?.innerText ?? ''))
        .catch(async () => assert.fail(`#skew-hotkeys-error: ${await page.locator('#skew-hotkeys-error').allInnerTexts()}`));
    });
  });

  test('an edited state survives its link', async () => {
    await withPage(env, 'skew-link', {}, async (page) => {
      await open(page, env.base, SKEW, QUICK);
      await page.locator('#skew-dist').selectOption('hotspot');
      await typeInto(page, 'skew-hotops', '95');
      await page.locator('#skew-scheme').selectOption('consistent');
      await typeInto(page, 'skew-vnodes', '8');
      const rows = await current(page);
      const url = page.url();
      assert.match(url, /dist=hotspot/);
      assert.match(url, /hotops=95/);
      await withPage(env, 'skew-link-reopened', {}, async (again) => {
        await again.goto(url);
        assert.equal(await again.locator('#skew-scheme').inputValue(), 'consistent');
        assert.equal(await again.locator('#skew-hotops').inputValue(), '95');
        assert.deepEqual(await current(again), rows, 'the same stream gives the same results');
      });
    });
  });
});

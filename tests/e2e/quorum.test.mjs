// The quorum explorer (#/quorum) end to end: the rules follow N, R and W; the Monte Carlo curve,
// its band, the t-visibility and the (R, W) table compute by themselves on the worker pool and
// draw; the result for a seed is the same on one worker as on four; a long run shows progress
// and cancels; "Show me a stale trial" finds one and says why; bad input gets its message while
// the results keep the last valid values; a link reopens the same state; the published checks
// pass; screenshots at desktop and phone widths (no sideways scroll on the phone).

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, artifact, assertNoSidewaysScroll, expectText, open, settled, start, typeInto, withPage } from './lib.mjs';

const QUORUM = { name: 'quorum', hash: '#/quorum', slug: 'quorum' };
const RUN_TIMEOUT_MS = 60_000;
/// A run long enough to watch: 15 replicas with read repair at 1,000 background reads per ms (up
/// to 64 per trial, each drawing 30 delays) on a slow write leg, a million trials.
const LONG = 'n=15&p=exp&lw=0.01&rp=1&rr=1000&m=1000000';

/// Waits until the curve's result is current (not out of date, no run in progress).
async function curve(page) {
  await page
    .waitForFunction(
      () => document.getElementById('quorum-sim-where') && !document.querySelector('#quorum-results.out-of-date') &&
        !document.querySelector('#quorum-sim-status progress'),
      null,
      { timeout: RUN_TIMEOUT_MS },
    )
    .catch(async () => assert.fail(`no current curve (status: ${JSON.stringify(await page.locator('#quorum-sim-status').allInnerTexts())})`));
  return {
    tvis: await page.locator('#quorum-tvis').innerText(),
    p0: await page.locator('#quorum-p0').innerText(),
    latency: await page.locator('#quorum-latency').innerText(),
    run: Number(await page.locator('#quorum-sim-where').getAttribute('data-run')),
  };
}

async function table(page) {
  await page.locator('#quorum-table').waitFor({ timeout: RUN_TIMEOUT_MS });
  await page.waitForFunction(() => !document.querySelector('#quorum-table-status progress'), null, { timeout: RUN_TIMEOUT_MS });
  return page.locator('#quorum-table').innerText();
}

/// Waits until the canvas `#id` has more than one colour painted.
async function drawn(page, id) {
  await page.waitForFunction((id) => {
    const c = document.getElementById(id);
    if (!c || !c.width || !c.height) return false;
    const { data } = c.getContext('2d').getImageData(0, 0, c.width, c.height);
    const colours = new Set();
    for (let i = 0; i < data.length && colours.size < 3; i += 4 * 7) colours.add((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]);
    return colours.size > 1;
  }, id, { timeout: RUN_TIMEOUT_MS });
}

describe('quorum explorer', { timeout: 240_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  test('the defaults compute the curve, the table and a trial; screenshots at desktop and phone widths', async (t) => {
    for (const [viewport, theme] of [[DESKTOP, 'light'], [PHONE, 'light'], [DESKTOP, 'dark']]) {
      const name = `quorum-${viewport.width}-${theme}`;
      await t.test(name, async () => {
        await withPage(env, name, { viewport, colorScheme: theme }, async (page) => {
          await open(page, env.base, QUORUM);
          const c = await curve(page);
          // LNKD-DISK, N = 3, R = W = 1: the paper's t-visibility at 99.9% is tens of ms.
          assert.match(c.tvis, /^\d+(\.\d+)? ms to reach 99\.9/, c.tvis);
          assert.match(c.p0, /P\(consistent\) at commit: \d/, c.p0);
          const rows = await table(page);
          assert.equal((rows.match(/\n/g) ?? []).length >= 9, true, rows);
          assert.match(rows, /★/, 'some configuration is on the frontier');
          await drawn(page, 'quorum-curve');
          await drawn(page, 'quorum-frontier');
          assert.equal(await page.locator('#quorum-trial-svg line.quorum-msg').count(), 12, 'four messages per replica');
          await expectText(page, 'quorum-trial-why', 'replica');
          await settled(page);
          if (viewport === PHONE) await assertNoSidewaysScroll(page, name);
          await page.screenshot({ path: artifact(`${name}.png`), fullPage: true });
          await page.locator('#quorum-curve').screenshot({ path: artifact(`${name}-curve.png`) });
          await page.locator('#quorum-table').screenshot({ path: artifact(`${name}-table.png`) });
          await page.locator('#quorum-trial-svg').screenshot({ path: artifact(`${name}-trial.png`) });
        });
      });
    }
  });

  test('the rules follow N, R and W; a strict quorum is always consistent', async () => {
    await withPage(env, 'quorum-rules', {}, async (page) => {
      await open(page, env.base, QUORUM);
      await expectText(page, 'quorum-strict', 'Partial quorum');
      await expectText(page, 'quorum-facts', 'acked by replicas 1 only, the read reaches 2');
      await expectText(page, 'quorum-p-stale', '0.666667');
      await typeInto(page, 'quorum-r', '2');
      await typeInto(page, 'quorum-w', '2');
      await expectText(page, 'quorum-strict', 'Strict quorum');
      await expectText(page, 'quorum-p-stale', '0.000000');
      const c = await curve(page);
      assert.match(c.tvis, /^0\.000 ms/, c.tvis);
      assert.match(c.p0, /100\.0%/, c.p0);
      // The book's 3+3 keyspace: QUORUM writes and LOCAL_QUORUM reads can miss.
      await expectText(page, 'quorum-overlap', 'Can miss');
      await page.locator('#quorum-rl').selectOption('QUORUM');
      await expectText(page, 'quorum-overlap', 'Always overlap');
      await expectText(page, 'quorum-levels', '4 of 6');
    });
  });

  test('one worker and four give the same bits for a seed', async () => {
    const results = [];
    for (const cores of [1, 4]) {
      results.push(await withPage(env, `quorum-cores-${cores}`, {}, async (page) => {
        await page.addInitScript((n) => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => n }), cores);
        await open(page, env.base, QUORUM, 'p=ymmr&m=50000&seed=9');
        const c = await curve(page);
        const rows = await table(page);
        await expectText(page, 'quorum-sim-where', '50000 trials');
        return { ...c, run: 0, rows };
      }));
    }
    assert.deepEqual(results[0], results[1]);
  });

  test('a long run shows progress, keeps the page responsive, and Cancel stops it', async () => {
    await withPage(env, 'quorum-long', {}, async (page) => {
      await open(page, env.base, QUORUM, LONG);
      await page.locator('#quorum-sim-status progress').waitFor({ timeout: RUN_TIMEOUT_MS });
      // The page answers while the workers compute.
      await typeInto(page, 'quorum-k', '2');
      // N = 15, R = W = 1: 1 − (14/15)².
      await expectText(page, 'quorum-within-k', '0.128889');
      await expectText(page, 'quorum-run', 'Cancel');
      await page.locator('#quorum-run').click();
      await expectText(page, 'quorum-sim-status', 'Cancelled');
      assert.equal(await page.locator('#quorum-sim-status progress').count(), 0);
    });
  });

  test('"Show me a stale trial" finds one, by index, and says why it was stale', async () => {
    await withPage(env, 'quorum-stale', {}, async (page) => {
      await open(page, env.base, QUORUM, 'p=exp');
      await page.locator('#quorum-stale').click();
      await expectText(page, 'quorum-trial-why', 'Stale:');
      const index = await page.locator('#quorum-trial').inputValue();
      assert.ok(Number(index) > 0, index);
      assert.ok(await page.locator('#quorum-trial-svg line.quorum-stale').count() >= 1, 'the stale read request is marked');
      assert.match(page.url(), new RegExp(`[?&]i=${index}(&|$)`));
      // The link reopens that trial.
      await open(page, env.base, QUORUM, new URL(page.url()).hash.split('?')[1]);
      await expectText(page, 'quorum-trial-why', 'Stale:');
    });
  });

  test('bad input gets its message; the results keep the last valid values and say so', async () => {
    await withPage(env, 'quorum-bad', {}, async (page) => {
      await open(page, env.base, QUORUM);
      await curve(page);
      const pStale = await page.locator('#quorum-p-stale').innerText();
      await typeInto(page, 'quorum-r', '4');
      await expectText(page, 'quorum-r-error', 'R must be between 1 and N = 3');
      assert.equal(await page.locator('#quorum-p-stale').innerText(), pStale);
      await expectText(page, 'quorum-rules-title', 'W + R > N');
      await page.getByText('the last valid values').waitFor();
      await expectText(page, 'quorum-sim-status', 'Not run');
      await typeInto(page, 'quorum-r', '1');
      await typeInto(page, 'quorum-trials', '1000000000000');
      await expectText(page, 'quorum-trials-error', 'must be from 1 to 1000000');
      await typeInto(page, 'quorum-trials', '0');
      await expectText(page, 'quorum-trials-error', 'must be from 1 to 1000000');
      await page.locator('#quorum-preset').selectOption('exp');
      await typeInto(page, 'quorum-lw', 'NaN');
      await expectText(page, 'quorum-lw-error', 'finite number');
    });
  });

  test('the published checks all pass', async () => {
    await withPage(env, 'quorum-checks', {}, async (page) => {
      await open(page, env.base, QUORUM);
      // The book's two figures at once, the Monte Carlo ones when the worker is done.
      await page.waitForFunction(() => /\b([3-9]\d) of/.test(document.querySelector('.checks-summary')?.innerText ?? ''), null, { timeout: RUN_TIMEOUT_MS });
      const summary = await page.locator('.checks-summary').innerText();
      assert.match(summary, /(\d+) of \1 published figures/, summary);
      assert.equal(await page.locator('.checks-summary.pass').count(), 1, summary);
    });
  });
});

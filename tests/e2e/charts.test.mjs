// Reading charts as a user does: the pointer over a chart shows the value under it in a
// tooltip whose number matches the chart's Data table; on the focused canvas the arrow keys
// (and Home/End) step through the values and Esc hides them; a tap on a phone shows one; the
// Data table opens under the chart; the lab's outage histogram labels four or more durations on
// its axis, a narrow run included. Screenshots of a tooltip on show at desktop and phone widths
// are saved as artifacts/charts-*.png.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { PHONE, artifact, assertNoSidewaysScroll, open, settled, start, withPage } from './lib.mjs';

const LAB = { name: 'availability', hash: '#/availability', slug: 'availability' };
const NINES = { name: 'nines', hash: '#/nines', slug: 'nines' };
const LAB_RUN = 'preset=web-stack&years=300&seed=1';
const RUN_TIMEOUT_MS = 30_000;

/// One component whose repairs all take about 40 minutes: every outage lands in one or two bins.
const NARROW = {
  name: 'Steady repairs',
  components: [
    { id: 'a', name: 'App', mtbf_hours: 500, mttr_hours: 0.7, mttd_hours: 0, repair: { kind: 'lognormal', cv: 0.02 } },
  ],
  root: { unit: { component: 'a' } },
};

/// Seconds per unit word of `sdlab_sim::units::format_duration`.
const UNIT_S = {
  ns: 1e-9, 'µs': 1e-6, ms: 1e-3, second: 1, seconds: 1, minute: 60, minutes: 60,
  hour: 3600, hours: 3600, day: 86400, days: 86400,
};

/// "52.6 minutes" → seconds.
function seconds(text) {
  const m = /^([\d.]+) (\S+)$/.exec(text.trim());
  assert.ok(m && UNIT_S[m[2]] !== undefined, `not a duration: ${JSON.stringify(text)}`);
  return Number(m[1]) * UNIT_S[m[2]];
}

/// Whether `a` is within `rel` (relative) of `b`.
function near(a, b, rel = 0.006) {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-12;
}

/// The tooltip of chart `id` once it shows; fails if it never does.
async function tipText(page, id) {
  const tip = page.locator(`#${id}-tip`);
  await tip.waitFor({ state: 'visible' });
  return (await tip.innerText()).trim();
}

/// Waits until the tooltip says something other than `before`.
async function nextTip(page, id, before) {
  await page.waitForFunction(
    ([id, before]) => {
      const tip = document.getElementById(`${id}-tip`);
      return tip && !tip.hidden && tip.innerText.trim() !== before;
    },
    [id, before],
  );
  return tipText(page, id);
}

/// Opens the chart's Data table with a click on its summary; returns { headers, rows } as
/// numbers where a cell is one (thousands separators dropped).
async function openData(page, id) {
  const details = page.locator(`#${id}-data`);
  assert.equal(await details.getAttribute('open'), null, 'the Data table starts collapsed');
  await details.locator('summary').click();
  await page.locator(`#${id}-table`).waitFor({ state: 'visible' });
  const described = await page.locator(`#${id}`).getAttribute('aria-describedby');
  assert.equal(described, `${id}-data`, 'the canvas is described by its data table');
  return page.$eval(`#${id}-table`, (table) => {
    const cell = (c) => {
      const text = c.textContent.trim();
      const n = Number(text.replace(/,/g, ''));
      return text !== '' && Number.isFinite(n) ? n : text;
    };
    return {
      headers: [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim()),
      rows: [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map(cell)),
    };
  });
}

/// The downtime chart's tooltip, checked against the table: the row of its nines, the column
/// of its period.
function checkNinesTip(text, data) {
  const m = /^per (\w+) at (\d+)\.00 nines \(([\d.]+)%\): (.+)$/.exec(text);
  assert.ok(m, `unexpected tooltip ${JSON.stringify(text)}`);
  const [, period, nines, , downtime] = m;
  const column = data.headers.indexOf(`seconds per ${period}`);
  assert.ok(column > 0, `no column for ${period}: ${data.headers}`);
  const row = data.rows.find((r) => r[0] === Number(nines));
  assert.ok(row, `no row for ${nines} nines`);
  assert.ok(near(seconds(downtime), row[column]), `${text}: the table says ${row[column]} s`);
}

/// "outages 30.0–45.0 minutes: 37", "outages under 1.58 seconds: 3" → the bin's ends in hours
/// (one may be null) and its count.
function parseBin(text) {
  const m = /^outages (.+): (\d+)$/.exec(text);
  assert.ok(m, `unexpected tooltip ${JSON.stringify(text)}`);
  const [, span, count] = m;
  const hours = (t) => seconds(t) / 3600;
  let lo = null;
  let hi = null;
  if (span.startsWith('under ')) hi = hours(span.slice(6));
  else if (span.startsWith('over ')) lo = hours(span.slice(5));
  else if (span.includes(' – ')) [lo, hi] = span.split(' – ').map(hours);
  else {
    const s = /^([\d.]+)–([\d.]+) (\S+)$/.exec(span);
    assert.ok(s, `unexpected span ${JSON.stringify(span)}`);
    [lo, hi] = [hours(`${s[1]} ${s[3]}`), hours(`${s[2]} ${s[3]}`)];
  }
  return { lo, hi, count: Number(count) };
}

/// The histogram's row for a tooltip: its edges match, and so does its count.
function checkBinTip(text, data) {
  assert.deepEqual(data.headers, ['from (hours)', 'to (hours)', 'outages']);
  const { lo, hi, count } = parseBin(text);
  const row = data.rows.find((r) => (lo === null || near(r[0], lo)) && (hi === null || near(r[1], hi)));
  assert.ok(row, `no bin for ${text} in ${JSON.stringify(data.rows)}`);
  assert.equal(row[2], count, `${text}: the table says ${row[2]}`);
  return data.rows.indexOf(row);
}

/// Clicks `#id` and returns the download's bytes as text.
async function downloadText(page, id) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#${id}`).click()]);
  return readFileSync(await download.path(), 'utf8');
}

/// The duration tick labels in an SVG document ("1 min", "2.5 h", "1 day").
async function durationLabels(page, svg) {
  const texts = await page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    return [...doc.querySelectorAll('text')].map((t) => t.textContent.trim());
  }, svg);
  return texts.filter((t) => /^\d+(\.\d+)? (s|min|h|days?|weeks?|years?)$/.test(t));
}

describe('charts', { timeout: 180_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  async function lab(page, query = LAB_RUN) {
    await open(page, env.base, LAB, query);
    await page.locator('#lab-sim-where').waitFor({ timeout: RUN_TIMEOUT_MS });
    await page.locator('#lab-histogram').scrollIntoViewIfNeeded();
    await settled(page);
  }

  test('the downtime chart: hover, keys and the Data table agree', async () => {
    await withPage(env, 'charts-nines', {}, async (page) => {
      await open(page, env.base, NINES, 'a=99.95');
      const id = 'nines-chart';
      const canvas = page.locator(`#${id}`);
      await canvas.scrollIntoViewIfNeeded();
      await settled(page);
      const box = await canvas.boundingBox();
      // The middle of the plot, then towards its right: another point.
      await canvas.hover({ position: { x: box.width * 0.5, y: box.height * 0.4 } });
      const hovered = await tipText(page, id);
      await page.locator(`#${id}-tip`).screenshot({ path: artifact('charts-nines-tip-only.png') });
      await page.locator('.chart-card').screenshot({ path: artifact('charts-nines-desktop.png') });
      await canvas.hover({ position: { x: box.width * 0.85, y: box.height * 0.4 } });
      const further = await nextTip(page, id, hovered);
      const data = await openData(page, id);
      assert.ok(data.rows.length >= 7, `${data.rows.length} rows`);
      checkNinesTip(hovered, data);
      checkNinesTip(further, data);
      assert.ok(Number(/at (\d+)/.exec(further)[1]) > Number(/at (\d+)/.exec(hovered)[1]), `${hovered} → ${further}`);

      // Keyboard: the canvas takes focus; Home is the first point, → the next, Esc hides.
      await page.mouse.move(0, 0);
      await page.locator(`#${id}-tip`).waitFor({ state: 'hidden' });
      await canvas.click({ position: { x: 5, y: 5 } });
      assert.ok(await canvas.evaluate((c) => document.activeElement === c), 'the canvas has focus');
      await page.keyboard.press('Home');
      const first = await tipText(page, id);
      assert.match(first, /^per year at 1\.00 nines \(90%\): /);
      checkNinesTip(first, data);
      await page.keyboard.press('ArrowRight');
      const second = await nextTip(page, id, first);
      checkNinesTip(second, data);
      await page.keyboard.press('End');
      const last = await nextTip(page, id, second);
      checkNinesTip(last, data);
      await page.keyboard.press('ArrowLeft');
      checkNinesTip(await nextTip(page, id, last), data);
      await page.keyboard.press('Escape');
      await page.locator(`#${id}-tip`).waitFor({ state: 'hidden' });
    });
  });

  test('the lab: the histogram, the timeline and the burn-down each say what is under the pointer', async () => {
    await withPage(env, 'charts-lab', { acceptDownloads: true }, async (page) => {
      await lab(page);
      // The histogram: the bin under the pointer is the table's row.
      const id = 'lab-histogram';
      const canvas = page.locator(`#${id}`);
      await canvas.hover();
      const hovered = await tipText(page, id);
      await page.locator('.sim-charts').screenshot({ path: artifact('charts-lab-desktop.png') });
      const bins = await openData(page, id);
      await page.locator(`#${id}-data`).screenshot({ path: artifact('charts-lab-data.png') });
      checkBinTip(hovered, bins);
      // Home is the first bin, → the second: the table's first rows.
      await canvas.click();
      await page.keyboard.press('Home');
      const first = await nextTip(page, id, hovered);
      assert.equal(checkBinTip(first, bins), 0, first);
      await page.keyboard.press('ArrowRight');
      assert.equal(checkBinTip(await nextTip(page, id, first), bins), 1);
      await page.keyboard.press('Escape');
      await page.locator(`#${id}-tip`).waitFor({ state: 'hidden' });

      // The timeline: a click shows the nearest outage, which the table lists.
      const lanes = await openData(page, 'lab-timeline');
      assert.deepEqual(lanes.headers, ['lane', 'down from (hour)', 'down to (hour)']);
      await page.locator('#lab-timeline').click();
      const outage = await tipText(page, 'lab-timeline');
      const m = /^(.+) down at day ([\d.]+) for (.+)$/.exec(outage);
      assert.ok(m, `unexpected tooltip ${JSON.stringify(outage)}`);
      const [, lane, day, lasted] = m;
      const row = lanes.rows.find(
        (r) => r[0] === lane && Math.abs(r[1] / 24 - Number(day)) <= 0.051 && near((r[2] - r[1]) * 3600, seconds(lasted)),
      );
      assert.ok(row, `${outage} is not in ${JSON.stringify(lanes.rows.slice(0, 20))}`);
      await page.locator('#lab-timeline').screenshot({ path: artifact('charts-timeline-desktop.png') });
      await page.keyboard.press('End');
      assert.match(await tipText(page, 'lab-timeline'), / down at day [\d.]+ for /);

      // The burn-down: the point under the pointer is a row of the table.
      const burn = page.locator('#lab-burn-down');
      await burn.scrollIntoViewIfNeeded();
      await burn.hover();
      const left = await tipText(page, 'lab-burn-down');
      await page.locator('#lab-burn').screenshot({ path: artifact('charts-burn-down-desktop.png') });
      const b = /^budget left at day ([\d.]+): (-?[\d.]+)%$/.exec(left);
      assert.ok(b, `unexpected tooltip ${JSON.stringify(left)}`);
      const points = await openData(page, 'lab-burn-down');
      assert.ok(
        points.rows.some((r) => Math.abs(r[0] / 24 - Number(b[1])) <= 0.051 && Math.abs(r[1] * 100 - Number(b[2])) <= 0.051),
        `${left} is not in ${JSON.stringify(points.rows)}`,
      );

      // The histogram's SVG download names four or more durations on its axis.
      const labels = await durationLabels(page, await downloadText(page, 'lab-histogram-svg'));
      assert.ok(labels.length >= 4, `tick labels: ${labels}`);
    });
  });

  test('the lab: a narrow run still gets four duration ticks', async () => {
    await withPage(env, 'charts-narrow', { acceptDownloads: true }, async (page) => {
      await lab(page, `d=${encodeURIComponent(JSON.stringify(NARROW))}&years=300&seed=2`);
      const bins = await openData(page, 'lab-histogram');
      assert.ok(bins.rows.length <= 4, `a narrow run: ${bins.rows.length} bins`);
      const labels = await durationLabels(page, await downloadText(page, 'lab-histogram-svg'));
      assert.ok(labels.length >= 4, `tick labels: ${labels}`);
    });
  });

  test('on a phone a tap shows the value, inside the page', async () => {
    const phone = { viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 2 };
    await withPage(env, 'charts-phone', phone, async (page) => {
      await lab(page);
      const id = 'lab-histogram';
      const canvas = page.locator(`#${id}`);
      await canvas.tap();
      const text = await tipText(page, id);
      assert.match(text, /^outages .+: \d+$/);
      await settled(page);
      await page.locator('.sim-charts > div').first().screenshot({ path: artifact('charts-lab-phone.png') });
      await assertNoSidewaysScroll(page, 'the lab with a tooltip at 380 px');
      const tip = await page.locator(`#${id}-tip`).boundingBox();
      const box = await canvas.boundingBox();
      assert.ok(tip.x >= box.x - 1 && tip.x + tip.width <= box.x + box.width + 1, `the tooltip leaves the chart: ${JSON.stringify({ tip, box })}`);
    });
    await withPage(env, 'charts-phone-nines', phone, async (page) => {
      await open(page, env.base, NINES, 'a=99.95');
      const canvas = page.locator('#nines-chart');
      await canvas.scrollIntoViewIfNeeded();
      await settled(page);
      const box = await canvas.boundingBox();
      await canvas.tap({ position: { x: box.width * 0.8, y: box.height * 0.3 } });
      assert.match(await tipText(page, 'nines-chart'), /^per \w+ at \d+\.00 nines/);
      await settled(page);
      await page.locator('.chart-card').screenshot({ path: artifact('charts-nines-phone.png') });
      await assertNoSidewaysScroll(page, 'the downtime page with a tooltip at 380 px');
    });
  });
});

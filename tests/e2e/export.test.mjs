// Export, as a user gets it: every chart downloads as an SVG document (drawn by the charts
// crate, real <text>), a PNG of the canvas and a CSV of its numbers; result tables download as
// CSV; results as JSON in the CLI's `--json` schema. Each file arrives and parses.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { open, start, withPage } from './lib.mjs';

const LAB = { name: 'availability', hash: '#/availability', slug: 'availability' };
const NINES = { name: 'nines', hash: '#/nines', slug: 'nines' };

/// Clicks `#id` and returns the download's suggested name and bytes.
async function downloadOf(page, id) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`#${id}`).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/// RFC 4180 rows (quoted fields, doubled quotes, CRLF).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else if (c !== '\r') field += c;
  }
  return rows;
}

function assertCsv({ name, bytes }, expectName, minRows) {
  assert.equal(name, expectName);
  const rows = parseCsv(bytes.toString('utf8'));
  assert.ok(rows.length > minRows, `${name}: ${rows.length} rows`);
  const width = rows[0].length;
  assert.ok(width >= 2, `${name}: header ${JSON.stringify(rows[0])}`);
  for (const r of rows) assert.equal(r.length, width, `${name}: ragged row ${JSON.stringify(r)}`);
  return rows;
}

async function assertSvg(page, { name, bytes }, expectName, mustContain) {
  assert.equal(name, expectName);
  const text = bytes.toString('utf8');
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.nodeName,
      texts: [...doc.querySelectorAll('text')].map((t) => t.textContent),
    };
  }, text);
  assert.equal(parsed.error, null, `${name} does not parse`);
  assert.equal(parsed.root, 'svg');
  assert.ok(parsed.texts.some((t) => t.includes(mustContain)), `${name} has no text "${mustContain}": ${parsed.texts.slice(0, 10)}`);
}

function assertPng({ name, bytes }, expectName) {
  assert.equal(name, expectName);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${name} is not a PNG`);
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  assert.ok(width > 100 && height > 100, `${name} is ${width}×${height}`);
}

describe('export', { timeout: 120_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  // Chromium lets one page start only so many downloads in a row, so each test opens its own.
  async function lab(name, fn) {
    await withPage(env, name, { acceptDownloads: true }, async (page) => {
      await open(page, env.base, LAB, 'preset=web-stack&years=300&seed=1');
      await page.locator('#lab-sim-where').waitFor({ timeout: 30_000 });
      await fn(page);
    });
  }

  test('the lab: the histogram as SVG, PNG and CSV', async () => {
    await lab('export-lab-histogram', async (page) => {
      await assertSvg(page, await downloadOf(page, 'lab-histogram-svg'), 'lab-histogram.svg', 'outage duration');
      assertPng(await downloadOf(page, 'lab-histogram-png'), 'lab-histogram.png');
      const bins = assertCsv(await downloadOf(page, 'lab-histogram-csv'), 'lab-histogram.csv', 1);
      assert.deepEqual(bins[0], ['from (hours)', 'to (hours)', 'outages']);
    });
  });

  test('the lab: the timeline and the burn-down as SVG and CSV', async () => {
    await lab('export-lab-timeline', async (page) => {
      await assertSvg(page, await downloadOf(page, 'lab-timeline-svg'), 'lab-timeline.svg', 'System');
      assertCsv(await downloadOf(page, 'lab-timeline-csv'), 'lab-timeline.csv', 0);
      await assertSvg(page, await downloadOf(page, 'lab-burn-down-svg'), 'lab-burn-down.svg', '%');
      assertCsv(await downloadOf(page, 'lab-burn-down-csv'), 'lab-burn-down.csv', 1);
    });
  });

  test('the lab: the analysis and budget tables as CSV', async () => {
    await lab('export-lab-tables', async (page) => {
      const impacts = assertCsv(await downloadOf(page, 'lab-impacts-csv'), 'lab-impacts.csv', 2);
      const shown = await page.locator('#lab-impacts tbody tr').count();
      assert.equal(impacts.length - 1, shown, 'the CSV holds the rows the table shows');
      assertCsv(await downloadOf(page, 'lab-downtime-csv'), 'lab-downtime.csv', 3);
      assertCsv(await downloadOf(page, 'lab-tiers-csv'), 'lab-tiers.csv', 2);
      assertCsv(await downloadOf(page, 'lab-incident-results-csv'), 'lab-incident-results.csv', 2);
    });
  });

  test('the lab: the simulation results as CSV and as JSON in the CLI schema', async () => {
    await lab('export-lab-results', async (page) => {
      assertCsv(await downloadOf(page, 'lab-sim-results-csv'), 'lab-sim-results.csv', 4);
      const json = await downloadOf(page, 'lab-sim-results-json');
      assert.equal(json.name, 'lab-sim-results.json');
      const results = JSON.parse(json.bytes.toString('utf8'));
      // The schema of `sdlab nines simulate --json`.
      assert.deepEqual(Object.keys(results).sort(), ['availability', 'ci95', 'mtbf_hours', 'mttr_hours', 'outages']);
      assert.ok(results.ci95[0] <= results.availability && results.availability <= results.ci95[1], JSON.stringify(results));
    });
  });

  test('the downtime page: its chart, its tables and its JSON', async () => {
    await withPage(env, 'export-nines', { acceptDownloads: true }, async (page) => {
      await open(page, env.base, NINES, 'a=99.95');
      await assertSvg(page, await downloadOf(page, 'nines-chart-svg'), 'nines-chart.svg', 'allowed downtime');
      assertPng(await downloadOf(page, 'nines-chart-png'), 'nines-chart.png');
      const points = assertCsv(await downloadOf(page, 'nines-chart-csv'), 'nines-chart.csv', 6);
      assert.equal(points[0][0], 'nines');
      const budget = assertCsv(await downloadOf(page, 'nines-budget-csv'), 'nines-budget.csv', 5);
      assert.ok(budget.some((r) => r[0] === 'year' && Math.abs(Number(r[3]) - 15768) < 1e-6), JSON.stringify(budget));
      assertCsv(await downloadOf(page, 'nines-spread-csv'), 'nines-spread.csv', 3);
      const json = JSON.parse((await downloadOf(page, 'nines-budget-json')).bytes.toString('utf8'));
      // The schema of `sdlab nines downtime --json`.
      assert.deepEqual(Object.keys(json).sort(), ['availability', 'per_day_s', 'per_month_s', 'per_quarter_s', 'per_week_s', 'per_year_s']);
      assert.equal(json.availability, 0.9995);
      assert.ok(Math.abs(json.per_year_s - 15768) < 1e-6, JSON.stringify(json));
    });
  });
});

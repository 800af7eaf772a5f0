// The availability lab (#/availability) end to end: every preset analyses, simulates in a
// background worker and draws its three charts; a long run shows progress, leaves the page
// responsive and cancels; the diagram editor edits, undoes and redoes; an edited diagram
// survives its permalink and an export/import round trip; a malformed import is refused
// beside the button; the single offline file runs the simulation in a worker too; and
// screenshots after a run at desktop and phone widths (no sideways scroll on the phone).

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import {
  DESKTOP,
  PHONE,
  artifact,
  assertNoSidewaysScroll,
  expectText,
  offlineUrl,
  open,
  ready,
  settled,
  start,
  typeInto,
  withPage,
} from './lib.mjs';

const LAB = { name: 'availability', hash: '#/availability', slug: 'availability' };
const CHARTS = ['lab-histogram', 'lab-timeline', 'lab-burn-down'];
/// Short runs: a few hundred simulated years take a fraction of a second.
const QUICK = 'years=300&seed=3';
/// A run that takes minutes, to be watched and cancelled: one component failing and repaired
/// every hour or so, for 200,000 years (about 1.75e9 events; a preset's run of the same length
/// takes about a second).
const BUSY = {
  name: 'Flapping component',
  components: [{ id: 'f', name: 'Flapper', mtbf_hours: 1, mttr_hours: 1, mttd_hours: 0, repair: { kind: 'exponential' } }],
  root: { unit: { component: 'f' } },
};
const LONG = `d=${encodeURIComponent(JSON.stringify(BUSY))}&years=200000&seed=3`;
/// How long a quick run may take before the test gives up (a slow machine, not a timing check).
const RUN_TIMEOUT_MS = 30_000;

/// The hash query of the page's address, as an object.
function query(url) {
  return Object.fromEntries(new URLSearchParams(new URL(url).hash.split('?')[1] ?? ''));
}

/// The diagram tree as shown: "id | label / badge" per block, in order.
function tree(page) {
  return page.$$eval('.block-select', (els) => els.map((e) => `${e.id} | ${e.innerText.replace(/\s*\n\s*/g, ' / ')}`));
}

function availability(page) {
  return page.locator('#lab-availability').innerText();
}

/// Waits until `#id` holds something other than `before`; returns the new text.
async function changedText(page, id, before) {
  await page
    .waitForFunction(([id, before]) => {
      const text = document.getElementById(id)?.innerText;
      return text !== undefined && text !== before;
    }, [id, before])
    .catch(() => assert.fail(`#${id} did not change from ${JSON.stringify(before)}`));
  return page.locator(`#${id}`).innerText();
}

/// Waits until the address differs from `before`; returns it.
async function changedUrl(page, before) {
  await page.waitForFunction((prev) => location.href !== prev, before);
  return page.url();
}

/// Resolves with `promise`, or fails with `message` after `ms`.
async function within(promise, ms, message) {
  let timer;
  const late = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${message} (waited ${ms} ms)`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

/// "300 simulated years in 12 ms (compute 3 ms, start-up 9 ms) in a background worker."
const WHERE = /^(\d[\d,]*) simulated years in \d+ ms \(compute \d+ ms, start-up \d+ ms\) in a background worker\.$/;

/// The finished run's figures: { where, verdict, run, computeMs, startupMs }.
async function result(page) {
  const where = page.locator('#lab-sim-where');
  return {
    where: await where.innerText(),
    verdict: await page.locator('#lab-sim-verdict').innerText(),
    run: Number(await where.getAttribute('data-run')),
    computeMs: Number(await where.getAttribute('data-compute-ms')),
    startupMs: Number(await where.getAttribute('data-startup-ms')),
  };
}

/// Waits until the results shown are for the current inputs (the simulation re-runs by itself
/// when they change): a result, not marked out of date, and no run in progress.
async function current(page) {
  await page
    .waitForFunction(
      () =>
        document.getElementById('lab-sim-where') &&
        !document.getElementById('lab-sim-stale') &&
        !document.querySelector('#lab-sim-status progress'),
      null,
      { timeout: RUN_TIMEOUT_MS },
    )
    .catch(async () => {
      const status = await page.locator('#lab-sim-status').allInnerTexts();
      assert.fail(`no current simulation result (status: ${JSON.stringify(status)})`);
    });
  return result(page);
}

/// Presses Run and waits for that run's result.
async function run(page) {
  const before = (await page.locator('#lab-sim-where').count()) ? Number(await page.locator('#lab-sim-where').getAttribute('data-run')) : 0;
  await page.locator('#lab-run').click();
  await page.waitForFunction(
    (before) => Number(document.getElementById('lab-sim-where')?.getAttribute('data-run')) > before,
    before,
    { timeout: RUN_TIMEOUT_MS },
  );
  return current(page);
}

/// Waits until every chart canvas has been painted with more than one colour.
async function chartsDrawn(page) {
  for (const id of CHARTS) {
    await page
      .waitForFunction((id) => {
        const canvas = document.getElementById(id);
        if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
        const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
        const colours = new Set();
        // Every 7th pixel is plenty to see an axis, a bar or a line.
        for (let i = 0; i < data.length && colours.size < 3; i += 4 * 7) {
          colours.add((data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3]);
        }
        return colours.size > 1;
      }, id)
      .catch(async () => {
        const size = await page.evaluate((id) => {
          const c = document.getElementById(id);
          return c ? `${c.width}×${c.height}` : 'missing';
        }, id);
        assert.fail(`#${id} is not drawn (canvas ${size}: one colour or none)`);
      });
  }
}

/// Opens the lab on `preset`, runs a quick simulation and checks where it ran and what it drew.
async function presetRun(page, base, preset) {
  await open(page, base, LAB, `preset=${preset}&${QUICK}`);
  assert.equal(await page.locator('#lab-preset').inputValue(), preset, 'the preset selector shows the link');
  assert.match(await availability(page), /^\d{1,3}(\.\d+)?%/, `${preset}: #lab-availability shows no percentage`);
  // A link computes its results on open, without a click.
  const { where, verdict } = await current(page);
  assert.match(where, WHERE, `${preset}: #lab-sim-where`);
  assert.equal(where.match(WHERE)[1], '300', `${preset}: the run is the link's`);
  assert.match(verdict, /^[✓✗] the analytic value lies (inside|outside) the 95% interval/, `${preset}: #lab-sim-verdict`);
  await chartsDrawn(page);
  return { where, verdict };
}

describe('availability lab', { timeout: 120_000 }, () => {
  let env;
  let presets = [];
  before(async () => {
    env = await start();
    presets = await withPage(env, 'lab-presets', {}, async (page) => {
      await open(page, env.base, LAB);
      return page.$$eval('#lab-preset option', (options) => options.map((o) => o.value).filter((v) => v !== ''));
    });
    assert.ok(presets.length >= 2, `#lab-preset offers ${presets.length} presets`);
  });
  after(async () => env?.close());

  // Pages in parallel (each in its own context): the runs are deterministic, only the wall
  // clock shrinks.
  test('every preset simulates in a background worker and draws its charts; screenshots', { concurrency: 2 }, async (t) => {
    const shots = [
      ...presets.map((preset) => ({ preset, viewport: DESKTOP, theme: 'light' })),
      ...presets.map((preset) => ({ preset, viewport: PHONE, theme: 'light' })),
      { preset: 'web-stack', viewport: DESKTOP, theme: 'dark' },
      { preset: 'web-stack', viewport: PHONE, theme: 'dark' },
    ];
    await Promise.all(
      shots.map(({ preset, viewport, theme }) => {
        const name = `lab-${preset}-${viewport.width}-${theme}`;
        return t.test(name, async () => {
          await withPage(env, name, { viewport, colorScheme: theme }, async (page) => {
            await presetRun(page, env.base, preset);
            assert.equal(await page.locator('#lab-sim-status').count(), 0, 'a finished run shows no status line');
            await settled(page);
            await page.screenshot({ path: artifact(`${name}.png`), fullPage: true });
            if (viewport.width <= PHONE.width) {
              const what = `#/availability?preset=${preset} at ${viewport.width} px after a run`;
              await assertNoSidewaysScroll(page, what, artifact(`${name}.png`));
            }
          });
        });
      }),
    );
  });

  test('a long run shows progress, the page stays responsive, and Cancel stops the worker', async () => {
    await withPage(env, 'lab-cancel', {}, async (page) => {
      const workers = [];
      page.on('worker', (w) => workers.push({ worker: w, closed: new Promise((ok) => w.on('close', ok)) }));
      await open(page, env.base, LAB, LONG);
      // The link's run starts by itself.
      const progress = page.locator('#lab-sim-status progress');
      await progress.waitFor();
      await page.locator('#lab-cancel').waitFor();
      assert.ok(await page.locator('#lab-run').isDisabled(), 'Run is disabled while a run is going');
      // The worker reports progress as it goes.
      await page.waitForFunction(() => Number(document.querySelector('#lab-sim-status progress')?.value) > 0);
      assert.equal(workers.length, 1, 'the run started one worker');

      // Meanwhile the page answers: the burn-rate field (not an input of the simulation)
      // recomputes its explanation key by key.
      await typeInto(page, 'lab-burn-rate', '6');
      await expectText(page, 'lab-burn-rate-result', '5.00 days');
      await typeInto(page, 'lab-burn-rate', '14.4');
      await expectText(page, 'lab-burn-rate-result', '2.08 days');
      assert.equal(await progress.count(), 1, 'the run is still going after the edits');
      assert.equal(workers.length, 1, 'edits that are not simulation inputs do not restart it');

      await page.locator('#lab-cancel').click();
      await expectText(page, 'lab-sim-status', 'Cancelled before a result');
      assert.equal(await page.locator('#lab-cancel').count(), 0, 'no Cancel once cancelled');
      assert.equal(await page.locator('#lab-sim-where').count(), 0, 'a cancelled run shows no results');
      assert.ok(await page.locator('#lab-run').isEnabled(), 'Run is enabled again');
      await within(workers[0].closed, 10_000, 'the cancelled run\'s worker was not terminated');

      // And a new, short run still works: changing an input re-runs by itself.
      await page.locator('#lab-years').fill('300');
      await page.locator('#lab-years').press('Enter');
      await page.waitForFunction(() => location.hash.includes('years=300&'));
      const { where } = await current(page);
      assert.match(where, WHERE);
      assert.equal(where.match(WHERE)[1], '300');
    });
  });

  test('the editor works with the user: siblings, a blank start, kinds, wraps, a name, focus, Ctrl+Z', async () => {
    await withPage(env, 'lab-editor-more', {}, async (page) => {
      await open(page, env.base, LAB, `preset=book-series&${QUICK}`);
      const start = await tree(page);
      const focused = () => page.evaluate(() => document.activeElement?.id ?? '');

      // Adding a group, then another next to it: siblings, not nesting; focus on the new name.
      await page.locator('#block-').click();
      await page.locator('#lab-add-kind').selectOption('Parallel');
      await page.locator('#lab-add').click();
      await page.waitForFunction((n) => document.querySelectorAll('.block-select').length > n, start.length);
      const first = `block-${start.length - 1}`;
      await page.locator(`#${first}[aria-pressed="true"]`).waitFor();
      assert.match(await focused(), /^edit-\d+-label$/, 'focus moves to the new group\'s label');
      await page.locator('#lab-add-kind').selectOption('Parallel');
      await page.locator('#lab-add-after').click();
      const second = `block-${start.length}`;
      await page.locator(`#${second}[aria-pressed="true"]`).waitFor();
      const rows = await tree(page);
      assert.ok(rows.some((r) => r.startsWith(`${first} |`)) && rows.some((r) => r.startsWith(`${second} |`)), rows.join('\n'));
      assert.ok(!rows.some((r) => r.startsWith(`${first}-2 |`)), 'the second group is not inside the first');

      // Change a group's kind: parallel → series, the badge follows.
      await page.locator('#lab-group-kind').selectOption('Series');
      await page.waitForFunction((id) => document.getElementById(id)?.innerText.includes('series'), second);

      // Wrap the first component in a parallel group.
      await page.locator('#block-0').click();
      await page.locator('#lab-wrap-kind').selectOption('Parallel');
      await page.locator('#lab-wrap').click();
      await page.waitForFunction(() => document.getElementById('block-0')?.innerText.includes('parallel'));
      assert.ok((await tree(page)).some((r) => r.startsWith('block-0-0 | ')), 'the component is inside the new group');

      // Ctrl+Z undoes the wrap (focus on a button, not in a field); Ctrl+Y redoes it.
      await page.locator('#block-0').focus();
      await page.keyboard.press('Control+z');
      await page.waitForFunction(() => !document.getElementById('block-0-0'));
      await page.keyboard.press('Control+y');
      await page.locator('#block-0-0').waitFor();

      // Remove keeps focus in the editor, on the removed block's group.
      await page.locator('#block-0-0').click();
      await page.locator('#lab-remove').click();
      await page.waitForFunction(() => document.activeElement?.id?.startsWith('block-'));

      // Collapsing a group keeps focus on its button.
      await page.locator('#twisty-').click();
      assert.equal(await focused(), 'twisty-', 'focus stays on the collapse button');
      await page.locator('#twisty-').click();

      // Rename the diagram; a blank start; removing the last block leaves one blank component.
      await page.locator('#lab-diagram-name').fill('Checkout');
      await page.locator('#lab-diagram-name').press('Enter');
      await page.waitForFunction(() => document.getElementById('lab-diagram-name')?.value === 'Checkout');
      await page.locator('#lab-new-blank').click();
      await page.waitForFunction(() => document.querySelectorAll('.block-select').length === 2);
      assert.match(await focused(), /^comp-.*-name$/, 'focus on the blank component\'s name');
      await page.locator('#block-0').click();
      await page.locator('#lab-remove').click();
      await page.waitForFunction(() => document.querySelectorAll('.block-select').length === 2);
      assert.equal(await page.locator('#lab-refusal').count(), 0, 'removing the last block is not refused');
      assert.match(await availability(page), /%/);
    });
  });

  test('the drawn diagram: boxes in series and parallel, zones dashed, a click edits the block', async () => {
    await withPage(env, 'lab-drawing', {}, async (page) => {
      await open(page, env.base, LAB, `preset=web-stack&${QUICK}`);
      const drawing = page.locator('#lab-drawing');
      await drawing.waitFor();
      const boxes = await page.$$eval('#lab-drawing .rbd-block', (els) => els.map((e) => e.textContent));
      assert.ok(boxes.length >= 6, `${boxes.length} boxes`);
      assert.ok(boxes.every((b) => /% of downtime/.test(b)), boxes.join('\n'));
      assert.equal(await page.locator('#lab-drawing rect[stroke-dasharray]').count(), 2, 'two availability zones, dashed');
      // A real click on a box selects that block in the editor.
      await page.locator('#rbd-0').click();
      await page.locator('#block-0[aria-pressed="true"]').waitFor();
      assert.equal(await page.locator('#rbd-0').getAttribute('aria-pressed'), 'true');
      // And from the keyboard.
      await page.locator('#rbd-1-0-0').focus();
      await page.keyboard.press('Enter');
      await page.locator('#block-1-0-0[aria-pressed="true"]').waitFor();
      await settled(page);
      await drawing.screenshot({ path: artifact('lab-drawing-web-stack.png') });
    });
  });

  test('results follow the inputs: an edit re-runs, New seed re-runs, never a stale verdict', async () => {
    await withPage(env, 'lab-follow', {}, async (page) => {
      await open(page, env.base, LAB, `preset=web-stack&${QUICK}`);
      const first = await current(page);
      const analytic = () => page.locator('#lab-availability strong').innerText();
      assert.equal(await page.locator('#lab-sim-analytic').innerText(), await analytic());

      // The load balancer from 99.99% to 99%: the analytic value moves, and so does the run.
      await page.locator('#block-0').click();
      await page.locator('#comp-lb-availability').fill('99');
      await page.locator('#comp-lb-availability').press('Enter');
      await page.waitForFunction((before) => document.querySelector('#lab-availability strong')?.innerText !== before, await page.locator('#lab-sim-analytic').innerText());
      const second = await current(page);
      assert.ok(second.run > first.run, 'the edit re-ran the simulation');
      assert.equal(await page.locator('#lab-sim-analytic').innerText(), await analytic(), 'the run is for the edited diagram');

      // New seed: a new seed in the address, and a run for it.
      const seedBefore = query(page.url()).seed;
      await page.locator('#lab-new-seed').click();
      await page.waitForFunction((s) => !location.hash.includes(`seed=${s}&`), seedBefore);
      const third = await current(page);
      assert.ok(third.run > second.run, 'New seed re-ran the simulation');
      assert.notEqual(query(page.url()).seed, seedBefore);
    });
  });

  test('junk in Simulated years stops the run, with the reason, instead of running the last value', async () => {
    await withPage(env, 'lab-junk-years', {}, async (page) => {
      await open(page, env.base, LAB, `preset=web-stack&${QUICK}`);
      const before = await current(page);
      await typeInto(page, 'lab-years', 'abc');
      await page.locator('#lab-years-error').waitFor();
      await expectText(page, 'lab-sim-status', 'Not run: Simulated years:');
      assert.ok(await page.locator('#lab-run').isDisabled(), 'Run is disabled while an input is bad');
      await page.locator('#lab-sim-stale').waitFor();
      assert.equal((await result(page)).run, before.run, 'nothing ran with the old value');
      await typeInto(page, 'lab-years', '400');
      const after = await current(page);
      assert.equal(after.where.match(WHERE)[1], '400');
    });
  });

  test('cancelling a run keeps the previous result, marked as such', async () => {
    await withPage(env, 'lab-cancel-keeps', {}, async (page) => {
      await open(page, env.base, LAB, LONG.replace('years=200000', 'years=100'));
      const before = await current(page);
      assert.equal(before.where.match(WHERE)[1], '100');
      await page.locator('#lab-years').fill('200000');
      await page.locator('#lab-years').press('Enter');
      await page.locator('#lab-sim-status progress').waitFor();
      await page.locator('#lab-sim-stale').waitFor();
      await page.locator('#lab-cancel').click();
      await expectText(page, 'lab-sim-status', 'Cancelled: the results below are from the previous run.');
      assert.equal((await result(page)).where, before.where, 'the previous result is still shown');
      assert.match(await page.locator('#lab-sim-stale').innerText(), /Out of date/);
    });
  });

  test('a second run reuses the warm worker: start-up overhead well under the first run\'s', async () => {
    await withPage(env, 'lab-warm-worker', {}, async (page) => {
      const workers = [];
      page.on('worker', (w) => workers.push(w));
      await open(page, env.base, LAB, 'preset=web-stack&years=300&seed=1');
      const first = await current(page);
      const second = await run(page);
      const third = await run(page);
      console.log(
        `lab default run: first start-up ${first.startupMs} ms (compute ${first.computeMs} ms); ` +
          `second ${second.startupMs} ms (compute ${second.computeMs} ms); third ${third.startupMs} ms`,
      );
      assert.equal(workers.length, 1, 'the runs share one worker');
      // Measured well under 50 ms here; the bound is generous for a loaded machine.
      assert.ok(second.startupMs < 100, `second run's start-up took ${second.startupMs} ms`);
      assert.ok(third.startupMs < 100, `third run's start-up took ${third.startupMs} ms`);
      assert.equal(second.verdict, first.verdict, 'the same seed gives the same result');
    });
  });

  test('the diagram editor: select, add, undo, redo, edit an MTBF, refuse a bad one', async () => {
    await withPage(env, 'lab-editor', {}, async (page) => {
      await open(page, env.base, LAB, `preset=web-stack&${QUICK}`);
      const presetTree = await tree(page);
      const presetAvailability = await availability(page);
      assert.ok(presetTree.length > 3, `web-stack shows ${presetTree.length} blocks`);
      assert.equal(await page.locator('#lab-undo').isDisabled(), true, 'nothing to undo yet');

      // Selecting a block shows its editor.
      await page.locator('#block-1').click();
      await page.locator('#block-1[aria-pressed="true"]').waitFor();
      assert.match(await page.locator('.block-editor h3').innerText(), /App tier across AZs/);

      // Add a component to the top block (the root's id is "block-").
      await page.locator('#block-').click();
      await page.locator('#block-[aria-pressed="true"]').waitFor();
      const before = page.url();
      assert.ok(query(before).preset === 'web-stack' && !query(before).d, before);
      await page.locator('#lab-add-kind').selectOption('Component');
      await page.locator('#lab-add').click();
      const added = await changedUrl(page, before);
      assert.equal(query(added).preset, undefined, 'an edited diagram is no longer the preset');
      assert.ok(query(added).d, 'the address carries the edited diagram as d=');
      const addedTree = await tree(page);
      assert.equal(addedTree.length, presetTree.length + 1, `the tree grows by one:\n${addedTree.join('\n')}`);
      assert.deepEqual(addedTree.slice(0, presetTree.length), presetTree, 'the old blocks keep their places');
      const newId = `block-${presetTree.filter((r) => /^block-\d+ /.test(r)).length}`;
      assert.match(addedTree.at(-1), new RegExp(`^${newId} \\| .* / component$`), 'the new block is last in the root');
      await page.locator(`#${newId}[aria-pressed="true"]`).waitFor();
      assert.equal(await page.locator('#lab-preset').inputValue(), '', 'the preset selector says "edited"');
      const addedAvailability = await availability(page);
      assert.notEqual(addedAvailability, presetAvailability, 'one more part in series changes the availability');

      // Undo restores the preset (and its address), Redo re-applies the edit.
      await page.locator('#lab-undo').click();
      const undone = await changedUrl(page, added);
      assert.equal(query(undone).preset, 'web-stack', `after Undo: ${undone}`);
      assert.equal(query(undone).d, undefined);
      assert.deepEqual(await tree(page), presetTree, 'Undo restores the tree');
      assert.equal(await availability(page), presetAvailability);
      assert.ok(await page.locator('#lab-redo').isEnabled(), 'Redo is offered');
      await page.locator('#lab-redo').click();
      const redone = await changedUrl(page, undone);
      assert.equal(query(redone).d, query(added).d, 'Redo gives back the same diagram');
      assert.equal((await tree(page)).length, addedTree.length);
      assert.equal(await availability(page), addedAvailability);

      // Edit a component's MTBF: commit with Enter, the availability follows.
      await page.locator('#block-0').click();
      const mtbf = page.locator('#comp-lb-mtbf');
      await mtbf.waitFor();
      assert.equal(await mtbf.inputValue(), '8760');
      await mtbf.fill('100');
      assert.equal(await availability(page), addedAvailability, 'typing alone does not commit');
      await mtbf.press('Enter');
      const editedAvailability = await changedText(page, 'lab-availability', addedAvailability);
      const edited = await changedUrl(page, redone);
      assert.match(query(edited).d, /^1[A-Za-z0-9_-]+$/, 'the edited diagram travels in its compact form');
      assert.equal(await mtbf.inputValue(), '100');

      // A bad MTBF is refused beside the field and changes nothing.
      const shownTree = await tree(page);
      await mtbf.fill('-5');
      await page.locator('#comp-lb-mtbf-error').waitFor();
      await mtbf.press('Enter');
      await settled(page);
      assert.ok(await page.locator('#comp-lb-mtbf-error').isVisible(), 'the message stays after Enter');
      assert.equal(await mtbf.getAttribute('aria-invalid'), 'true');
      assert.equal(page.url(), edited, 'a refused MTBF leaves the address alone');
      assert.equal(await availability(page), editedAvailability);
      assert.deepEqual(await tree(page), shownTree);
      assert.equal(await page.locator('#lab-refusal').count(), 0);

      // Undo steps back over the MTBF edit only.
      await page.locator('#lab-undo').click();
      await changedText(page, 'lab-availability', editedAvailability);
      assert.equal(await availability(page), addedAvailability);
      assert.equal(await page.locator('#comp-lb-mtbf').inputValue(), '8760');
    });
  });

  test('an edited diagram survives its permalink', async () => {
    const edited = await withPage(env, 'lab-permalink-edit', {}, async (page) => {
      await open(page, env.base, LAB, `preset=multi-region&${QUICK}`);
      const before = page.url();
      await page.locator('#block-1').click(); // "Either region", a parallel group
      await page.locator('#lab-add-kind').selectOption('KOfN');
      await page.locator('#lab-add').click();
      const url = await changedUrl(page, before);
      await page.locator('#block-0').click(); // DNS failover
      await page.locator('#comp-dns-mttr').fill('12');
      await page.locator('#comp-dns-mttr').press('Enter');
      return { url: await changedUrl(page, url), tree: await tree(page), availability: await availability(page) };
    });
    assert.ok(query(edited.url).d, edited.url);
    await withPage(env, 'lab-permalink-open', {}, async (page) => {
      await page.goto(edited.url);
      await ready(page, LAB);
      assert.deepEqual(await tree(page), edited.tree, 'the same blocks');
      assert.equal(await availability(page), edited.availability, 'the same availability');
      assert.equal(page.url(), edited.url, 'opening the permalink does not rewrite it');
      assert.equal(await page.locator('.notice').count(), 0, 'a clean permalink shows no notice');
      assert.equal(await page.locator('#lab-preset').inputValue(), '');
    });
  });

  test('a diagram link that is not a diagram shows a notice and the lab still works', async (t) => {
    // [what, d=, what the notice must name]
    const links = [
      ['not JSON', '{"name": "cut short', /diagram in the link is not valid JSON/],
      ['an unknown component', JSON.stringify({ name: 'x', components: [], root: { unit: { component: 'ghost' } } }), /ghost/],
    ];
    for (const [what, d, reason] of links) {
      await t.test(what, async () => {
        await withPage(env, `lab-bad-diagram-link-${what}`, {}, async (page) => {
          await open(page, env.base, LAB, `d=${encodeURIComponent(d)}`);
          const notice = page.locator('.notice');
          await notice.waitFor();
          const text = await notice.innerText();
          assert.match(text, /not understood/);
          assert.match(text, reason);
          assert.equal(await page.locator('#crash-banner').count(), 0);
          // The default diagram is shown, and it computes.
          assert.equal(await page.locator('#lab-preset').inputValue(), 'web-stack');
          assert.match(await availability(page), /^\d{1,3}(\.\d+)?%/);
          await page.locator('#block-0').click();
          await page.locator('#comp-lb-mtbf').waitFor();
        });
      });
    }
  });

  test('Export JSON downloads the diagram and Import JSON brings it back; a malformed file is refused', async () => {
    await withPage(env, 'lab-export-import', {}, async (page) => {
      await open(page, env.base, LAB, `preset=web-stack&${QUICK}`);
      // An edited diagram, so the file is more than a preset.
      await page.locator('#lab-add').click();
      await page.waitForFunction(() => location.hash.includes('d='));
      const exportedTree = await tree(page);
      const exportedAvailability = await availability(page);

      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#lab-export').click()]);
      assert.equal(await download.failure(), null, 'the download completed');
      assert.match(download.suggestedFilename(), /\.json$/);
      const file = artifact('lab-export.json');
      await download.saveAs(file);
      const diagram = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(diagram.name, 'Single-region web stack');
      assert.ok(Array.isArray(diagram.components) && diagram.components.length > 0, 'components in the file');
      assert.ok(diagram.root, 'a root block in the file');
      assert.ok(diagram.components.some((c) => c.id === 'c1'), 'the added component is in the file');

      // Another preset, then the file back.
      await page.locator('#lab-preset').selectOption('quorum');
      const quorumAvailability = await changedText(page, 'lab-availability', exportedAvailability);
      const quorumUrl = page.url();
      await page.setInputFiles('#lab-import', file);
      await changedText(page, 'lab-availability', quorumAvailability);
      assert.equal(await availability(page), exportedAvailability, 'the imported diagram gives the same availability');
      assert.deepEqual(await tree(page), exportedTree, 'the imported diagram shows the same blocks');
      const importedUrl = await changedUrl(page, quorumUrl);
      assert.ok(query(importedUrl).d, 'an imported diagram is in the address');
      assert.equal(await page.locator('#lab-import-error').count(), 0);

      // A malformed file: a message beside the button, and nothing else changes.
      const broken = artifact('lab-malformed.json');
      writeFileSync(broken, '{"name": "broken", "components": [');
      await page.setInputFiles('#lab-import', broken);
      const error = page.locator('#lab-import-error');
      await error.waitFor();
      assert.match(await error.innerText(), /^Import failed: /);
      assert.equal(await error.getAttribute('role'), 'alert');
      assert.equal(page.url(), importedUrl, 'a malformed import leaves the address alone');
      assert.equal(await availability(page), exportedAvailability);
      assert.deepEqual(await tree(page), exportedTree);
      assert.ok(await page.locator('#lab-undo').isEnabled());

      // Well-formed JSON that is not a valid diagram is refused by the model, with its reason.
      const invalid = artifact('lab-invalid-diagram.json');
      writeFileSync(invalid, JSON.stringify({ ...diagram, components: [] }));
      await page.setInputFiles('#lab-import', invalid);
      await page.locator('#lab-refusal').waitFor();
      assert.match(await page.locator('#lab-refusal').innerText(), /import refused/);
      assert.equal(page.url(), importedUrl, 'a refused import leaves the address alone');
      assert.equal(await availability(page), exportedAvailability);

      // The good file again clears the import message.
      await page.setInputFiles('#lab-import', file);
      await error.waitFor({ state: 'detached' });
      assert.equal(await availability(page), exportedAvailability);
    });
  });

  test('from the offline file, the simulation runs in a worker inside that one file', async () => {
    await withPage(env, 'lab-offline', { offline: true }, async (page) => {
      const requests = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(offlineUrl('#/availability?preset=quorum&years=500'));
      await ready(page, LAB);
      const { where, verdict } = await current(page);
      assert.match(where, WHERE, '#lab-sim-where');
      assert.equal(where.match(WHERE)[1], '500');
      assert.match(verdict, /^[✓✗] /);
      await chartsDrawn(page);
      const schemes = new Set(requests.map((u) => new URL(u).protocol));
      for (const scheme of schemes) assert.ok(['file:', 'data:', 'blob:'].includes(scheme), `requested ${scheme}`);
    });
  });
});

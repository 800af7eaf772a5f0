// No input breaks a page. Every text field of every tool (including those that appear only
// once something is selected, TOOLS[slug].states) rejects junk with a message beside the field
// (and aria-invalid), committing the junk with Enter changes nothing, the rest of the page
// keeps working on the last valid values, and a good value clears the message. A mangled link
// shows a notice and the page computes.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BAD_INPUTS,
  TOOLS,
  open,
  settled,
  smoke,
  start,
  textFieldIds,
  withPage,
} from './lib.mjs';

/// In the page: everything the sweep checks about field `id` and the tool, in one round trip.
function look([slug, id, outputIds]) {
  const input = document.getElementById(id);
  const error = document.getElementById(`${id}-error`);
  const tool = `[data-slug="${slug}"]`;
  return {
    url: location.href,
    value: input?.value,
    invalid: input?.getAttribute('aria-invalid'),
    describedBy: (input?.getAttribute('aria-describedby') ?? '').split(/\s+/),
    error: error && {
      text: error.innerText.trim(),
      visible: error.getClientRects().length > 0,
      role: error.getAttribute('role'),
      inField: !!input?.closest('.field')?.contains(error),
    },
    // The simulation's own out-of-date mark is transient (it re-runs by itself) and has its own
    // tests in lab.test.mjs; the notes that matter here say a result uses a last valid value.
    staleNote: [...document.querySelectorAll('.stale-note')].some((n) => !n.closest('.sim-results')),
    pages: document.querySelectorAll(tool).length,
    fields: Object.fromEntries(
      [...document.querySelectorAll(`${tool} .field input, ${tool} .field select`)].map((e) => [e.id || e.name, e.value]),
    ),
    results: Object.fromEntries(outputIds.map((o) => [o, document.getElementById(o)?.innerText ?? null])),
  };
}

/**
 * Opens the tool in `state`, then fills every number/duration field not yet in `swept` with
 * each of BAD_INPUTS and commits it with Enter: the field shows why beside itself, nothing
 * else moves, and its shown value typed back clears the message and restores the state.
 * Adds the fields it swept to `swept`.
 */
async function sweepFields(page, slug, state, swept) {
  const s = TOOLS[slug].smoke;
  const outputIds = [...new Set([s.output, ...(TOOLS[slug].outputs ?? [])])];
  await open(page, env.base, { name: slug, hash: `#/${slug}`, slug }, state.query ?? '');
  if (state.click) {
    await page.locator(`#${state.click}`).click();
    await settled(page);
  }
  await smoke(page, slug);
  const ids = (await textFieldIds(page, slug)).filter((id) => !swept.has(id));
  assert.ok(ids.length > 0, `${slug} ${JSON.stringify(state)} shows no text field not already swept`);
  // Recoveries that did not restore the state, reported together once every field is swept.
  const drifted = [];
  for (const id of ids) {
    swept.add(id);
    const input = page.locator(`#${id}`);
    const good = await page.evaluate(look, [slug, id, outputIds]);
    for (const bad of BAD_INPUTS) {
      const what = `#${id} = ${JSON.stringify(bad)}`;
      await input.fill(bad);
      await page.locator(`#${id}-error`).waitFor({ state: 'visible' }).catch(() => {
        assert.fail(`${what}: no visible message #${id}-error`);
      });
      const typed = await page.evaluate(look, [slug, id, outputIds]);
      // Committing the junk (Enter, as fields that commit on change take it) changes nothing.
      await input.press('Enter');
      await settled(page);
      const entered = await page.evaluate(look, [slug, id, outputIds]);
      for (const [when, seen] of [['typed', typed], ['after Enter', entered]]) {
        const at = `${what} (${when})`;
        assert.ok(seen.error?.visible, `${at}: no visible message #${id}-error`);
        assert.ok(seen.error.text.length > 3, `${at}: empty message`);
        assert.equal(seen.error.role, 'alert', `${at}: message role`);
        assert.ok(seen.error.inField, `${at}: the message is not inside the field's .field`);
        assert.equal(seen.invalid, 'true', `${at}: aria-invalid`);
        assert.ok(seen.describedBy.includes(`${id}-error`), `${at}: the field is not described by its message`);
        assert.equal(seen.value, bad, `${at}: the typed text must stay visible`);
        assert.deepEqual({ ...seen.fields, [id]: good.fields[id] }, good.fields, `${at}: other fields changed`);
        // Results stay on the last valid values.
        assert.deepEqual(seen.results, good.results, `${at}: results moved`);
        assert.ok(seen.results[s.output]?.includes(s.expect), `${at}: #${s.output} lost ${s.expect}`);
        if (id === s.input) assert.ok(seen.staleNote, `${at}: no .stale-note saying the results are for the last valid value`);
        assert.equal(seen.pages, 1, `${at}: page gone`);
      }
      assert.equal(entered.url, typed.url, `${what}: Enter on junk changed the state`);
    }
    // The shown value typed back and committed: the message goes and the state is as before.
    await input.fill(good.fields[id]);
    await page.locator(`#${id}-error`).waitFor({ state: 'detached' });
    await input.press('Enter');
    await settled(page);
    const back = await page.evaluate(look, [slug, id, outputIds]);
    assert.equal(back.invalid, 'false', `#${id}: aria-invalid after recovery`);
    assert.ok(!back.staleNote, `#${id}: stale note after recovery`);
    const changed = [
      ...queryChanges(good.url, back.url),
      ...changes(good.fields, back.fields, 'field'),
      ...changes(good.results, back.results, 'result'),
    ];
    if (changed.length > 0) {
      const shown = JSON.stringify(good.fields[id]);
      drifted.push(`#${id}: committing its shown value ${shown} again (after junk) changed ${changed.join('; ')}`);
    }
  }
  assert.deepEqual(drifted, [], `fields whose own shown value is not a no-op:\n  ${drifted.join('\n  ')}`);
  assert.equal(await page.locator('.field-error').count(), 0);
}

/// What differs between two id -> text maps, readably.
function changes(before, after, what) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => before[k] !== after[k])
    .map((k) => `${what} #${k} ${JSON.stringify(before[k])} → ${JSON.stringify(after[k])}`);
}

/// What differs between the hash queries of two addresses (long values shortened).
function queryChanges(beforeUrl, afterUrl) {
  const query = (url) => Object.fromEntries(new URLSearchParams(new URL(url).hash.split('?')[1] ?? ''));
  const short = (v) => (v === undefined ? '(absent)' : v.length > 40 ? `${v.slice(0, 40)}…` : v);
  const a = query(beforeUrl);
  const b = query(afterUrl);
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => a[k] !== b[k]).map((k) => `address ${k}=${short(a[k])} → ${short(b[k])}`);
}

let env;

describe('bad input', { timeout: 300_000 }, () => {
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  test('every text field rejects junk beside itself and recovers', async (t) => {
    for (const { slug } of env.tools) {
      // The page as opened, then the states whose fields only appear after a click.
      const states = [{}, ...(TOOLS[slug].states ?? [])];
      const swept = new Set();
      for (const state of states) {
        const label = [slug, state.query && `?${state.query}`, state.click && `#${state.click}`].filter(Boolean).join(' ');
        await t.test(label, async () => {
          await withPage(env, `bad-input-${label}`, {}, async (page) => {
            await sweepFields(page, slug, state, swept);
          });
        });
      }
    }
  });

  test('a mangled link shows a notice and the page still computes', async (t) => {
    for (const { slug } of env.tools) {
      await t.test(slug, async () => {
        const { mangled, smoke: s } = TOOLS[slug];
        await withPage(env, `mangled-${slug}`, {}, async (page) => {
          await open(page, env.base, { name: slug, hash: `#/${slug}`, slug }, mangled);
          const notice = page.locator('.notice');
          await notice.waitFor();
          assert.match(await notice.innerText(), /not understood/);
          const output = (await page.locator(`#${s.output}`).innerText()).trim();
          assert.match(output, /\d/, `#${s.output} shows no result: ${JSON.stringify(output)}`);
          await smoke(page, slug);
          await notice.getByRole('button', { name: 'Dismiss' }).click();
          await notice.waitFor({ state: 'detached' });
        });
      });
    }
  });

  test('junk links never break a page', async (t) => {
    const junk = [
      '%',
      '&&&=&=',
      `a=${'9'.repeat(5000)}`,
      'a=%E0%A4%A&dt=%00',
      'a=1&a=2&a=%F0%9F%92%A5',
      'year=&month=&quarter=&per=',
      'embed=1&embed=0',
    ];
    for (const { slug } of env.tools) {
      await t.test(slug, async () => {
        await withPage(env, `junk-${slug}`, {}, async (page) => {
          for (const query of junk) {
            await page.goto('about:blank'); // a fresh load of the app for each link
            await open(page, env.base, { name: slug, hash: `#/${slug}`, slug }, query);
            assert.equal(await page.locator('#crash-banner').count(), 0, `crash banner for ?${query}`);
            await smoke(page, slug);
          }
        });
      });
    }
  });
});

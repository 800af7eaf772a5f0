// Short links for edited diagrams (#/availability): after a few edits made by clicking and
// typing (a block added and renamed in any script, an MTBF changed) the address stays under
// 1,000 characters, and opening it in a fresh page shows the same block tree and availability;
// a link of the older form, with the diagram as JSON (d={…}), still opens and is rewritten in
// the compact form; a damaged compact diagram costs the diagram only, with a notice.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { artifact, open, ready, start, withPage } from './lib.mjs';

const LAB = { name: 'availability', hash: '#/availability', slug: 'availability' };
const QUICK = 'years=300&seed=3';
const PRESETS = ['book-series', 'book-parallel', 'web-stack', 'multi-region', 'quorum'];
/// The longest address an edited diagram may make.
const MAX_URL = 1_000;
/// A name in several scripts, typed key by key.
const NAME = 'Zahlungs-API ✓ 東京 Ω';

/// The hash query of an address, as an object.
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

async function changedUrl(page, before) {
  await page.waitForFunction((prev) => location.href !== prev, before);
  return page.url();
}

/// Selects the block `#id` and waits for its editor.
async function select(page, id) {
  await page.locator(`#${id}`).click();
  await page.locator(`#${id}[aria-pressed="true"]`).waitFor();
}

/// Types into a field of the selected block's editor and commits it with Enter.
async function commit(page, field, value) {
  const before = page.url();
  await field.fill('');
  await field.pressSequentially(value);
  await field.press('Enter');
  return changedUrl(page, before);
}

/// Edits preset `slug` in the page: adds a component to the top block and gives it a name in
/// several scripts, and changes the first block's MTBF. Returns the address and what is shown.
async function editPreset(page, base, slug) {
  await open(page, base, LAB, `preset=${slug}&${QUICK}`);
  const presetTree = await tree(page);
  await select(page, 'block-');
  let url = page.url();
  await page.locator('#lab-add-kind').selectOption('Component');
  await page.locator('#lab-add').click();
  url = await changedUrl(page, url);
  const name = page.locator('.block-editor input[id^="comp-"][id$="-name"]');
  url = await commit(page, name, NAME);
  await page.locator('.block-select', { hasText: NAME }).waitFor();
  await select(page, 'block-0');
  const mtbf = page.locator('.block-editor input[id^="comp-"][id$="-mtbf"]').first();
  const shownAvailability = await availability(page);
  url = await commit(page, mtbf, '1234.5');
  await page.waitForFunction((before) => document.getElementById('lab-availability')?.innerText !== before, shownAvailability);
  const edited = { url, tree: await tree(page), availability: await availability(page) };
  assert.equal(edited.tree.length, presetTree.length + 1, `${slug}: one block more`);
  assert.equal(await page.locator('#lab-preset').inputValue(), '', `${slug}: the preset selector says "edited"`);
  return edited;
}

describe('short links for edited diagrams', { timeout: 300_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  test('every edited preset makes an address under 1,000 characters that opens the same diagram', async (t) => {
    const sizes = [];
    for (const slug of PRESETS) {
      await t.test(slug, async () => {
        const edited = await withPage(env, `links-edit-${slug}`, {}, (page) => editPreset(page, env.base, slug));
        const d = query(edited.url).d;
        assert.match(d, /^1[A-Za-z0-9_-]+$/, `the diagram is one compact field: ${edited.url}`);
        assert.ok(edited.url.length < MAX_URL, `${edited.url.length} characters: ${edited.url}`);
        const q = query(edited.url);
        assert.equal(q.years, '300', 'the other fields stay plain key=value');
        assert.equal(q.seed, '3');
        sizes.push({ slug, address: edited.url.length, d: `d=${d}`.length });

        await withPage(env, `links-open-${slug}`, {}, async (page) => {
          await page.goto(edited.url);
          await ready(page, LAB);
          assert.deepEqual(await tree(page), edited.tree, 'the same blocks');
          assert.equal(await availability(page), edited.availability, 'the same availability');
          assert.equal(page.url(), edited.url, 'opening the link does not rewrite it');
          assert.equal(await page.locator('.notice').count(), 0, 'a clean link shows no notice');
          await page.locator('.block-select', { hasText: NAME }).click();
          assert.equal(await page.locator('.block-editor input[id^="comp-"][id$="-name"]').inputValue(), NAME);
        });
      });
    }
    console.log(sizes.map((s) => `${s.slug}: address ${s.address}, d= ${s.d}`).join('\n'));
  });

  test('an old link with the diagram as JSON still opens, and is rewritten compactly', async () => {
    const edited = await withPage(env, 'links-export', {}, async (page) => {
      const shown = await editPreset(page, env.base, 'multi-region');
      // The exported file is the diagram in the JSON the older links carried.
      const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#lab-export').click()]);
      const file = artifact('links-export.json');
      await download.saveAs(file);
      return { ...shown, json: JSON.stringify(JSON.parse(readFileSync(file, 'utf8'))) };
    });
    const old = `${new URLSearchParams({ d: edited.json }).toString()}&${QUICK}`;
    console.log(`multi-region edited: JSON link d= ${old.length - QUICK.length - 1}, compact d= ${`d=${query(edited.url).d}`.length}`);
    await withPage(env, 'links-old-json', {}, async (page) => {
      await open(page, env.base, LAB, old);
      assert.deepEqual(await tree(page), edited.tree, 'the same blocks');
      assert.equal(await availability(page), edited.availability, 'the same availability');
      assert.equal(await page.locator('.notice').count(), 0, 'an old link shows no notice');
      await page.waitForFunction(() => /[?&]d=1/.test(location.hash));
      assert.equal(query(page.url()).d, query(edited.url).d, 'rewritten in the compact form');
    });
  });

  test('an old link of a small diagram written by hand still opens', async () => {
    const diagram = {
      name: 'Two replicas',
      components: [
        { id: 'a', name: 'Replica “A”', mtbf_hours: 999, mttr_hours: 1, mttd_hours: 0, repair: { kind: 'exponential' } },
        { id: 'b', name: 'Réplica B', mtbf_hours: 999, mttr_hours: 1, mttd_hours: 0, repair: { kind: 'weibull', k: 0.7 } },
      ],
      root: { parallel: { label: 'Either replica', children: [{ unit: { component: 'a' } }, { unit: { component: 'b' } }] } },
    };
    await withPage(env, 'links-old-hand', {}, async (page) => {
      await open(page, env.base, LAB, `d=${encodeURIComponent(JSON.stringify(diagram))}&${QUICK}`);
      assert.deepEqual(
        (await tree(page)).map((row) => row.split(' | ')[1].split(' / ')[0]),
        ['Either replica', 'Replica “A”', 'Réplica B'],
      );
      assert.match(await availability(page), /^99\.9999/);
      assert.equal(await page.locator('.notice').count(), 0);
    });
  });

  test('a damaged compact diagram costs the diagram only, with a notice', async () => {
    const edited = await withPage(env, 'links-damage-edit', {}, (page) => editPreset(page, env.base, 'web-stack'));
    const d = query(edited.url).d;
    const cut = `d=${d.slice(0, Math.floor(d.length / 2))}&years=300&seed=5&slo=99.5`;
    const altered = `d=${d.slice(0, 20)}${d[20] === 'A' ? 'B' : 'A'}${d.slice(21)}&years=300&seed=5&slo=99.5`;
    for (const [what, link] of [['cut short', cut], ['one character changed', altered]]) {
      await withPage(env, `links-damaged-${what}`, {}, async (page) => {
        await open(page, env.base, LAB, link);
        const notice = page.locator('.notice');
        await notice.waitFor();
        assert.match(await notice.innerText(), /the diagram in the link is damaged/, what);
        assert.equal(await page.locator('#lab-preset').inputValue(), 'web-stack', 'the default diagram is shown');
        assert.equal(await page.locator('#lab-years').inputValue(), '300', 'the other fields are read');
        assert.equal(await page.locator('#lab-seed').inputValue(), '5');
        assert.match(await availability(page), /^\d{1,3}(\.\d+)?%/);
      });
    }
  });
});

// The B+ tree animator as a user drives it: insert a key and watch its steps (a split
// highlighted, the invariants badge, the pseudo-code line), step back across operations, scrub
// the timeline, use the keyboard on the stage, paste a list with junk and repeats, generate keys
// past the drawing limit, refuse bad input while the tree stays, reopen a shared link, and run
// and cancel the random-vs-sorted comparison in the worker. Screenshots of a small tree
// mid-split and of the comparison at desktop and phone widths go to the artifacts folder.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, artifact, open, settled, start, withPage } from './lib.mjs';

const ROUTE = { name: 'bptree', hash: '#/bptree', slug: 'bptree' };
const text = (page, id) => page.locator(`#${id}`).innerText();

describe('B+ tree animator', { timeout: 240_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  test('an insert plays its steps: the split is highlighted and every invariant holds', async () => {
    await withPage(env, 'bptree-insert', {}, async (page) => {
      await open(page, env.base, ROUTE, 'd=3&ops=i:10,i:20,i:30,i:40');
      assert.match(await text(page, 'bptree-height'), /^2 levels/);
      await page.locator('#bptree-speed').selectOption('16');
      await page.locator('#bptree-key').fill('50');
      await page.locator('#bptree-insert').click();
      // It plays by itself to the end: a double split and a new root.
      await page.locator('#bptree-height', { hasText: '3 levels' }).waitFor();
      await page.locator('#bptree-play', { hasText: 'Play' }).waitFor();
      assert.match(await text(page, 'bptree-op'), /Operation 5 of 5: insert 50 — inserted/);
      assert.match(await text(page, 'bptree-narration'), /new root holds 30; height 3/);
      assert.match(await text(page, 'bptree-invariants'), /all 10 invariants hold/);
      // Back to the leaf split: two highlighted nodes, the split line of the pseudo-code.
      for (let i = 0; i < 5; i++) {
        await page.locator('#bptree-back').click();
        if (/Splitting the leaf/.test(await text(page, 'bptree-narration'))) break;
      }
      assert.match(await text(page, 'bptree-narration'), /Splitting the leaf/);
      assert.equal(await page.locator('.bptree-node.active').count(), 2);
      assert.match(await page.locator('.bptree-code li.current').innerText(), /split it/);
      assert.match(await text(page, 'bptree-transient'), /over capacity/);
      await settled(page);
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        await settled(page);
        await page.screenshot({ path: artifact(`bptree-mid-split-${viewport.width}.png`), fullPage: true });
      }
    });
  });

  test('stepping back crosses operations, the timeline scrubs, the keyboard plays', async () => {
    await withPage(env, 'bptree-steps', {}, async (page) => {
      await open(page, env.base, ROUTE, 'd=4&ops=g:random:1000:3');
      assert.match(await text(page, 'bptree-op'), /Operation 1000 of 1000/);
      const before = await text(page, 'bptree-keys');
      assert.equal(before, '1000');
      // Step back from the end across the last operation's first step.
      for (let i = 0; i < 12; i++) await page.locator('#bptree-back').click();
      assert.match(await text(page, 'bptree-op'), /Operation 99\d of 1000/);
      assert.match(await text(page, 'bptree-invariants'), /all 10 invariants hold/);
      // Scrub to an early operation.
      await page.locator('#bptree-scrub').fill('40');
      assert.match(await text(page, 'bptree-op'), /Operation 41 of 1000/);
      assert.equal(await text(page, 'bptree-keys'), '41');
      assert.ok((await page.locator('.bptree-tick').count()) > 50, 'marks where splits happened');
      // Keyboard on the stage: → steps, Space plays and pauses.
      await page.locator('.bptree-canvas').click();
      await page.keyboard.press('Home');
      assert.match(await text(page, 'bptree-op'), /Operation 1 of 1000/);
      await page.keyboard.press('ArrowRight');
      assert.match(await text(page, 'bptree-op'), /Operation 2 of 1000/);
      await page.keyboard.press(' ');
      await page.locator('#bptree-play', { hasText: 'Pause' }).waitFor();
      await page.keyboard.press(' ');
      await page.locator('#bptree-play', { hasText: 'Play' }).waitFor();
      // 1,000 keys at order 4 are more than 200 nodes: a summary by level.
      await page.keyboard.press('End');
      await page.locator('#bptree-summary').waitFor();
    });
  });

  test('a pasted list with junk and repeats inserts the rest; bad input keeps the tree', async () => {
    await withPage(env, 'bptree-input', {}, async (page) => {
      await open(page, env.base, ROUTE, 'd=4&ops=');
      await page.locator('#bptree-list').fill('12, 9, x1, 23, 9, 5');
      await page.locator('#bptree-list-error', { hasText: 'x1' }).waitFor();
      await page.locator('#bptree-insert-list').click();
      assert.equal(await text(page, 'bptree-keys'), '4');
      assert.match(await text(page, 'bptree-message'), /x1.*repeats in the list: 9/);
      const tree = await page.locator('.bptree-svg').innerHTML();
      await page.locator('#bptree-order').fill('2');
      await page.locator('#bptree-order-error', { hasText: '3 to 1024' }).waitFor();
      assert.equal(await page.locator('.bptree-svg').innerHTML(), tree, 'the tree on the page is not lost');
      await page.locator('#bptree-count').fill('1000000000');
      await page.locator('#bptree-count-error').waitFor();
      assert.ok(await page.locator('#bptree-generate').isDisabled());
      await page.locator('#bptree-key').fill('12');
      await page.locator('#bptree-insert').click();
      await page.locator('#bptree-op', { hasText: 'refused: already in the tree' }).waitFor();
      assert.equal(await text(page, 'bptree-keys'), '4');
      // Undo takes the refused insert back off the log.
      await page.locator('#bptree-undo').click();
      assert.match(await text(page, 'bptree-op'), /Operation 4 of 4/);
    });
  });

  test('a shared link replays the same tree at the same step', async () => {
    const shared = await withPage(env, 'bptree-share', {}, async (page) => {
      await open(page, env.base, ROUTE);
      await page.locator('#bptree-order').fill('5');
      await page.locator('#bptree-workload').selectOption('uuid4');
      await page.locator('#bptree-count').fill('25');
      await page.locator('#bptree-generate').click();
      await page.locator('#bptree-back').click();
      return { url: page.url(), op: await text(page, 'bptree-op'), svg: await page.locator('.bptree-svg').innerHTML() };
    });
    await withPage(env, 'bptree-reopen', {}, async (page) => {
      await page.goto(shared.url);
      await page.locator('[data-slug="bptree"]').waitFor();
      assert.equal(await text(page, 'bptree-op'), shared.op);
      assert.equal(await page.locator('.bptree-svg').innerHTML(), shared.svg);
      assert.equal(page.url(), shared.url);
    });
  });

  test('the comparison runs in the worker, can be cancelled, and shows the fill factors', async () => {
    await withPage(env, 'bptree-compare', {}, async (page) => {
      await open(page, env.base, ROUTE, 'd=64&ops=i:1&cn=1000000&cp=random-sorted');
      await page.locator('#bptree-cmp-run').click();
      await page.locator('#bptree-cmp-cancel').click();
      await page.locator('#bptree-cmp-status', { hasText: 'Cancelled' }).waitFor();
      await page.locator('#bptree-cmp-keys').fill('200000');
      await page.locator('#bptree-cmp-run').click();
      await page.locator('#bptree-cmp-where', { hasText: 'background worker' }).waitFor({ timeout: 60_000 });
      const table = await text(page, 'bptree-cmp-table');
      // Random order near ln 2; ascending under even splits frozen at 32 of 63.
      const fills = [...table.matchAll(/Leaf fill\s+([\d.]+)%\s+([\d.]+)%/g)][0];
      assert.ok(fills, table);
      assert.ok(Math.abs(Number(fills[1]) - 69.3) < 2, table);
      assert.ok(Math.abs(Number(fills[2]) - 50.8) < 0.5, table);
      await page.locator('#bptree-cmp-pair').selectOption('uuid4-uuid7');
      await page.locator('#bptree-cmp-results.out-of-date').waitFor();
      await page.locator('#bptree-split').selectOption('append');
      await page.locator('#bptree-cmp-run').click();
      await page.locator('#bptree-cmp-results:not(.out-of-date) #bptree-cmp-where').waitFor({ timeout: 60_000 });
      assert.match(await text(page, 'bptree-cmp-table'), /UUIDv4.*UUIDv7/is);
      await page.locator('.bptree-why summary').click();
      for (const viewport of [DESKTOP, PHONE]) {
        await page.setViewportSize(viewport);
        await settled(page);
        await page.locator('#bptree-cmp-title').scrollIntoViewIfNeeded();
        await page.screenshot({ path: artifact(`bptree-compare-${viewport.width}.png`), fullPage: true });
      }
    });
  });
});

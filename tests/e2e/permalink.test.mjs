// Every state is a link: edits are written into the address (replacing the history entry, not
// pushing one), and opening that address in a fresh browser restores every field and result.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TOOLS, applyEdits, fieldValues, open, ready, start, withPage } from './lib.mjs';

describe('permalinks', { timeout: 120_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  test('an edited state survives a round trip through its address', async (t) => {
    for (const { slug } of env.tools) {
      await t.test(slug, async () => {
        const route = { name: slug, hash: `#/${slug}`, slug };
        const { edits, smoke } = TOOLS[slug];
        const edited = await withPage(env, `permalink-edit-${slug}`, {}, async (page) => {
          await open(page, env.base, route);
          const defaults = await fieldValues(page, slug);
          await applyEdits(page, edits);
          const values = await fieldValues(page, slug);
          for (const [id, value] of edits) assert.equal(values[id], value, `#${id} after editing`);
          assert.notDeepEqual(values, defaults, 'the edits changed nothing');
          return {
            url: page.url(),
            values,
            output: await page.locator(`#${smoke.output}`).innerText(),
          };
        });
        await withPage(env, `permalink-open-${slug}`, {}, async (page) => {
          await page.goto(edited.url);
          await ready(page, route);
          assert.deepEqual(await fieldValues(page, slug), edited.values, `fields restored from ${edited.url}`);
          assert.equal(await page.locator(`#${smoke.output}`).innerText(), edited.output);
          assert.equal(page.url(), edited.url, 'opening a permalink must not rewrite it');
          assert.equal(await page.locator('.notice').count(), 0, 'a clean permalink shows no link notice');
        });
        // The same link followed from the tool's own page (a hash change, no reload).
        await withPage(env, `permalink-follow-${slug}`, {}, async (page) => {
          await open(page, env.base, route);
          await page.goto(edited.url);
          await page.waitForFunction(
            ([id, value]) => document.getElementById(id)?.value === value,
            edits[0],
          );
          assert.deepEqual(await fieldValues(page, slug), edited.values, 'fields after following the link');
          assert.equal(await page.locator(`#${smoke.output}`).innerText(), edited.output);
        });
      });
    }
  });

  test('"Copy link" copies the address of the current state', async (t) => {
    for (const { slug } of env.tools) {
      await t.test(slug, async () => {
        const origin = new URL(env.base).origin;
        await withPage(env, `copy-link-${slug}`, {}, async (page, _watch, context) => {
          await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
          await open(page, env.base, { name: slug, hash: `#/${slug}`, slug });
          await applyEdits(page, TOOLS[slug].edits);
          await page.locator('#copy-link').click();
          await page.locator('.share-status', { hasText: 'Link copied.' }).waitFor();
          assert.equal(await page.evaluate(() => navigator.clipboard.readText()), page.url());
        });
      });
    }
  });

  test('editing replaces the history entry; back and forward move between pages', async (t) => {
    for (const { slug, title } of env.tools) {
      await t.test(slug, async () => {
        const route = { name: slug, hash: `#/${slug}`, slug };
        await withPage(env, `history-${slug}`, {}, async (page) => {
          await open(page, env.base, { name: 'home', hash: '#/' });
          await page.locator('li.tool-card h2 a', { hasText: title }).click();
          await ready(page, route);
          const length = await page.evaluate(() => history.length);
          const { smoke, edits } = TOOLS[slug];
          // Key by key, so every intermediate text is an edit of its own.
          await page.locator(`#${smoke.input}`).fill('');
          await page.locator(`#${smoke.input}`).pressSequentially(smoke.value);
          await applyEdits(page, edits);
          const values = await fieldValues(page, slug);
          assert.equal(
            await page.evaluate(() => history.length),
            length,
            'edits must replace the history entry, not push new ones',
          );

          await page.evaluate(() => history.back());
          await page.locator('li.tool-card').first().waitFor();
          assert.match(new URL(page.url()).hash, /^#\/?$/, 'one step back is the home page');

          await page.evaluate(() => history.forward());
          await page.locator(`[data-slug="${slug}"]`).waitFor();
          assert.deepEqual(await fieldValues(page, slug), values, 'forward restores the edited state');
        });
      });
    }
  });
});

// No input breaks a page. Every text field of every tool rejects junk with a message beside
// the field (and aria-invalid), the rest of the page keeps working on the last valid values,
// and a good value clears the message. A mangled link shows a notice and the page computes.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  BAD_INPUTS,
  TOOLS,
  expectText,
  fieldValues,
  open,
  smoke,
  start,
  textFieldIds,
  withPage,
} from './lib.mjs';

describe('bad input', { timeout: 120_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  test('every text field rejects junk beside itself and recovers', async (t) => {
    for (const { slug } of env.tools) {
      await t.test(slug, async () => {
        const s = TOOLS[slug].smoke;
        await withPage(env, `bad-input-${slug}`, {}, async (page) => {
          await open(page, env.base, { name: slug, hash: `#/${slug}`, slug });
          await smoke(page, slug);
          const ids = await textFieldIds(page, slug);
          assert.ok(ids.length > 0, `${slug} has no text fields`);
          const good = await fieldValues(page, slug);
          for (const id of ids) {
            for (const bad of BAD_INPUTS) {
              const what = `#${id} = ${JSON.stringify(bad)}`;
              const input = page.locator(`#${id}`);
              const error = page.locator(`#${id}-error`);
              await input.fill(bad);

              await error.waitFor({ state: 'visible' }).catch(() => {
                assert.fail(`${what}: no visible message #${id}-error`);
              });
              const message = (await error.innerText()).trim();
              assert.ok(message.length > 3, `${what}: empty message`);
              assert.equal(await error.getAttribute('role'), 'alert', `${what}: message role`);
              assert.equal(await input.getAttribute('aria-invalid'), 'true', `${what}: aria-invalid`);
              assert.ok(
                (await input.getAttribute('aria-describedby'))?.split(/\s+/).includes(`${id}-error`),
                `${what}: the field is not described by its message`,
              );
              assert.ok(
                await input.evaluate((el, errorId) => el.closest('.field').contains(document.getElementById(errorId)), `${id}-error`),
                `${what}: the message is not inside the field's .field`,
              );
              assert.equal(await input.inputValue(), bad, `${what}: the typed text must stay visible`);

              const now = await fieldValues(page, slug);
              assert.deepEqual({ ...now, [id]: good[id] }, good, `${what}: other fields changed`);
              // Results stay on the last valid values.
              await expectText(page, s.output, s.expect);
              if (id === s.input) {
                await page.locator('.stale-note').waitFor().catch(() => {
                  assert.fail(`${what}: no .stale-note saying the results are for the last valid value`);
                });
              }
              assert.equal(await page.locator(`[data-slug="${slug}"]`).count(), 1, `${what}: page gone`);
            }
            await page.locator(`#${id}`).fill(good[id]);
            await page.locator(`#${id}-error`).waitFor({ state: 'detached' });
            assert.equal(await page.locator(`#${id}`).getAttribute('aria-invalid'), 'false');
            assert.equal(await page.locator('.stale-note').count(), 0, `#${id}: stale note after recovery`);
          }
          assert.deepEqual(await fieldValues(page, slug), good, 'every field recovered');
          assert.equal(await page.locator('.field-error').count(), 0);
        });
      });
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

// Embed mode: `#/<slug>?embed=1` shows the tool alone (no site header, an "Open in sdlab"
// footer) and still computes; the share card's iframe snippet opens that same state embedded.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ROOT, TOOLS, applyEdits, fieldValues, open, ready, routeUrl, smoke, start, withPage } from './lib.mjs';

/// The example pages in examples/, which the site ships beside index.html.
const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.html'));

/// The iframe src of an embed snippet, with HTML character references undone.
function snippetSrc(snippet) {
  const m = /<iframe\b[^>]*\bsrc="([^"]*)"/.exec(snippet);
  assert.ok(m, `no <iframe src="…"> in the embed snippet: ${snippet}`);
  return m[1].replaceAll('&amp;', '&').replaceAll('&quot;', '"');
}

async function assertEmbedded(scope, slug) {
  assert.equal(await scope.locator('.site-header').count(), 0, 'embed mode has no site header');
  assert.equal(await scope.locator('.site-footer').count(), 0, 'embed mode has no site footer');
  assert.equal(await scope.locator('.embed-footer').count(), 1, 'embed mode has an embed footer');
  await scope.locator(`[data-slug="${slug}"]`).waitFor();
}

describe('embed mode', { timeout: 120_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  test('?embed=1 drops the site chrome and the tool still computes', async (t) => {
    for (const { slug } of env.tools) {
      await t.test(slug, async () => {
        await withPage(env, `embed-${slug}`, {}, async (page) => {
          await open(page, env.base, { name: slug, hash: `#/${slug}`, slug }, 'embed=1');
          await assertEmbedded(page, slug);
          await smoke(page, slug);
          assert.match(new URL(page.url()).hash, /[?&]embed=1(&|$)/, 'edits keep embed=1 in the address');
          await assertEmbedded(page, slug);
          // "Open in sdlab" leads to the full site, same state, without embed=1.
          const full = await page.locator('.embed-footer a').getAttribute('href');
          assert.doesNotMatch(full, /embed=/, `footer link ${full}`);
          assert.match(full, new RegExp(`#/${slug}\\?`), `footer link ${full}`);
        });
      });
    }
  });

  test('the embed snippet opens the same state, embedded', async (t) => {
    for (const { slug } of env.tools) {
      await t.test(slug, async () => {
        const route = { name: slug, hash: `#/${slug}`, slug };
        const { edits, smoke: s } = TOOLS[slug];
        const edited = await withPage(env, `snippet-${slug}`, {}, async (page) => {
          await open(page, env.base, route);
          await applyEdits(page, edits);
          const snippet = await page.locator('textarea#embed-snippet').inputValue();
          return {
            src: snippetSrc(snippet),
            snippet,
            values: await fieldValues(page, slug),
            output: await page.locator(`#${s.output}`).innerText(),
          };
        });
        assert.match(new URL(edited.src).hash, /[?&]embed=1(&|$)/, `snippet src ${edited.src}`);

        // Opened directly.
        await withPage(env, `snippet-open-${slug}`, {}, async (page) => {
          await page.goto(edited.src);
          await ready(page, route);
          await assertEmbedded(page, slug);
          assert.deepEqual(await fieldValues(page, slug), edited.values);
          assert.equal(await page.locator(`#${s.output}`).innerText(), edited.output);
        });

        // Pasted into someone else's page, as the snippet is meant to be used.
        await withPage(env, `snippet-iframe-${slug}`, {}, async (page) => {
          await page.setContent(`<!doctype html><title>docs</title><h1>Docs</h1>${edited.snippet}`);
          const frame = page.frameLocator('iframe');
          await frame.locator(`[data-slug="${slug}"]`).waitFor();
          await assertEmbedded(frame, slug);
          const values = await frame
            .locator(`[data-slug="${slug}"] .field input, [data-slug="${slug}"] .field select`)
            .evaluateAll((els) => Object.fromEntries(els.map((e) => [e.id, e.value])));
          assert.deepEqual(values, edited.values);
          // It still computes (the calendar was edited, so the smoke figure itself may differ).
          await frame.locator(`#${s.input}`).fill(s.value);
          await frame.locator(`#${s.output}`).filter({ hasNotText: edited.output }).waitFor();
        });
      });
    }
  });

  test('the example pages embed working tools', async (t) => {
    assert.ok(EXAMPLES.length > 0, 'no example pages in examples/');
    for (const file of EXAMPLES) {
      await t.test(file, async () => {
        await withPage(env, `example-${file}`, {}, async (page) => {
          await page.goto(routeUrl(env.base, file));
          const iframes = page.locator('iframe');
          const count = await iframes.count();
          assert.ok(count > 0, `${file} embeds no tool`);
          for (let i = 0; i < count; i++) {
            const iframe = iframes.nth(i);
            const src = new URL(await iframe.getAttribute('src'), page.url());
            const slug = /^#\/([a-z-]+)/.exec(src.hash)?.[1];
            assert.ok(TOOLS[slug], `${file}: iframe ${i} shows an unknown tool: ${src}`);
            assert.ok(await iframe.getAttribute('title'), `${file}: iframe ${i} has no title`);
            await iframe.scrollIntoViewIfNeeded();
            const frame = await (await iframe.elementHandle()).contentFrame();
            await frame.locator(`[data-slug="${slug}"]`).waitFor();
            await assertEmbedded(frame, slug);
            assert.equal(await frame.locator('.notice').count(), 0, `${file}: the example's link has problems`);
            // The state written in the example's src is the state shown.
            const wanted = new URLSearchParams(src.hash.split('?')[1] ?? '');
            const shown = new URLSearchParams(new URL(frame.url()).hash.split('?')[1] ?? '');
            for (const [key, value] of wanted) assert.equal(shown.get(key), value, `${file}: ${key} in ${frame.url()}`);
            // And it computes: the smoke input changes the output (or gives the smoke figure).
            const s = TOOLS[slug].smoke;
            const before = await frame.locator(`#${s.output}`).innerText();
            await frame.locator(`#${s.input}`).fill(s.value);
            await frame
              .waitForFunction(
                ([id, expect, before]) => {
                  const text = document.getElementById(id)?.innerText ?? '';
                  return text.includes(expect) || (text !== before && /\d/.test(text));
                },
                [s.output, s.expect, before],
              )
              .catch(async () => {
                const now = await frame.locator(`#${s.output}`).innerText();
                assert.fail(`${file}: #${s.output} did not update after typing ${s.value}: ${now}`);
              });
          }
        });
      });
    }
  });
});

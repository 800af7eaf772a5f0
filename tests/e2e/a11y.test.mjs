// Accessibility: axe-core finds no serious or critical violation on any route (light and dark,
// plus a tool showing a field error and a link notice), and every control of a tool page can be
// reached with the Tab key.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { AXE_PATH, TOOLS, open, settled, start, withPage } from './lib.mjs';

const BLOCKING = new Set(['serious', 'critical']);

/// Runs axe on the page; returns the blocking violations as readable text ('' when none).
async function axeViolations(page) {
  // Evaluated, not injected as a <script>: the page's Content-Security-Policy refuses inline
  // scripts, and rightly so.
  await page.evaluate(readFileSync(AXE_PATH, 'utf8'));
  await settled(page);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.join(' '),
        html: n.html,
        summary: n.failureSummary,
      })),
    }));
  });
  return violations
    .filter((v) => BLOCKING.has(v.impact))
    .map(
      (v) =>
        `[${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes
          .map(
            (n) =>
              `    at ${n.target}\n      ${n.html.slice(0, 200)}\n      ${n.summary.replaceAll('\n', '\n      ')}`,
          )
          .join('\n'),
    )
    .join('\n');
}

describe('accessibility', { timeout: 120_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  test('axe: no serious or critical violation on any route', async (t) => {
    for (const colorScheme of ['light', 'dark']) {
      for (const route of env.routes) {
        await t.test(`${route.name} (${colorScheme})`, async () => {
          await withPage(env, `axe-${route.name}-${colorScheme}`, { colorScheme }, async (page) => {
            await open(page, env.base, route);
            const found = await axeViolations(page);
            assert.equal(found, '', `axe on ${route.hash} (${colorScheme}):\n${found}`);
          });
        });
      }
    }
  });

  test('axe: a tool showing a field error and a link notice', async (t) => {
    for (const { slug } of env.tools) {
      await t.test(slug, async () => {
        const { mangled, smoke } = TOOLS[slug];
        await withPage(env, `axe-errors-${slug}`, {}, async (page) => {
          await open(page, env.base, { name: slug, hash: `#/${slug}`, slug }, mangled);
          await page.locator('.notice').waitFor();
          await page.locator(`#${smoke.input}`).fill('abc');
          await page.locator(`#${smoke.input}-error`).waitFor();
          const found = await axeViolations(page);
          assert.equal(found, '', `axe on #/${slug} with errors shown:\n${found}`);
        });
      });
    }
  });

  test('every control of a tool page is reachable with Tab', async (t) => {
    for (const { slug } of env.tools) {
      await t.test(slug, async () => {
        await withPage(env, `keyboard-${slug}`, {}, async (page) => {
          await open(page, env.base, { name: slug, hash: `#/${slug}`, slug });
          // The lab computes its simulation on open: tab through the finished page.
          if (slug === 'availability') await page.locator('#lab-sim-where').waitFor({ timeout: 30_000 });
          await settled(page);
          // Tag every visible, enabled control with a readable name.
          const controls = await page.evaluate(() => {
            const names = [];
            const els = document.querySelectorAll('input, select, button, textarea');
            els.forEach((el, i) => {
              const visible = el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
              if (!visible || el.disabled) return;
              const name = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${
                el.id ? '' : `[${(el.getAttribute('aria-label') || el.textContent || el.type || '').trim().slice(0, 30)}]`
              }(${i})`;
              el.dataset.e2eControl = name;
              names.push(name);
            });
            return names;
          });
          assert.ok(controls.length > 0, 'no controls found');
          const reached = new Set();
          const order = [];
          await page.locator('body').focus();
          const missing = () => controls.filter((c) => !reached.has(c));
          // Enough presses to pass every focusable element (links and scroll regions too) once.
          for (let i = 0; i < controls.length * 3 + 20 && missing().length > 0; i++) {
            await page.keyboard.press('Tab');
            const name = await page.evaluate(() => {
              const el = document.activeElement;
              if (!el || el === document.body) return null;
              return el.dataset.e2eControl || `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}`;
            });
            if (name) {
              order.push(name);
              reached.add(name);
            }
          }
          const missed = missing();
          assert.deepEqual(missed, [], `not reachable with Tab: ${missed.join(', ')}\nTab order: ${order.join(' → ')}`);
          // Tabbing must not have changed the state (e.g. by committing a field).
          assert.equal(await page.locator('.field-error').count(), 0);
        });
      });
    }
  });
});

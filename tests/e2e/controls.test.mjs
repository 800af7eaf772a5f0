// Every visible control on every route can be reached by a click: scrolled into view, the
// element at its centre and near its corners is the control itself (or inside it), at desktop and phone widths, in the
// page and embedded. A panel clipped by a stray `overflow: hidden`, a footer over a button, a
// label drawn over a field: each fails here with the control's name and what covers it.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, open, settled, start, withPage } from './lib.mjs';

/// In the page: the visible controls whose centre belongs to another element.
function coveredControls() {
  const selector = 'button, a[href], input, select, textarea, summary, label.button, [tabindex]:not([tabindex="-1"])';
  const name = (el) =>
    el.tagName.toLowerCase() +
    (el.id ? `#${el.id}` : '') +
    (typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '') +
    (el.textContent ? ` "${el.textContent.trim().slice(0, 30)}"` : '');
  const covered = [];
  let checked = 0;
  for (const el of document.querySelectorAll(selector)) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    // Visually hidden inputs (a file input behind its label) are reached through their label.
    let rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) continue;
    if (el.closest('details:not([open])') && !el.matches('summary')) continue;
    el.scrollIntoView({ block: 'center', inline: 'center' });
    rect = el.getBoundingClientRect();
    const focusOnly = rect.right <= 0 || rect.bottom <= 0 || rect.left >= innerWidth || rect.top >= innerHeight;
    if (focusOnly) {
      // Shown on focus only (the skip link): focus it, as a keyboard user does, then look.
      el.focus();
      rect = el.getBoundingClientRect();
    }
    checked++;
    // The centre and four points near the corners: a control half clipped by its container
    // still answers at its centre.
    for (const [fx, fy, where] of [[0.5, 0.5, 'centre'], [0.2, 0.2, 'top left'], [0.8, 0.2, 'top right'], [0.2, 0.8, 'bottom left'], [0.8, 0.8, 'bottom right']]) {
      const hit = document.elementFromPoint(rect.left + rect.width * fx, rect.top + rect.height * fy);
      if (!hit || !(el === hit || el.contains(hit) || (el.tagName === 'LABEL' && hit === el.control))) {
        covered.push(`${name(el)} is covered at its ${where} by ${hit ? name(hit) : 'nothing'}`);
        break;
      }
    }
    if (focusOnly) el.blur();
  }
  return { checked, covered };
}

describe('every control can be clicked', { timeout: 180_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  for (const viewport of [DESKTOP, PHONE]) {
    for (const embed of [false, true]) {
      test(`every route at ${viewport.width} px${embed ? ', embedded' : ''}`, async (t) => {
        for (const route of env.routes.filter((r) => !embed || r.slug)) {
          await t.test(route.name, async () => {
            await withPage(env, `controls-${route.name}-${viewport.width}${embed ? '-embed' : ''}`, { viewport }, async (page) => {
              await open(page, env.base, route, embed ? 'embed=1' : '');
              if (route.slug === 'availability') {
                // Results on screen, so their controls are swept too.
                await page.locator('#lab-sim-where').waitFor({ timeout: 30_000 });
              }
              await settled(page);
              const { checked, covered } = await page.evaluate(coveredControls);
              assert.ok(checked > (route.slug ? 5 : 2), `${route.name}: only ${checked} controls found`);
              assert.deepEqual(covered, [], `${route.name} at ${viewport.width} px${embed ? ' (embedded)' : ''}`);
            });
          });
        }
      });
    }
  }
});

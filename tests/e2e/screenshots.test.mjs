// Full-page screenshots of every route at desktop and phone widths in light and dark, saved as
// artifacts/<route>-<width>-<theme>.png for people to look at; and at phone width nothing may
// overflow the page sideways.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, artifact, open, settled, start, withPage } from './lib.mjs';

/// What sticks out past the right edge of the viewport, widest first (for the failure message).
function overflowReport() {
  const width = document.documentElement.clientWidth;
  const offenders = [];
  for (const el of document.querySelectorAll('body *')) {
    const rect = el.getBoundingClientRect();
    if (rect.right <= width + 1 || rect.width === 0) continue;
    // Inside a sideways-scrolling container, wide content is fine.
    let scroller = el.parentElement;
    while (scroller && !/(auto|scroll|hidden)/.test(getComputedStyle(scroller).overflowX)) {
      scroller = scroller.parentElement;
    }
    if (scroller && scroller !== document.body && scroller !== document.documentElement) continue;
    const name =
      el.tagName.toLowerCase() +
      (el.id ? `#${el.id}` : '') +
      (typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
    offenders.push({ name, right: Math.round(rect.right), text: (el.textContent || '').trim().slice(0, 40) });
  }
  offenders.sort((a, b) => b.right - a.right);
  return {
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: width,
    offenders: offenders.slice(0, 8),
  };
}

describe('screenshots and layout', { timeout: 180_000 }, () => {
  let env;
  before(async () => {
    env = await start();
  });
  after(async () => env?.close());

  for (const viewport of [DESKTOP, PHONE]) {
    for (const theme of ['light', 'dark']) {
      test(`every route at ${viewport.width} px, ${theme}`, async (t) => {
        for (const route of env.routes) {
          await t.test(route.name, async () => {
            const name = `${route.name}-${viewport.width}-${theme}`;
            await withPage(env, `screenshot-${name}`, { viewport, colorScheme: theme }, async (page) => {
              await open(page, env.base, route);
              await settled(page);
              await page.screenshot({ path: artifact(`${name}.png`), fullPage: true });
              if (viewport.width <= PHONE.width) {
                const layout = await page.evaluate(overflowReport);
                assert.ok(
                  layout.scrollWidth <= layout.clientWidth + 1,
                  `${route.hash} at ${viewport.width} px scrolls sideways: scrollWidth ${layout.scrollWidth} > ` +
                    `clientWidth ${layout.clientWidth}; widest elements:\n  ` +
                    layout.offenders.map((o) => `${o.name} (right edge ${o.right} px) "${o.text}"`).join('\n  ') +
                    `\n(screenshot: ${artifact(`${name}.png`)})`,
                );
              }
            });
          });
        }
      });
    }
  }
});

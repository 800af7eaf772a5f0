// Full-page screenshots of every route at desktop and phone widths in light and dark, saved as
// artifacts/<route>-<width>-<theme>.png for people to look at; and at phone width nothing may
// overflow the page sideways.

import { after, before, describe, test } from 'node:test';
import { DESKTOP, PHONE, artifact, assertNoSidewaysScroll, open, settled, start, withPage } from './lib.mjs';

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
              // The lab computes its simulation on open: shoot the finished page.
              if (route.slug === 'availability') await page.locator('#lab-sim-where').waitFor({ timeout: 30_000 });
              await settled(page);
              await page.screenshot({ path: artifact(`${name}.png`), fullPage: true });
              if (viewport.width <= PHONE.width) {
                await assertNoSidewaysScroll(page, `${route.hash} at ${viewport.width} px`, artifact(`${name}.png`));
              }
            });
          });
        }
      });
    }
  }
});

// The lab's incident-log card end to end: a PagerDuty-shaped CSV export with one bad line is
// pasted into the outage field; the result comes from the good lines (availability, the SLO
// budget spent) while the bad line is named beside the field; a row typed key by key counts at
// once, a new SLO typed into the budget card moves the budget line, and a log with no readable
// line says so instead of showing a result. Screenshots of the card over and within budget:
// artifacts/incidents-card-over-budget.png, artifacts/incidents-card.png.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { artifact, expectText, open, settled, start, typeInto, withPage } from './lib.mjs';

const LAB = { name: 'availability', hash: '#/availability', slug: 'availability' };

/// Column names as PagerDuty spells them (crates/nines/src/incidents.rs, START_COLUMNS), a
/// quoted title holding a comma, ISO 8601 offsets, and a typo on line 4 (a one-digit day).
/// P1 is 10:15–10:52Z (37 min), P2 22:00–22:31Z (31 min).
const PAGERDUTY_CSV = [
  'id,incident_number,title,created_on,resolved_on,urgency',
  'P1,1,"DB down, reads failing",2026-03-02T11:15:00+01:00,2026-03-02T11:52:00+01:00,high',
  'P2,2,Latency,2026-03-09T17:00:00-0500,2026-03-09T17:31:00-0500,low',
  'P3,3,Typo,2026-03-3 10:00,2026-03-03 10:10,low',
].join('\n');

function text(page, id) {
  return page.locator(`#${id}`).innerText();
}

let env;
before(async () => {
  env = await start();
});
after(async () => {
  await env?.close();
});

describe('incident log', () => {
  test('a PagerDuty export with a bad line gives a result from the others, with the budget spent', async () => {
    await withPage(env, 'incident log: PagerDuty export', {}, async (page) => {
      await open(page, env.base, LAB);
      // The example log's result, before anything is pasted.
      await expectText(page, 'lab-incident-availability', '99.78442%');
      const log = page.locator('#lab-incidents');
      await log.fill(PAGERDUTY_CSV);

      // 68 min down of 719 h (30 days less 1 h of maintenance): A = 1 − 68/43,140.
      await expectText(page, 'lab-incident-availability', '99.84237%');
      await expectText(page, 'lab-incidents-error', 'line 4: “2026-03-3 10:00” is not a timestamp');
      assert.match(await text(page, 'lab-incidents-error'), /; 1 line skipped$/);
      assert.equal(await log.getAttribute('aria-invalid'), 'true');
      assert.equal(await log.getAttribute('aria-describedby'), 'lab-incidents-error');
      assert.equal(
        await text(page, 'lab-incident-lines'),
        '2 outage lines used, 1 skipped (listed beside the log); read as CSV by the header on line 1: ' +
          'start “created_on”, end “resolved_on”.',
      );
      // A 99.9% SLO allows 0.1% of 719 h = 43.1 minutes; 68 minutes is 158% of it.
      const budget = page.locator('#lab-incident-budget');
      assert.equal(
        (await budget.innerText()).replace(/\s+/g, ' '),
        'Error budget at the 99.9% SLO 43.1 minutes (0.1% of the total time); 1.13 hours spent = 158%, 24.9 minutes over',
      );
      assert.equal(await budget.locator('td.fail-text').count(), 1, 'over budget is marked');
      await settled(page);
      await page.locator('.incidents-card').screenshot({ path: artifact('incidents-card-over-budget.png') });

      // A row typed key by key at the end, its end given as a duration, counts at once.
      await log.focus();
      await page.keyboard.press('Control+End');
      await log.pressSequentially('\nP4,4,Cache,2026-03-25T10:00:00Z,20m,low');
      // 88 min down: A = 1 − 88/43,140.
      await expectText(page, 'lab-incident-availability', '99.79601%');
      await expectText(page, 'lab-incident-lines', '3 outage lines used, 1 skipped');
      await expectText(page, 'lab-incident-budget', '1.47 hours spent = 204%, 44.9 minutes over');

      // A looser SLO typed into the budget card: 1% of 719 h = 7.19 hours, 20% of it spent.
      await typeInto(page, 'lab-slo', '99');
      await expectText(page, 'lab-incident-budget', 'Error budget at the 99% SLO');
      await expectText(page, 'lab-incident-budget', '7.19 hours (1% of the total time); 1.47 hours spent = 20%, 5.72 hours left');
      assert.equal(await budget.locator('td.fail-text').count(), 0, 'within budget is not marked');

      await settled(page);
      await page.locator('.incidents-card').screenshot({ path: artifact('incidents-card.png') });

      // Nothing readable: no result, and the reason, instead of a perfect 100%.
      await log.fill('P9,9,Only,yesterday,today,low');
      await expectText(page, 'lab-incident-error', 'No line of the outage log could be read');
      assert.equal(await page.locator('#lab-incident-availability').count(), 0);
      await expectText(page, 'lab-incidents-error', '1 line skipped, none left to use');
    });
  });
});

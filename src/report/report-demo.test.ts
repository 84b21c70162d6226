/** The report of a demo run: every section has data, and the demo's planted facts show in it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADLINE } from '../analyses/headline.js';
import { NOT_IN_DATA } from '../analyses/quality/columns.js';
import { RESULT_TABLE_NAMES } from '../schema/results.js';
import type { Workspace } from '../workspace/index.js';
import { LANGUAGES } from './i18n/index.js';
import { renderReport, reportContext } from './index.js';
import { chooseRun } from './runs.js';
import { channelEconomics } from './sections/acquisition.js';
import { cohortMatrix } from './sections/retention.js';
import { demoRun } from './test-support/demo.js';

let ws: Workspace;
let runId: number;

beforeAll(async () => {
  ({ ws, runId } = await demoRun(2000));
});
afterAll(async () => {
  await ws.close();
});

describe('report of a demo run', () => {
  it('has rows in every result table, so no section says it has no data', async () => {
    const ctx = await reportContext(ws.db, await chooseRun(ws.db, runId), 'en');
    for (const table of RESULT_TABLE_NAMES) expect(ctx.rows[table], table).toBeGreaterThan(0);
    for (const language of LANGUAGES) {
      const { html, t } = await renderReport(ws.db, ctx.run, language);
      expect([...t.missing]).toEqual([]);
      expect(html).not.toContain('class="empty"');
      expect(html).not.toMatch(/undefined|NaN/);
      if (language === 'zh') expect(html).not.toContain(NOT_IN_DATA);
      // A card per headline KPI, each with its translated label.
      for (const h of HEADLINE)
        expect(html).toContain(`<div class="label">${t.name('kpi', h.kpi, '?')}</div>`);
    }
  });

  it('shows the planted acquisition facts: paid_search costs most, referral least', async () => {
    // docs/demo-data.md, planted fact 2.
    const channels = await channelEconomics(await reportContext(ws.db, await chooseRun(ws.db, runId), 'en'));
    const byCac = [...channels].sort((a, b) => (b.cac ?? 0) - (a.cac ?? 0)).map((c) => c.channel);
    expect(byCac[0]).toBe('paid_search');
    expect(byCac.at(-1)).toBe('referral');
    const conversion = [...channels].sort((a, b) => (a.conversionRate ?? 0) - (b.conversionRate ?? 0));
    expect(conversion[0].channel).toBe('paid_search');
  });

  it('draws every cohort at 100 % in month 0', async () => {
    const m = await cohortMatrix(await reportContext(ws.db, await chooseRun(ws.db, runId), 'en'));
    const month0 = m.cells.filter((c) => c[0] === 0);
    expect(month0).toHaveLength(m.cohorts.length);
    for (const c of month0) expect(c[2]).toBe(1);
  });
});

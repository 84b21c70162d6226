/**
 * The README's main job through the real binary: `clientele demo` generates and imports the demo,
 * runs analyze and writes the report. Checked here: every result table of the run has rows,
 * customer equity is Σ CLV, every cohort starts at 100 %, the report files exist and the headline
 * KPIs are printed. (The report's browser test and the planted facts have their own tests.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../ingest/test-support/workspace.js';
import { RESULT_TABLE_NAMES } from '../schema/results.js';
import { openWorkspace } from '../workspace/index.js';

describe('clientele demo (the main job)', () => {
  it('imports, analyses and reports; every result table is filled and consistent', async () => {
    const w = join(tempDir(), 'ws');
    const r = cli(['demo', '--customers', '3000', '-w', w], { LANG: 'en_US.UTF-8' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/analysis run 1:/);
    expect(r.stdout).toMatch(/customer equity \(Σ 12-month CLV\): [\d,.]+/);
    const html = /report: (.+\.html)/.exec(r.stdout)?.[1];
    const workbook = /workbook: (.+\.xlsx)/.exec(r.stdout)?.[1];
    expect(html && existsSync(html)).toBe(true);
    expect(workbook && existsSync(workbook)).toBe(true);
    expect(readFileSync(html!, 'utf8')).toMatch(/<svg/);

    const ws = await openWorkspace(w);
    const one = async (sql: string) => (await ws.db.query<{ v: number }>(sql))[0].v;
    for (const t of RESULT_TABLE_NAMES) {
      expect(await one(`SELECT count(*)::DOUBLE AS v FROM ${t} WHERE run_id = 1`), t).toBeGreaterThan(0);
    }
    // Equity = Σ predictive CLV, in total and summed over every breakdown.
    const clv = await one('SELECT sum(clv_12m) AS v FROM customer_value WHERE run_id = 1');
    for (const dimension of ['total', 'rfm_segment', 'acquisition_channel', 'acquisition_cohort']) {
      const equity = await one(
        `SELECT sum(equity)::DOUBLE AS v FROM customer_equity WHERE run_id = 1 AND dimension = '${dimension}'`,
      );
      expect(equity, dimension).toBeCloseTo(clv, 2);
    }
    expect(await one(`SELECT value AS v FROM kpis WHERE run_id = 1 AND kpi = 'customer_equity'`)).toBeCloseTo(
      clv,
      2,
    );
    // The three purchase models were compared on the holdout (after 2024-06-30); the one with the
    // lowest holdout error, and only it, was refitted to as_of.
    const fits = await ws.db.query<{ model: string; stage: string; chosen: boolean; err: number | null }>(
      `SELECT model, stage, chosen, holdout_error AS err FROM model_fits
       WHERE run_id = 1 AND model IN ('bgnbd', 'mbgnbd', 'pnbd') ORDER BY stage, model`,
    );
    const calibration = fits.filter((f) => f.stage === 'calibration');
    expect(calibration.map((f) => f.model)).toEqual(['bgnbd', 'mbgnbd', 'pnbd']);
    const best = [...calibration].sort((a, b) => (a.err ?? Infinity) - (b.err ?? Infinity))[0];
    expect(fits.filter((f) => f.stage === 'final').map((f) => [f.model, f.chosen])).toEqual([
      [best.model, true],
    ]);
    // The final fit accounts for every customer with a purchase: fitted, or left out (first purchase on as_of).
    const [final] = await ws.db.query<{ n: number }>(
      `SELECT (customers + left_out)::DOUBLE AS n FROM model_fits WHERE run_id = 1 AND stage = 'final' AND chosen AND model <> 'gg'`,
    );
    expect(final.n).toBe(
      await one(`SELECT value AS v FROM kpis WHERE run_id = 1 AND kpi = 'customers_with_purchases'`),
    );
    // Month 0 of every cohort is 100 %.
    const firstMonths = await ws.db.query<{ retention: number }>(
      'SELECT retention FROM cohort_retention WHERE run_id = 1 AND period = 0',
    );
    expect(firstMonths.length).toBeGreaterThan(12);
    expect(firstMonths.every((m) => m.retention === 1)).toBe(true);
    await ws.close();
  });
});

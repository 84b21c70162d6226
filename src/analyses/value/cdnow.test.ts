import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { REPO, SHARED_DATA, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { analyze, type RunSummary } from '../run.js';

// Issue 7's acceptance: `analyze --as-of 1998-06-30 --calibration-end 1997-09-30 --time-unit week` on
// CDNOW_master.txt (imported through the shipped mapping) stores the calibration fits of the cross-checked
// full-cohort rows of /work/shared/data/REFERENCES.md (lifetimes and CLVTools agree) and its holdout totals.
const REFERENCE = {
  bgnbd: { r: 0.251624, alpha: 4.78894, a: 0.72343, b: 2.16108 },
  pnbd: { r: 0.5974, alpha: 11.585, s: 0.52217 },
  pnbdBeta: 8.826,
  gg: { p: 6.27534, q: 3.62444, gamma: 14.9837 },
};

let ws: Workspace;
let run: RunSummary;
type FitRow = {
  model: string;
  params: string;
  customers: number;
  left_out: number;
  log_likelihood: number;
  holdout_actual: number | null;
  holdout_predicted: number | null;
};
let fits: Record<string, FitRow>;

beforeAll(async () => {
  ws = await tempWorkspace();
  await importFiles(ws, 'transactions', [join(SHARED_DATA, 'lifetimes', 'CDNOW_master.txt')], {
    mapping: join(REPO, 'examples', 'mappings', 'cdnow.json'),
  });
  run = await analyze(ws.db, ws.config, {
    asOf: '1998-06-30',
    calibrationEnd: '1997-09-30',
    timeUnit: 'week',
  });
  const rows = await ws.db.query<FitRow>(
    `SELECT * FROM model_fits WHERE run_id = $1 AND stage = 'calibration'`,
    [run.runId],
  );
  fits = Object.fromEntries(rows.map((r) => [r.model, r]));
});
afterAll(async () => {
  await ws.close();
});

const relative = (a: number, b: number) => Math.abs(a / b - 1);

describe('CDNOW end to end (issue 7 acceptance)', () => {
  it('BG/NBD calibration fit: r, α, a, b within 1e-3 of the cross-checked row, on all 23,570 customers', () => {
    const p = JSON.parse(fits.bgnbd.params);
    for (const [k, v] of Object.entries(REFERENCE.bgnbd)) expect(relative(p[k], v)).toBeLessThan(1e-3);
    expect(fits.bgnbd.customers).toBe(23_570);
    expect(Math.abs(fits.bgnbd.log_likelihood + 95_368.4439)).toBeLessThan(0.01);
  });

  it('Pareto/NBD calibration fit: r, α, s within 1e-3, β within 1 %', () => {
    const p = JSON.parse(fits.pnbd.params);
    for (const [k, v] of Object.entries(REFERENCE.pnbd)) expect(relative(p[k], v)).toBeLessThan(1e-3);
    expect(relative(p.beta, REFERENCE.pnbdBeta)).toBeLessThan(0.01);
    expect(Math.abs(fits.pnbd.log_likelihood + 95_415.1186)).toBeLessThan(0.01);
  });

  it('Gamma-Gamma on 9,450 repeat buyers, the one with m = 0 counted as left out', () => {
    const p = JSON.parse(fits.gg.params);
    for (const [k, v] of Object.entries(REFERENCE.gg)) expect(relative(p[k], v)).toBeLessThan(1e-3);
    expect(fits.gg).toMatchObject({ customers: 9_450, left_out: 1 });
    expect(Math.abs(fits.gg.log_likelihood + 40_763.4763)).toBeLessThan(0.01);
  });

  it('holdout: 19,684 actual repeat purchases; 16,873.7 (BG/NBD) and 17,153 (Pareto/NBD) predicted within 0.5 %', () => {
    for (const m of ['bgnbd', 'mbgnbd', 'pnbd']) expect(fits[m].holdout_actual).toBe(19_684);
    expect(relative(fits.bgnbd.holdout_predicted!, 16_873.7)).toBeLessThan(0.005);
    expect(relative(fits.pnbd.holdout_predicted!, 17_153)).toBeLessThan(0.005);
  });

  it('values every customer with the chosen model refitted to as_of', async () => {
    const [row] = await ws.db.query<{ n: number; valued: number; final: string }>(
      `SELECT count(*) AS n, count(clv_12m) AS valued,
         (SELECT model FROM model_fits WHERE run_id = $1 AND stage = 'final' AND model <> 'gg') AS final
       FROM customer_value WHERE run_id = $1`,
      [run.runId],
    );
    expect(row).toMatchObject({ n: 23_570, valued: 23_570, final: run.kpis.lifetime_model.unit });
  });
});

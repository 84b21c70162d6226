/**
 * Data quality on the demo data set. docs/demo-data.md plants no quality defects, and the
 * generator (src/demo/generate.ts) makes none by construction: every id it refers to exists, every
 * date lies in 2023–2024, scores are 0–10 (nps) and 1–5 (csat), costs and balances are ≥ 0,
 * complaints are resolved after they are made, and the import accepts every row. Its empty fields
 * and large amounts are real; they are counted here from the generator's own rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo, loadDemo } from '../../demo/index.js';
import { tempWorkspace } from '../../ingest/test-support/workspace.js';
import { TABLE_NAMES, TABLES } from '../../schema/tables.js';
import type { Workspace } from '../../workspace/index.js';
import { analyze, listRuns, type RunSummary } from '../run.js';

const DEMO = { customers: 2000, seed: 11 };
let ws: Workspace;
let run: RunSummary;
let rows: {
  table_name: string;
  column_name: string | null;
  check_name: string;
  rows: number;
  failing: number;
  detail: string | null;
  scored: boolean;
}[];
const data = generateDemo(DEMO);

beforeAll(async () => {
  ws = await tempWorkspace();
  await loadDemo(ws, DEMO);
  run = await analyze(ws.db, ws.config);
  rows = await ws.db.query(
    `SELECT table_name, column_name, check_name, rows, failing, detail, scored FROM data_quality WHERE run_id = $1`,
    [run.runId],
  );
});
afterAll(async () => {
  await ws.close();
});

/** Continuous quantile with linear interpolation (numpy's default), from sorted values. */
const quantile = (sorted: number[], p: number) => {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  return sorted[lo] + (h - lo) * ((sorted[Math.min(lo + 1, sorted.length - 1)] ?? 0) - sorted[lo]);
};

describe('data quality on the demo data', () => {
  it('checks every table; finds no orphans, future dates, out-of-domain values, rejects or duplicates', () => {
    for (const t of TABLE_NAMES)
      expect(
        rows.some((r) => r.table_name === t && r.check_name === 'completeness'),
        t,
      ).toBe(true);
    for (const kind of ['orphans', 'future_dated', 'domain', 'rejects', 'duplicates']) {
      const failing = rows.filter((r) => r.check_name === kind && r.failing > 0);
      expect(failing, kind).toEqual([]);
    }
    // Every reference has rows on both sides in the demo, so all twelve are checked.
    expect(
      rows
        .filter((r) => r.check_name === 'orphans')
        .map((r) => `${r.table_name}.${r.column_name}`)
        .sort(),
    ).toEqual(
      [
        'transactions.customer_id',
        'events.customer_id',
        'feedback.customer_id',
        'relations.from_id',
        'relations.to_id',
        'costs.customer_id',
        'costs.campaign_id',
        'balances.customer_id',
        'campaign_members.campaign_id',
        'campaign_members.customer_id',
        'communications.customer_id',
        'consents.customer_id',
      ].sort(),
    );
    // Rejects and duplicates: one row per imported table, each over all rows of its file.
    for (const t of TABLE_NAMES) {
      expect(rows.find((r) => r.table_name === t && r.check_name === 'rejects')?.rows, t).toBe(
        data[t].rows.length,
      );
    }
  });

  it('counts the empty optional fields the generator left', () => {
    for (const t of TABLE_NAMES) {
      const { columns, rows: generated } = data[t];
      for (const c of TABLES[t].columns.filter((c) => !c.required)) {
        const found = rows.find(
          (r) => r.table_name === t && r.column_name === c.name && r.check_name === 'completeness',
        );
        const i = columns.indexOf(c.name);
        const empty = i < 0 ? generated.length : generated.filter((r) => r[i] === null || r[i] === '').length;
        expect(found, `${t}.${c.name}`).toMatchObject({ rows: generated.length, failing: empty });
        expect(found?.scored, `${t}.${c.name}`).toBe(empty < generated.length);
      }
    }
  });

  it('flags the transaction amounts above the documented threshold, recomputed here', () => {
    const i = data.transactions.columns.indexOf('amount');
    const amounts = data.transactions.rows.map((r) => Math.abs(Number(r[i])));
    const sorted = amounts.filter((a) => a > 0).sort((a, b) => a - b);
    const [q1, q3] = [quantile(sorted, 0.25), quantile(sorted, 0.75)];
    const threshold = Math.max(q3 * (q3 / q1) ** 3, 10 * q3);
    const found = rows.find((r) => r.table_name === 'transactions' && r.check_name === 'extreme');
    expect(found).toMatchObject({
      rows: amounts.length,
      failing: amounts.filter((a) => a > threshold).length,
    });
    expect(found?.detail).toContain(`threshold ${Number(threshold.toPrecision(6))}`);
  });

  it('scores every clean kind 100 and the summary by the documented weights', async () => {
    const [listed] = await listRuns(ws.db);
    const k = listed.kpis;
    for (const kind of ['orphans', 'future_dated', 'domain', 'rejects', 'duplicates']) {
      expect(k[`data_quality_${kind}`], kind).toBe(100);
    }
    const summary = (k.data_quality_completeness! + 2 * 100 * 4 + k.data_quality_extreme!) / 10;
    expect(k.data_quality_score).toBeCloseTo(summary, 10);
    expect(k.data_quality_score).toBeGreaterThan(90);
    expect(run.warnings.filter((w) => w.analysis === 'quality' && w.message.includes('rejected'))).toEqual(
      [],
    );
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { retention } from './index.js';
import { runAnalyses } from './test-support/run-analyses.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

// as_of = 2024-03-31 23:00 in Shanghai: March is the last month of the matrix.
const AS_OF = '2024-03-31T15:00:00.000Z';

// Purchase days in Shanghai: r1 Jan 5 (100), Jan 20 (50), Mar 10 (30); r2 Jan 31 (80) and Feb 1
// (20), one hour apart across a month end; r3 Feb 10 (200 − 50 returned the same day = 150; its
// April purchase is after as_of); r4 Mar 15 (60; the refunded line is not a purchase); r5 Dec 31 2023 (40).
const TRANSACTIONS = `txn_id,customer_id,occurred_at,amount,status
a,r1,2024-01-05 10:00,100,completed
b,r1,2024-01-20 10:00,50,completed
c,r1,2024-03-10 10:00,30,completed
d,r2,2024-01-31 23:30,80,completed
e,r2,2024-02-01 00:30,20,completed
f,r3,2024-02-10 10:00,200,completed
g,r3,2024-02-10 18:00,-50,completed
h,r3,2024-04-05 10:00,99,completed
i,r4,2024-03-15 10:00,60,completed
j,r4,2024-03-20 10:00,500,refunded
k,r5,2023-12-31 10:00,40,completed
`;

const matrix = () =>
  ws.db.query(
    `SELECT CAST(cohort AS VARCHAR) AS cohort, period, cohort_size, active, retention,
       CAST(revenue AS DOUBLE) AS revenue, revenue_retention
     FROM cohort_retention WHERE run_id = 1 ORDER BY cohort, period`,
  );

describe('retention', () => {
  it('cohort matrix by first-purchase month, repeat-purchase rate', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    const ctx = await runAnalyses(ws, AS_OF, { retention });
    // Cohorts: Dec 2023 {r5}, Jan {r1, r2}, Feb {r3}, Mar {r4}; each runs from month 0 to March.
    // January: month 0 revenue 100 + 50 + 80 = 230; February r2 (20); March r1 (30).
    expect(await matrix()).toEqual([
      cell('2023-12-01', 0, 1, 1, 40, 1),
      cell('2023-12-01', 1, 1, 0, 0, 0),
      cell('2023-12-01', 2, 1, 0, 0, 0),
      cell('2023-12-01', 3, 1, 0, 0, 0),
      cell('2024-01-01', 0, 2, 2, 230, 1),
      cell('2024-01-01', 1, 2, 1, 20, 20 / 230),
      cell('2024-01-01', 2, 2, 1, 30, 30 / 230),
      cell('2024-02-01', 0, 1, 1, 150, 1),
      cell('2024-02-01', 1, 1, 0, 0, 0),
      cell('2024-03-01', 0, 1, 1, 60, 1),
    ]);
    // Two purchase days or more: r1 (3) and r2 (2) of 5 buyers.
    expect(ctx.kpis.get('repeat_purchase_rate')?.value).toBeCloseTo(2 / 5, 12);
  });

  it('without a lifetime model: at risk after 3 × the median gap, churn cost from CLV or a year of margin', async () => {
    // r6 bought once, long ago (2022-06-15: amount 300, cost 100, margin 200).
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    await importFiles(ws, 'transactions', [
      fileWith('t6.csv', 'txn_id,customer_id,occurred_at,amount,cost\nl,r6,2022-06-15 10:00,300,100\n'),
    ]);
    // r2 has a CLV but no P(alive) (no model): its CLV (7) is its churn cost.
    const ctx = await runAnalyses(ws, AS_OF, { retention }, [
      { customer_id: 'r2', clv_12m: 7, p_alive: null },
    ]);
    // Mean gaps of repeat buyers: r1 (Jan 5 → Mar 10 = 26 + 29 + 10 = 65 days) / 2 = 32.5; r2 1 / 1 = 1.
    // Median 16.75, N = 50.25 days. Days since the last purchase to Mar 31: r1 21, r2 (Feb 1) 29 + 30 = 59,
    // r3 (Feb 10) 19 + 30 = 49, r4 16, r5 (Dec 31) 31 + 29 + 31 = 91, r6 (2022-06-15) 365 + 274 + 16 = 655.
    // At risk: r2, r5, r6. Churn cost: r2 7 (CLV); r5 40 (tenure 91 days ≤ a year: its whole margin);
    // r6 200 × 365.25 / 655 (a year of its margin).
    const k = (name: string) => ctx.kpis.get(name)?.value;
    expect(k('churn_after_days')).toBeCloseTo(50.25, 12);
    expect(k('at_risk_customers')).toBe(3);
    expect(k('at_risk_share')).toBeCloseTo(3 / 6, 12);
    expect(k('churn_cost')).toBeCloseTo(7 + 40 + (200 * 365.25) / 655, 9);
    expect(k('repeat_purchase_rate')).toBeCloseTo(2 / 6, 12);
    expect(ctx.warnings.map((w) => w.message)).toContain(
      'no lifetime model in this run: customers with no purchase for more than 50.3 days (3 × the median gap between purchases) are counted as at risk',
    );
  });

  it('leaves churn to the value analysis when a model gave P(alive); no repeat buyers, no rule', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    const modelled = await runAnalyses(ws, AS_OF, { retention }, [{ customer_id: 'r1', p_alive: 0.9 }]);
    expect(modelled.kpis.has('at_risk_customers')).toBe(false);
    expect(modelled.kpis.has('churn_cost')).toBe(false);

    const other = await tempWorkspace();
    try {
      await importFiles(other, 'transactions', [
        fileWith('t.csv', 'txn_id,customer_id,occurred_at,amount\nx,s1,2024-01-05 10:00,10\n'),
      ]);
      const single = await runAnalyses(other, AS_OF, { retention });
      expect(single.kpis.get('at_risk_customers')?.value).toBeNull();
      expect(single.kpis.get('churn_cost')?.value).toBeNull();
      expect(single.kpis.get('repeat_purchase_rate')?.value).toBe(0);
      expect(single.warnings.map((w) => w.message)).toEqual([
        'no lifetime model and no customer with two purchase days: at-risk customers and churn cost cannot be estimated',
      ]);
    } finally {
      await other.close();
    }
  });
});

function cell(
  cohort: string,
  period: number,
  cohort_size: number,
  active: number,
  revenue: number,
  revenue_retention: number,
) {
  return {
    cohort,
    period,
    cohort_size,
    active,
    retention: active / cohort_size,
    revenue,
    revenue_retention: expect.closeTo(revenue_retention, 12),
  };
}

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import { bgConditionalExpectedPurchases } from '../../models/index.js';
import type { Workspace } from '../../workspace/index.js';
import { analyze } from '../run.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

// Hand-made fixture, as_of 2024-04-30 (the end of that day), time unit day. 2024 is a leap year.
const TRANSACTIONS = `txn_id,customer_id,order_id,occurred_at,amount,cost,status
t1,c1,,2024-01-01 10:00,100,60,completed
t2,c1,,2024-01-11 09:00,50,30,completed
t3,c1,,2024-01-11 18:00,30,18,completed
t4,c1,,2024-02-10 12:00,40,24,completed
u1,c2,,2024-01-01 11:00,100,60,completed
u2,c2,,2024-01-11 12:00,80,48,completed
u3,c2,,2024-02-10 08:00,40,24,completed
v1,c3,,2024-03-01 15:00,25,,completed
w1,c4,,2024-02-01 10:00,30,10,completed
w2,c4,,2024-03-02 10:00,20,10,completed
w3,c4,,2024-03-02 16:00,-25,,completed
y1,c5,,2024-01-20 10:00,15,,completed
y2,c5,,2024-05-05 10:00,500,,completed
y3,c5,,2024-04-10 10:00,999,,refunded
z1,c6,,2024-03-10 10:00,-40,,completed
k1,c7,,2024-04-30 10:00,50,20,completed
`;
const CUSTOMERS = `customer_id,acquired_at,acquisition_channel
c1,2023-12-15 09:00,referral
c3,,paid_search
`;

// The BTYD summary by hand (days): first purchase day to last (t_x) and to 2024-04-30 (T).
// c1: purchase days 01-01, 01-11 (50 + 30 = 80), 02-10 → x = 2, t_x = 31 + 9 = 40, T = 31 + 29 + 31 + 29 = 120,
//     m = (80 + 40) / 2 = 60. c2: days 01-01 (100), 01-11 (80), 02-10 (40): the same summary and spend.
// c3: one day 03-01 → x = 0, T = 31 + 29 = 60. c4: 02-01 (30), 03-02 (20 − 25 = −5: a purchase day, its top
//     line is 20) → x = 1, t_x = 29 + 1 = 30, T = 29 + 31 + 29 = 89, m = −5. c5: 01-20 (the 05-05 purchase is after
//     as_of, the 04-10 one refunded) → x = 0, T = 12 + 29 + 31 + 29 = 101. c6: a return only, no purchase day.
// c7: bought on the as_of day at 10:00 (seen: as_of is the end of the day) → x = 0, T = 0.
const SUMMARY = {
  c1: { frequency: 2, recency: 40, T: 120, monetary: 60 },
  c2: { frequency: 2, recency: 40, T: 120, monetary: 60 },
  c3: { frequency: 0, recency: 0, T: 60, monetary: 0 },
  c4: { frequency: 1, recency: 30, T: 89, monetary: -5 },
  c5: { frequency: 0, recency: 0, T: 101, monetary: 0 },
  c7: { frequency: 0, recency: 0, T: 0, monetary: 0 },
} as const;
// Gamma-Gamma is not fitted (2 repeat buyers with m > 0, fewer than 30; c4 with m = −5 is left out): expected
// spend per purchase = net spend ÷ purchase days: c1, c2 220 / 3; c3 25; c4 (30 − 5) / 2 = 12.5; c5 15; c7 50.
const EXP_SPEND = { c1: 220 / 3, c2: 220 / 3, c3: 25, c4: 12.5, c5: 15, c7: 50 } as const;
// Margin to date (amount − cost, the amount where cost is empty): c1 220 − 132 = 88, c2 88, c3 25,
// c4 (30 − 10) + (20 − 10) − 25 = 5, c5 15, c6 −40, c7 30. Σ = 211 over Σ net spend 515 (220 + 220 + 25 + 25 + 15 − 40 + 50).
const HISTORICAL = { c1: 88, c2: 88, c3: 25, c4: 5, c5: 15, c6: -40, c7: 30 } as const;
const MARGIN_RATIO = 211 / 515;

describe('customer value', () => {
  it('builds the BTYD summary, predicts per customer and values customers by hand-checked rules', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)]);
    const run = await analyze(ws.db, ws.config, { asOf: '2024-04-30', timeUnit: 'day' });
    const rows = await ws.db.query<Record<string, number | string | boolean | null>>(
      `SELECT * EXCLUDE (run_id), historical_clv::DOUBLE AS historical_clv FROM customer_value
       WHERE run_id = $1 ORDER BY customer_id`,
      [run.runId],
    );
    const byId = Object.fromEntries(rows.map((r) => [r.customer_id as string, r]));
    expect(Object.keys(byId)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    for (const [id, s] of Object.entries(SUMMARY)) {
      expect(byId[id]).toMatchObject(s);
      expect(byId[id].exp_spend).toBeCloseTo(EXP_SPEND[id as keyof typeof EXP_SPEND], 10);
    }
    for (const [id, h] of Object.entries(HISTORICAL)) expect(byId[id].historical_clv).toBe(h);
    // c6 has no purchase day: no summary and no prediction, only its historical CLV.
    expect(byId.c6).toMatchObject({ frequency: null, p_alive: null, clv_12m: null, at_risk: null });

    // No calibration end: BG/NBD by default, fitted on the 5 customers with T > 0; c7 (no history
    // yet, T = 0) is left out of the fit and counted.
    const fits = await ws.db.query<Record<string, unknown>>(
      `SELECT model, stage, params, time_unit, customers, left_out, chosen, status FROM model_fits WHERE run_id = $1 ORDER BY model`,
      [run.runId],
    );
    expect(fits.map((f) => [f.model, f.stage, f.time_unit, f.customers, f.left_out, f.chosen])).toEqual([
      ['bgnbd', 'final', 'day', 5, 1, true],
      ['gg', 'final', 'day', 2, 1, false],
    ]);
    expect(fits[1].status).toBe('skipped');
    const p = JSON.parse(fits[0].params as string) as { r: number; alpha: number; a: number; b: number };

    // Second method, from the stored parameters and the hand summary:
    // P(alive) = 1 / (1 + a / (b + x − 1) · ((α + T) / (α + t_x))^(r + x)) for x > 0, 1 for x = 0;
    // CLV = Σ_{i=1..12} (E[Y(i·u)] − E[Y((i−1)·u)]) / (1 + d)^i · expected spend · margin ratio, u = 30.4375
    // days (365.25 / 12), d = 1.1^(1/12) − 1 (10 % a year).
    const u = 365.25 / 12;
    const d = 1.1 ** (1 / 12) - 1;
    for (const [id, s] of Object.entries(SUMMARY)) {
      const { frequency: x, recency: tx, T } = s;
      const alive =
        x === 0 ? 1 : 1 / (1 + (p.a / (p.b + x - 1)) * ((p.alpha + T) / (p.alpha + tx)) ** (p.r + x));
      const E = (t: number) => bgConditionalExpectedPurchases('bgnbd', p, t, x, tx, T);
      let discounted = 0;
      for (let i = 1; i <= 12; i++) discounted += (E(i * u) - E((i - 1) * u)) / (1 + d) ** i;
      const row = byId[id];
      expect(row.p_alive).toBeCloseTo(alive, 12);
      expect(row.exp_purchases_90d).toBeCloseTo(E(90), 12);
      expect(row.exp_purchases_180d).toBeCloseTo(E(180), 12);
      expect(row.exp_purchases_365d).toBeCloseTo(E(365), 12);
      expect(row.clv_12m as number).toBeCloseTo(
        discounted * EXP_SPEND[id as keyof typeof EXP_SPEND] * MARGIN_RATIO,
        10,
      );
      expect(row.at_risk).toBe(alive < 0.5);
    }
    // Predictions per unique summary: c1 and c2 share (x, t_x, T, m) and spend, so every value is the same
    // (they differ only in their acquisition, which c1 has from the customers file).
    const predictionsOf = ({
      customer_id,
      acquisition_channel,
      acquisition_month,
      ...v
    }: (typeof rows)[number]) => v;
    expect(predictionsOf(byId.c2)).toEqual(predictionsOf(byId.c1));
    expect([byId.c1.acquisition_channel, byId.c2.acquisition_channel]).toEqual(['referral', 'unknown']);

    expect(run.kpis.clv_margin_ratio.value).toBeCloseTo(MARGIN_RATIO, 12);
    expect(run.warnings).toContainEqual({
      analysis: 'value',
      message: 'repeat buyers with mean repeat spend ≤ 0 left out of the Gamma-Gamma spend model',
      count: 1,
    });
  });

  it('customer equity is Σ CLV in total and by segment, channel and cohort', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)]);
    const run = await analyze(ws.db, ws.config, { asOf: '2024-04-30', timeUnit: 'day' });
    const clv = Object.fromEntries(
      (
        await ws.db.query<{ id: string; clv: number | null }>(
          `SELECT customer_id AS id, CAST(clv_12m AS DECIMAL(18,4))::DOUBLE AS clv FROM customer_value WHERE run_id = $1`,
          [run.runId],
        )
      ).map((r) => [r.id, r.clv]),
    );
    const equity = await ws.db.query<{
      dimension: string;
      value: string;
      customers: number;
      equity: number | null;
    }>(
      `SELECT dimension, value, customers, equity FROM customer_equity WHERE run_id = $1 ORDER BY dimension, value`,
      [run.runId],
    );
    const row = (dimension: string, value: string) =>
      equity.find((e) => e.dimension === dimension && e.value === value);
    const sum = (...ids: string[]) => ids.reduce((a, id) => a + (clv[id] ?? 0), 0);
    const all = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'];
    // Total: every customer with a completed transaction; equity = Σ CLV (c6 has none), as 4-decimal amounts.
    expect(row('total', 'all')).toMatchObject({ customers: 7 });
    expect(row('total', 'all')!.equity).toBeCloseTo(sum(...all), 9);
    expect(run.kpis.customer_equity.value).toBeCloseTo(sum(...all), 9);
    // Channels: c1 referral, c3 paid_search, the others have no customers row → unknown.
    expect(row('acquisition_channel', 'referral')).toMatchObject({ customers: 1 });
    expect(row('acquisition_channel', 'referral')!.equity).toBeCloseTo(sum('c1'), 9);
    expect(row('acquisition_channel', 'paid_search')!.equity).toBeCloseTo(sum('c3'), 9);
    expect(row('acquisition_channel', 'unknown')).toMatchObject({ customers: 5 });
    expect(row('acquisition_channel', 'unknown')!.equity).toBeCloseTo(sum('c2', 'c4', 'c5', 'c6', 'c7'), 9);
    // Cohorts: c1 acquired 2023-12; the others by first purchase month: c2, c5 January; c4 February;
    // c3 (no acquired_at) and c6 March; c7 April.
    expect(
      equity.filter((e) => e.dimension === 'acquisition_cohort').map((e) => [e.value, e.customers]),
    ).toEqual([
      ['2023-12', 1],
      ['2024-01', 2],
      ['2024-02', 1],
      ['2024-03', 2],
      ['2024-04', 1],
    ]);
    expect(row('acquisition_cohort', '2024-01')!.equity).toBeCloseTo(sum('c2', 'c5'), 9);
    // Every dimension adds up to the total, and segments are this run's RFM segments.
    for (const dim of ['rfm_segment', 'acquisition_channel', 'acquisition_cohort']) {
      const parts = equity.filter((e) => e.dimension === dim);
      expect(parts.reduce((a, e) => a + e.customers, 0)).toBe(7);
      expect(parts.reduce((a, e) => a + (e.equity ?? 0), 0)).toBeCloseTo(sum(...all), 9);
    }
    const segments = await ws.db.query<{ segment: string; n: number }>(
      `SELECT segment, count(*) AS n FROM rfm WHERE run_id = $1 GROUP BY segment ORDER BY segment`,
      [run.runId],
    );
    expect(equity.filter((e) => e.dimension === 'rfm_segment').map((e) => [e.value, e.customers])).toEqual(
      segments.map((s) => [s.segment, s.n]),
    );
    // KPIs: at risk = P(alive) < 0.5; churn cost = their CLV.
    const risk = await ws.db.query<{ id: string }>(
      `SELECT customer_id AS id FROM customer_value WHERE run_id = $1 AND p_alive < 0.5`,
      [run.runId],
    );
    expect(run.kpis.at_risk_customers.value).toBe(risk.length);
    expect(run.kpis.churn_cost.value).toBeCloseTo(sum(...risk.map((r) => r.id)), 9);
    expect(run.kpis.lifetime_model.unit).toBe('bgnbd');
  });

  it('the same inputs give the same results', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    const a = await analyze(ws.db, ws.config, { asOf: '2024-04-30', timeUnit: 'week' });
    const b = await analyze(ws.db, ws.config, { asOf: '2024-04-30', timeUnit: 'week' });
    for (const [table, key] of [
      ['customer_value', 'customer_id'],
      ['model_fits', 'model, stage'],
      ['customer_equity', 'dimension, value'],
    ]) {
      const rows = (id: number) =>
        ws.db.query(`SELECT * EXCLUDE (run_id) FROM ${table} WHERE run_id = $1 ORDER BY ${key}`, [id]);
      expect(await rows(b.runId)).toEqual(await rows(a.runId));
    }
  });

  it('without repeat buyers: no model, no predictive CLV, a warning, and the run still succeeds', async () => {
    // Three one-time buyers: x = 0 for everyone, so the purchase models have nothing to learn from.
    await importFiles(ws, 'transactions', [
      fileWith(
        't.csv',
        `txn_id,customer_id,occurred_at,amount
a,c1,2024-01-05 10:00,10
b,c2,2024-02-05 10:00,20
c,c3,2024-03-05 10:00,30
`,
      ),
    ]);
    const run = await analyze(ws.db, ws.config, { asOf: '2024-04-30', timeUnit: 'day' });
    expect(run.warnings).toContainEqual({
      analysis: 'value',
      message: 'no repeat buyers: the lifetime models cannot be fitted, so there is no predictive CLV',
      count: undefined,
    });
    const rows = await ws.db.query(
      `SELECT customer_id, frequency, T, p_alive, clv_12m, historical_clv::DOUBLE AS historical_clv
       FROM customer_value WHERE run_id = $1 ORDER BY customer_id`,
      [run.runId],
    );
    // T by hand: 01-05 → 04-30 = 27 (to 02-01) + 29 + 31 + 29 = 116; 02-05 → 25 (to 03-01) + 31 + 29 = 85;
    // 03-05 → 27 (to 04-01) + 29 = 56.
    expect(rows).toEqual([
      { customer_id: 'c1', frequency: 0, T: 116, p_alive: null, clv_12m: null, historical_clv: 10 },
      { customer_id: 'c2', frequency: 0, T: 85, p_alive: null, clv_12m: null, historical_clv: 20 },
      { customer_id: 'c3', frequency: 0, T: 56, p_alive: null, clv_12m: null, historical_clv: 30 },
    ]);
    const fits = await ws.db.query(`SELECT model, stage, status FROM model_fits WHERE run_id = $1`, [
      run.runId,
    ]);
    expect(fits).toEqual([{ model: 'gg', stage: 'final', status: 'skipped' }]);
    expect(run.kpis.customer_equity).toBeUndefined();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { profitability } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

// as_of = 2024-04-01 00:00 in Shanghai.
const AS_OF = '2024-03-31T16:00:00.000Z';

// p1: order o1 (two lines) and o2: revenue 300, margin 60 + 30 + 60 = 150. p2: 80 without cost (margin 80).
// p3: 500 (cost 450) and a 100 return without cost: revenue 400, 2 orders, margin 50 − 100 = −50.
// p4: 1000 (cost 600): margin 400. p6 buys only after as_of.
const TRANSACTIONS = `txn_id,customer_id,order_id,occurred_at,amount,cost
t1,p1,o1,2024-01-05 10:00,100,40
t2,p1,o1,2024-01-05 10:05,50,20
t3,p1,o2,2024-02-01 10:00,150,90
t4,p2,,2024-01-10 10:00,80,
t5,p3,,2024-02-10 10:00,500,450
t6,p3,,2024-03-01 10:00,-100,
t7,p4,,2024-03-20 10:00,1000,600
t8,p6,,2024-04-10 10:00,70,30
`;
// Cost to serve (service and retention, booked to a customer, up to as_of): p1 30 + 20 = 50, p3 10,
// p5 25 (a customer who never bought). s5 has no customer; s6 (acquisition) and s7 (marketing) are
// not costs to serve; s8 is after as_of.
const COSTS = `cost_id,occurred_at,kind,amount,channel,customer_id
s1,2024-02-15 10:00,service,30,call_center,p1
s2,2024-03-01 10:00,retention,20,sms,p1
s3,2024-03-05 10:00,service,10,call_center,p3
s4,2024-03-06 10:00,service,25,call_center,p5
s5,2024-03-07 10:00,service,99,call_center,
s6,2024-03-08 10:00,acquisition,500,search,p4
s7,2024-03-09 10:00,marketing,300,sms,p2
s8,2024-04-09 10:00,service,40,call_center,p2
`;

describe('profitability', () => {
  it('profit per customer, its Lorenz curve, top-20 % share and Gini', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    await importFiles(ws, 'costs', [fileWith('k.csv', COSTS)]);
    const ctx = await runAnalyses(ws, AS_OF, { profitability });
    const rows = await ws.db.query(
      `SELECT customer_id, CAST(revenue AS DOUBLE) AS revenue, orders, average_order_value,
         CAST(margin AS DOUBLE) AS margin, CAST(cost_to_serve AS DOUBLE) AS cost_to_serve, CAST(profit AS DOUBLE) AS profit
       FROM profitability WHERE run_id = 1 ORDER BY customer_id`,
    );
    expect(rows).toEqual([
      {
        customer_id: 'p1',
        revenue: 300,
        orders: 2,
        average_order_value: 150,
        margin: 150,
        cost_to_serve: 50,
        profit: 100,
      },
      {
        customer_id: 'p2',
        revenue: 80,
        orders: 1,
        average_order_value: 80,
        margin: 80,
        cost_to_serve: 0,
        profit: 80,
      },
      {
        customer_id: 'p3',
        revenue: 400,
        orders: 2,
        average_order_value: 200,
        margin: -50,
        cost_to_serve: 10,
        profit: -60,
      },
      {
        customer_id: 'p4',
        revenue: 1000,
        orders: 1,
        average_order_value: 1000,
        margin: 400,
        cost_to_serve: 0,
        profit: 400,
      },
      {
        customer_id: 'p5',
        revenue: 0,
        orders: 0,
        average_order_value: null,
        margin: 0,
        cost_to_serve: 25,
        profit: -25,
      },
    ]);

    // Sorted profits −60, −25, 80, 100, 400 (total 495); the k least profitable hold 0, −60, −85, −5, 95, 495.
    // At population share p the curve holds the first 5p customers, linearly between whole customers:
    // p = 0.5 → 2.5 customers → −85 + 0.5 × 80 = −45.
    const lorenz = await ws.db.query<{
      population_share: number;
      cumulative_profit: number;
      profit_share: number;
    }>(
      'SELECT population_share, customers, cumulative_profit, profit_share FROM profit_lorenz WHERE run_id = 1 ORDER BY population_share',
    );
    expect(lorenz).toHaveLength(21);
    const held = [0, -60, -85, -5, 95, 495];
    const expected = Array.from({ length: 21 }, (_, j) => {
      const m = j / 4; // customers
      const k = Math.floor(m);
      const cumulative = k === 5 ? 495 : held[k] + (m - k) * (held[k + 1] - held[k]);
      return {
        population_share: j / 20,
        customers: m,
        cumulative_profit: cumulative,
        profit_share: cumulative / 495,
      };
    });
    expect(lorenz).toEqual(
      expected.map((e) => ({
        ...e,
        cumulative_profit: expect.closeTo(e.cumulative_profit, 9),
        profit_share: expect.closeTo(e.profit_share, 12),
      })),
    );
    expect(lorenz[10].cumulative_profit).toBeCloseTo(-45, 9);

    // Top 20 % = the most profitable customer (p4, 400) of 495. Gini from all pairs:
    // Σ|xi − xj| over the 10 pairs = 35 + 140 + 160 + 460 + 105 + 125 + 425 + 20 + 320 + 300 = 2090;
    // G = 2 × 2090 / (2 × 5² × mean 99) = 4180 / 4950.
    const k = (name: string) => ctx.kpis.get(name)?.value;
    expect(k('top20_profit_share')).toBeCloseTo(400 / 495, 12);
    expect(k('profit_gini')).toBeCloseTo(4180 / 4950, 12);
    expect(k('total_profit')).toBe(495);
    expect(k('total_cost_to_serve')).toBe(85);
    expect(k('profit_per_customer')).toBe(99);
    expect(k('loss_making_share')).toBe(2 / 5);
    expect(ctx.warnings).toEqual([
      {
        analysis: 'profitability',
        message: 'service and retention costs without customer_id are left out of cost to serve',
        count: 1,
      },
    ]);
  });

  it('with ties the curve is still exact: 3 customers of 7 at the same profit', async () => {
    // Profits 10, 10, 10, 20, 30, 30, 90 (total 200). At p = 0.2: 1.4 customers → 14; at 0.8: 5.6 → 10·3 + 20 + 30 + 0.6 × 30 = 98.
    const lines = [10, 10, 10, 20, 30, 30, 90].map((a, i) => `t${i},c${i},2024-01-0${i + 1} 10:00,${a}`);
    await importFiles(ws, 'transactions', [
      fileWith('t.csv', `txn_id,customer_id,occurred_at,amount\n${lines.join('\n')}\n`),
    ]);
    const ctx = await runAnalyses(ws, AS_OF, { profitability });
    const at = async (p: number) =>
      (
        await ws.db.query<{ c: number }>(
          'SELECT cumulative_profit AS c FROM profit_lorenz WHERE run_id = 1 AND population_share = $1',
          [p],
        )
      )[0].c;
    expect(await at(0.2)).toBeCloseTo(14, 9);
    expect(await at(0.8)).toBeCloseTo(98, 9);
    expect(ctx.kpis.get('top20_profit_share')?.value).toBeCloseTo((200 - 98) / 200, 12);
    // Gini: Σ|xi − xj| over pairs = 0·3 (the 10s) + 10·3 + 20·6 + 80·3 (10 vs 20, 30, 90) + 10·2 + 70 (20 vs 30, 90)
    // + 0 + 60·2 (30s vs 90) = 30 + 120 + 240 + 20 + 70 + 120 = 600; G = 2 × 600 / (2 × 49 × 200/7) = 1200 / 2800.
    expect(ctx.kpis.get('profit_gini')?.value).toBeCloseTo(1200 / 2800, 12);
  });

  it('a loss overall leaves the shares empty, with a warning', async () => {
    await importFiles(ws, 'costs', [
      fileWith('k.csv', 'cost_id,occurred_at,kind,amount,customer_id\ns1,2024-02-15 10:00,service,30,x1\n'),
    ]);
    const ctx = await runAnalyses(ws, AS_OF, { profitability });
    const lorenz = await ws.db.query<{ profit_share: number | null }>(
      'SELECT profit_share FROM profit_lorenz WHERE run_id = 1',
    );
    expect(lorenz.map((r) => r.profit_share)).toEqual(Array(21).fill(null));
    expect(ctx.kpis.get('total_profit')?.value).toBe(-30);
    expect(ctx.kpis.get('top20_profit_share')?.value).toBeNull();
    expect(ctx.kpis.get('profit_gini')?.value).toBeNull();
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      'total profit is not positive: the profit Lorenz curve shares and Gini are left empty',
    ]);
  });
});

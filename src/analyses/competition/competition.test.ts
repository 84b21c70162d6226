import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { voiceCustomers } from '../satisfaction/customers.js';
import { competition, parsePeriod } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

const AS_OF = '2024-05-15T16:00:00.000Z'; // 2024-05-16 00:00 in Shanghai

// Churn reasons: d1 said price, then switched_to_competitor (the latest counts); d2 and d3 went to a
// competitor; d4 gave no topic; d5's reason is after as_of.
const FEEDBACK = `feedback_id,customer_id,occurred_at,kind,dimension,topic
f1,d1,2024-01-10 10:00,churn_reason,other,price
f2,d1,2024-02-10 10:00,churn_reason,other,Switched_To_Competitor
f3,d2,2024-02-11 10:00,churn_reason,other,switched_to_competitor
f4,d3,2024-03-01 10:00,churn_reason,other,switched_to_competitor
f5,d4,2024-03-02 10:00,churn_reason,other,
f6,d5,2024-06-01 10:00,churn_reason,other,price
`;
const VALUE = [
  { customer_id: 'd1', clv_12m: 10, historical_clv: 100, at_risk: true },
  { customer_id: 'd2', clv_12m: 20, historical_clv: 200, at_risk: true },
  { customer_id: 'd3', clv_12m: 30, historical_clv: 300, at_risk: false },
  { customer_id: 'd4', clv_12m: 5, historical_clv: 50, at_risk: true },
];

// Purchases: Q1 e1 (Jan 100, refund −30 on a later day) and e2 (Mar 50); April e1 40 and e3 60,
// 2024-03-31 17:00 UTC = 1 April 01:00 in Shanghai for e3.
const TRANSACTIONS = `txn_id,customer_id,occurred_at,amount
t1,e1,2024-01-05 10:00,100
t2,e1,2024-01-20 10:00,-30
t3,e2,2024-03-05 10:00,50
t4,e1,2024-04-02 10:00,40
t5,e3,2024-03-31T17:00:00Z,60
`;
// 2024Q1 and 2024-04 with market figures; 2024Q2 runs past as_of (incomplete); 2024Q3 starts after
// it; "spring" is not a period.
const MARKET = `period,market_customers,market_revenue,competitor_customers,competitor_revenue
2024Q1,20,1000,4,500
2024-04,10,400,,
2024Q2,40,2000,8,
2024Q3,50,3000,10,1000
spring,5,5,,
`;

describe('competition', () => {
  it('churn reasons: the latest reason per customer, with the value lost', async () => {
    await importFiles(ws, 'feedback', [fileWith('f.csv', FEEDBACK)], { maxRejects: 0 });
    const ctx = await runAnalyses(ws, AS_OF, { voice_customers: voiceCustomers, competition }, VALUE);
    const rows = await ws.db.query(
      `SELECT reason, feedback, customers, share, at_risk, clv_lost, mean_clv_12m, historical_clv
       FROM churn_reasons WHERE run_id = 1 ORDER BY customers DESC, reason`,
    );
    // Latest reasons: d1, d2, d3 switched_to_competitor; d4 unspecified. price has d1's older item only.
    expect(rows).toEqual([
      {
        reason: 'switched_to_competitor',
        feedback: 3,
        customers: 3,
        share: 3 / 4,
        at_risk: 2,
        clv_lost: 60,
        mean_clv_12m: 20,
        historical_clv: 600,
      },
      {
        reason: 'unspecified',
        feedback: 1,
        customers: 1,
        share: 1 / 4,
        at_risk: 1,
        clv_lost: 5,
        mean_clv_12m: 5,
        historical_clv: 50,
      },
      {
        reason: 'price',
        feedback: 1,
        customers: 0,
        share: 0,
        at_risk: null,
        clv_lost: null,
        mean_clv_12m: null,
        historical_clv: null,
      },
    ]);
    expect(ctx.kpis.get('lost_to_competitor_share')?.value).toBe(3 / 4);
    expect(ctx.kpis.get('churn_reason_customers')?.value).toBe(4);
  });

  it('market share per period: buying customers and net revenue against the market and the competitor', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)], { maxRejects: 0 });
    await importFiles(ws, 'market', [fileWith('m.csv', MARKET)], { maxRejects: 0 });
    const ctx = await runAnalyses(ws, AS_OF, { voice_customers: voiceCustomers, competition });
    const rows = await ws.db.query(
      `SELECT period, CAST(period_start AS VARCHAR) AS period_start, CAST(period_end AS VARCHAR) AS period_end,
         complete, customers, market_customers, customer_share, CAST(revenue AS DOUBLE) AS revenue,
         CAST(market_revenue AS DOUBLE) AS market_revenue, revenue_share, customers_vs_competitor, revenue_vs_competitor
       FROM market_share WHERE run_id = 1 ORDER BY period_start, period_end`,
    );
    expect(rows).toEqual([
      // Q1: e1 and e2 bought; revenue 100 − 30 + 50 = 120.
      {
        period: '2024Q1',
        period_start: '2024-01-01',
        period_end: '2024-03-31',
        complete: true,
        customers: 2,
        market_customers: 20,
        customer_share: 0.1,
        revenue: 120,
        market_revenue: 1000,
        revenue_share: 0.12,
        customers_vs_competitor: 0.5,
        revenue_vs_competitor: 120 / 500,
      },
      {
        period: '2024-04',
        period_start: '2024-04-01',
        period_end: '2024-04-30',
        complete: true,
        customers: 2,
        market_customers: 10,
        customer_share: 0.2,
        revenue: 100,
        market_revenue: 400,
        revenue_share: 0.25,
        customers_vs_competitor: null,
        revenue_vs_competitor: null,
      },
      // Q2 (to 15 May): e1 40 and e3 60 in April.
      {
        period: '2024Q2',
        period_start: '2024-04-01',
        period_end: '2024-06-30',
        complete: false,
        customers: 2,
        market_customers: 40,
        customer_share: 0.05,
        revenue: 100,
        market_revenue: 2000,
        revenue_share: 0.05,
        customers_vs_competitor: 0.25,
        revenue_vs_competitor: null,
      },
    ]);
    // The complete period that ends last (2024-04) gives the KPIs.
    expect(ctx.kpis.get('market_customer_share')?.value).toBe(0.2);
    expect(ctx.warnings.map((w) => [w.message, w.count])).toEqual([
      ['no churn reasons up to the observation date: churn_reasons is empty', undefined],
      [
        'market periods that are not a year, half, quarter or month (e.g. 2024, 2024H1, 2024Q1, 2024-03) are left out: spring',
        1,
      ],
      ['market periods that start after the observation date are left out', 1],
    ]);
  });

  it('reads period labels in English and Chinese forms', () => {
    const span = (label: string) => {
      const p = parsePeriod(label);
      return p && [p.start, p.end, p.months.length];
    };
    expect(span('2024')).toEqual(['2024-01-01', '2024-12-31', 12]);
    expect(span('2024年')).toEqual(['2024-01-01', '2024-12-31', 12]);
    expect(span('2024H2')).toEqual(['2024-07-01', '2024-12-31', 6]);
    expect(span('2024年上半年')).toEqual(['2024-01-01', '2024-06-30', 6]);
    expect(span('2024-Q1')).toEqual(['2024-01-01', '2024-03-31', 3]);
    expect(span('2024 q4')).toEqual(['2024-10-01', '2024-12-31', 3]);
    expect(span('2024年第二季度')).toEqual(['2024-04-01', '2024-06-30', 3]);
    expect(span('2024年3季度')).toEqual(['2024-07-01', '2024-09-30', 3]);
    expect(span('2024-02')).toEqual(['2024-02-01', '2024-02-29', 1]);
    expect(span('2023/2')).toEqual(['2023-02-01', '2023-02-28', 1]);
    expect(span('202411')).toEqual(['2024-11-01', '2024-11-30', 1]);
    expect(span('2024年12月')).toEqual(['2024-12-01', '2024-12-31', 1]);
    for (const bad of ['2024-13', 'Q1', '2024Q5', 'spring', '24Q1']) expect(parsePeriod(bad), bad).toBeNull();
  });
});

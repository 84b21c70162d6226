import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { voiceCustomers } from './customers.js';
import { satisfaction } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

// as_of = 2024-04-01 00:00 in Shanghai.
const AS_OF = '2024-03-31T16:00:00.000Z';

const CUSTOMERS = `customer_id,region
c1,华东
c2,华东
c3,华东
c4,西北
c5,西北
c6,西北
c7,
`;
// NPS (no dimension): c1 10 (Jan) then 5 (Mar); c2 9 (Feb; its 0 in April is after as_of); c3 7 (Feb);
// c4 3 at 2024-02-29 20:00 UTC = 1 March 04:00 in Shanghai (a March answer); c5 9 (Mar); c6 0 (Jan).
// CSAT/rating: service_quality c1 5, c2 4, c3 2, c4 1, c5 2, c6 3; product_quality c1 4 (csat),
// c4 5 (rating). Unusable: c3 csat without score, c5 csat of 7 (off the 1–5 scale).
const FEEDBACK = `feedback_id,customer_id,occurred_at,kind,dimension,score
n1,c1,2024-01-10 10:00,nps,,10
n2,c1,2024-03-10 10:00,nps,,5
n3,c2,2024-02-10 10:00,nps,,9
n4,c2,2024-04-05 10:00,nps,,0
n5,c3,2024-02-11 10:00,nps,,7
n6,c4,2024-02-29T20:00:00Z,nps,,3
n7,c5,2024-03-12 10:00,nps,,9
n8,c6,2024-01-31 20:00,nps,,0
s1,c1,2024-01-10 11:00,csat,service_quality,5
s2,c2,2024-02-10 11:00,csat,service_quality,4
s3,c3,2024-02-11 11:00,csat,service_quality,2
s4,c4,2024-03-01 11:00,csat,service_quality,1
s5,c5,2024-03-12 11:00,csat,service_quality,2
s6,c6,2024-01-31 11:00,csat,service_quality,3
p1,c1,2024-01-10 12:00,csat,product_quality,4
p2,c4,2024-03-01 12:00,rating,product_quality,5
x1,c3,2024-02-11 12:00,csat,after_sales,
x2,c5,2024-03-12 12:00,csat,after_sales,7
`;

// 12-month CLV 100 … 600 for c1 … c6. Deciles over six values (quantile_cont, h = 5q): thresholds
// 150, 200, 250, 300, 350, 400, 450, 500, 550; decile = 1 + #thresholds below the CLV:
// c1 100 → 1, c2 200 → 2, c3 300 → 4, c4 400 → 6, c5 500 → 8, c6 600 → 10.
const VALUE = [100, 200, 300, 400, 500, 600].map((clv, i) => ({
  customer_id: `c${i + 1}`,
  clv_12m: clv,
  historical_clv: clv / 2,
  at_risk: [true, false, false, true, false, true][i],
  // The RFM segment, as the value analysis copies it from rfm: c1 and c4 Champions, the others Lost.
  segment: i === 0 || i === 3 ? 'Champions' : 'Lost',
}));

/** The normal-approximation intervals written out, as a check independent of models/intervals. */
const z = 1.959964;
function expectedNps(p: number, d: number, n: number) {
  const nps = p / n - d / n;
  const se = Math.sqrt((p / n + d / n - nps ** 2) / n);
  return { value: nps, low: Math.max(-1, nps - z * se), high: Math.min(1, nps + z * se) };
}
function expectedCsat(k: number, n: number) {
  // Wilson: (p̂ + z²/2n ± z √(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n).
  const p = k / n;
  const centre = p + (z * z) / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  const d = 1 + (z * z) / n;
  return { value: p, low: (centre - half) / d, high: (centre + half) / d };
}

type Row = {
  metric: string;
  dimension: string;
  segment_by: string;
  segment: string;
  month: string | null;
  n: number;
  positive: number;
  negative: number;
  mean_score: number;
  value: number;
  ci_low: number;
  ci_high: number;
  reliable: boolean;
};
const cells = () =>
  ws.db.query<Row>(
    `SELECT metric, dimension, segment_by, segment, CAST(month AS VARCHAR) AS month, n, positive, negative,
       mean_score, value, ci_low, ci_high, reliable FROM satisfaction WHERE run_id = 1`,
  );
const cell = (
  rows: Row[],
  metric: string,
  dimension: string,
  segmentBy: string,
  segment: string,
  month: string | null = null,
) => {
  const found = rows.filter(
    (r) =>
      r.metric === metric &&
      r.dimension === dimension &&
      r.segment_by === segmentBy &&
      r.segment === segment &&
      r.month === month,
  );
  expect(found, `${metric} ${dimension} ${segmentBy} ${segment} ${month}`).toHaveLength(1);
  return found[0];
};
const expectInterval = (r: Row, e: { value: number; low: number; high: number }, n: number) => {
  expect(r.n).toBe(n);
  expect(r.value).toBeCloseTo(e.value, 10);
  expect(r.ci_low).toBeCloseTo(e.low, 4);
  expect(r.ci_high).toBeCloseTo(e.high, 4);
  expect(r.reliable).toBe(n >= 30);
};

async function run() {
  await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)], { maxRejects: 0 });
  await importFiles(ws, 'feedback', [fileWith('f.csv', FEEDBACK)], { maxRejects: 0 });
  return runAnalyses(ws, AS_OF, { voice_customers: voiceCustomers, satisfaction }, VALUE);
}

describe('satisfaction', () => {
  it('NPS and CSAT overall, per dimension, month, region, RFM segment and CLV decile, with intervals', async () => {
    const ctx = await run();
    const rows = await cells();
    // NPS: answers 10, 5, 9, 7, 3, 9, 0 → n 7, promoters 3 (10, 9, 9), detractors 3 (5, 3, 0).
    const nps = cell(rows, 'nps', 'all', 'all', 'all');
    expectInterval(nps, expectedNps(3, 3, 7), 7);
    expect(nps.value).toBe(0);
    expect(nps.mean_score).toBeCloseTo(43 / 7, 12);
    // CSAT (csat and rating, 1–5): 5, 4, 2, 1, 2, 3, 4, 5 → n 8, satisfied 4, dissatisfied (1–2) 3.
    const csat = cell(rows, 'csat', 'all', 'all', 'all');
    expectInterval(csat, expectedCsat(4, 8), 8);
    expect([csat.positive, csat.negative]).toEqual([4, 3]);
    // Per dimension: service 5, 4, 2, 1, 2, 3 → 2 of 6; product 4, 5 → 2 of 2. NPS answers have none.
    expectInterval(cell(rows, 'csat', 'service_quality', 'all', 'all'), expectedCsat(2, 6), 6);
    expectInterval(cell(rows, 'csat', 'product_quality', 'all', 'all'), expectedCsat(2, 2), 2);
    expect(rows.filter((r) => r.metric === 'nps' && r.dimension !== 'all')).toEqual([]);
    // Per month (Shanghai): Jan c1 10, c6 0 → 0; Feb c2 9, c3 7 → 0.5; Mar c1 5, c4 3, c5 9 → −1/3.
    expectInterval(cell(rows, 'nps', 'all', 'all', 'all', '2024-01-01'), expectedNps(1, 1, 2), 2);
    expectInterval(cell(rows, 'nps', 'all', 'all', 'all', '2024-02-01'), expectedNps(1, 0, 2), 2);
    expectInterval(cell(rows, 'nps', 'all', 'all', 'all', '2024-03-01'), expectedNps(1, 2, 3), 3);
    // Region: 华东 NPS 10, 5, 9, 7 → (2 − 1)/4; 西北 3, 9, 0 → (1 − 2)/3. Service CSAT: 华东 5, 4, 2 → 2/3; 西北 1, 2, 3 → 0.
    expectInterval(cell(rows, 'nps', 'all', 'region', '华东'), expectedNps(2, 1, 4), 4);
    expectInterval(cell(rows, 'nps', 'all', 'region', '西北'), expectedNps(1, 2, 3), 3);
    expectInterval(cell(rows, 'csat', 'service_quality', 'region', '华东'), expectedCsat(2, 3), 3);
    const poor = cell(rows, 'csat', 'service_quality', 'region', '西北');
    expectInterval(poor, expectedCsat(0, 3), 3);
    expect(poor.ci_low).toBe(0);
    // RFM: Champions c1, c4 → NPS 10, 5, 3 → (1 − 2)/3; Lost c2, c3, c5, c6 → 9, 7, 9, 0 → (2 − 1)/4.
    expectInterval(cell(rows, 'nps', 'all', 'rfm', 'Champions'), expectedNps(1, 2, 3), 3);
    expectInterval(cell(rows, 'nps', 'all', 'rfm', 'Lost'), expectedNps(2, 1, 4), 4);
    // CLV deciles: c6 (decile 10) answered 0; c2 (decile 2) 9; c1 (decile 1) 10 and 5.
    expectInterval(cell(rows, 'nps', 'all', 'clv_decile', '10'), expectedNps(0, 1, 1), 1);
    expectInterval(cell(rows, 'nps', 'all', 'clv_decile', '2'), expectedNps(1, 0, 1), 1);
    expectInterval(cell(rows, 'nps', 'all', 'clv_decile', '1'), expectedNps(1, 1, 2), 2);
    expect(
      rows
        .filter((r) => r.metric === 'nps' && r.segment_by === 'clv_decile')
        .map((r) => r.segment)
        .sort(),
    ).toEqual(['1', '10', '2', '4', '6', '8']);
    // Cells: 2 metrics × overall, service and product … every row has an interval around its value.
    for (const r of rows) {
      expect(r.ci_low).toBeLessThanOrEqual(r.value + 1e-12);
      expect(r.ci_high).toBeGreaterThanOrEqual(r.value - 1e-12);
    }
    const k = (name: string) => ctx.kpis.get(name)?.value;
    expect(k('nps')).toBe(0);
    expect(k('csat')).toBe(0.5);
    expect(k('nps_answers')).toBe(7);
    expect(k('csat_answers')).toBe(8);
    expect(ctx.warnings).toEqual([
      {
        analysis: 'satisfaction',
        message:
          'NPS, CSAT or rating answers without a score or off their scale (NPS 0–10, CSAT and rating 1–5) are left out of satisfaction',
        count: 2,
      },
    ]);
  });

  it('marks cells of 30 answers or more reliable', async () => {
    // 30 more user_experience answers by c7 (no region, no value): 21 of them 4 or 5.
    const extra = Array.from(
      { length: 30 },
      (_, i) => `u${i},c7,2024-03-20 10:00,csat,user_experience,${i < 21 ? 4 + (i % 2) : 1 + (i % 3)}`,
    );
    await importFiles(
      ws,
      'feedback',
      [fileWith('u.csv', `feedback_id,customer_id,occurred_at,kind,dimension,score\n${extra.join('\n')}\n`)],
      { maxRejects: 0 },
    );
    await run();
    const rows = await cells();
    const ux = cell(rows, 'csat', 'user_experience', 'all', 'all');
    expectInterval(ux, expectedCsat(21, 30), 30);
    expect(ux.reliable).toBe(true);
    // Overall CSAT: 4 + 21 satisfied of 8 + 30.
    expectInterval(cell(rows, 'csat', 'all', 'all', 'all'), expectedCsat(25, 38), 38);
    // c7 has no region: no region cell holds its answers.
    expect(rows.filter((r) => r.segment_by === 'region' && r.dimension === 'user_experience')).toEqual([]);
  });

  it('joins the latest NPS answer to churn and CLV: promoters, passives, detractors', async () => {
    await run();
    const rows = await ws.db.query(
      `SELECT nps_class, customers, share, valued, churned, churn_rate, mean_clv_12m, total_clv_12m, mean_historical_clv
       FROM satisfaction_value WHERE run_id = 1 ORDER BY nps_class`,
    );
    // Latest answers: c1 5 (detractor), c2 9 (promoter; its April 0 is after as_of), c3 7 (passive),
    // c4 3 and c6 0 (detractors), c5 9 (promoter). At risk: c1, c4, c6.
    expect(rows).toEqual([
      {
        nps_class: 'detractor',
        customers: 3,
        share: 3 / 6,
        valued: 3,
        churned: 3,
        churn_rate: 1,
        mean_clv_12m: (100 + 400 + 600) / 3,
        total_clv_12m: 1100,
        mean_historical_clv: (50 + 200 + 300) / 3,
      },
      {
        nps_class: 'passive',
        customers: 1,
        share: 1 / 6,
        valued: 1,
        churned: 0,
        churn_rate: 0,
        mean_clv_12m: 300,
        total_clv_12m: 300,
        mean_historical_clv: 150,
      },
      {
        nps_class: 'promoter',
        customers: 2,
        share: 2 / 6,
        valued: 2,
        churned: 0,
        churn_rate: 0,
        mean_clv_12m: 350,
        total_clv_12m: 700,
        mean_historical_clv: 175,
      },
    ]);
  });

  it('without answers it writes nothing and says so', async () => {
    const ctx = await runAnalyses(ws, AS_OF, { voice_customers: voiceCustomers, satisfaction });
    expect(await cells()).toEqual([]);
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      'no NPS, CSAT or rating answers up to the observation date: satisfaction not computed',
    ]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { loyalty } from '../loyalty/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { rfm } from '../rfm/index.js';
import { demographics } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

// as_of = 2024-04-01 00:00 in Shanghai (still 31 March in UTC: the age must use the local date).
const AS_OF = '2024-03-31T16:00:00.000Z';

// Ages on 2024-04-01: c1 24 today (18-24); c2 turns 25 tomorrow (24: 18-24); c3 25 today (25-34);
// c4 no birth date; c5 born after as_of (unknown, warned); c6 63 (55-64). c4's blank gender is unknown.
const CUSTOMERS = `customer_id,birth_date,gender,region,occupation
c1,2000-04-01,F,华东,engineer
c2,1999-04-02,M,华东,teacher
c3,1999-04-01,F,西北,engineer
c4,, ,西北,
c5,2025-06-01,M,,teacher
c6,1960-06-15,F,华东,retired
`;
// c1 buys on two days (150, a repeat buyer), c2 80, c3 40; c7 buys 10 but is not in the customers table.
const TRANSACTIONS = `txn_id,customer_id,occurred_at,amount
t1,c1,2024-01-05 10:00,100
t2,c1,2024-02-10 10:00,50
t3,c2,2024-03-01 10:00,80
t4,c3,2024-03-02 10:00,40
t5,c7,2024-03-03 10:00,10
`;
// Engagement: c1 two visits (1 each) = 2; c4 one like = 2.
const EVENTS = `event_id,customer_id,occurred_at,type
e1,c1,2024-01-06 10:00,visit
e2,c1,2024-01-07 10:00,visit
e3,c4,2024-02-01 10:00,like
`;
const RELATIONS = `from_id,to_id,kind,occurred_at
c2,c3,referral,2024-02-01 10:00
`;
// Per-customer satisfaction (NPS / 10, CSAT and rating (score − 1) / 4): c1 mean(1, 1) = 1;
// c2 0.5; c3 mean(0.25, 0.75) = 0.5; c4 0.8; c6 0.5. f8 is after as_of.
const FEEDBACK = `feedback_id,customer_id,occurred_at,kind,dimension,score
f1,c1,2024-02-01 10:00,nps,,10
f2,c1,2024-02-01 10:00,csat,service_quality,5
f3,c2,2024-02-01 10:00,nps,,5
f4,c3,2024-02-01 10:00,csat,product_quality,2
f5,c3,2024-02-02 10:00,csat,after_sales,4
f6,c4,2024-02-01 10:00,nps,,8
f7,c6,2024-02-01 10:00,rating,,3
f8,c1,2024-04-05 10:00,nps,,0
`;
const CLV = [
  { customer_id: 'c1', clv_12m: 300 },
  { customer_id: 'c2', clv_12m: 100 },
  { customer_id: 'c3', clv_12m: 20 },
];

const COLUMNS = `customers, share, buyers, buyer_rate, CAST(revenue AS DOUBLE) AS revenue, revenue_per_buyer, mean_clv,
  equity, repeat_rate, referral_rate, mean_engagement, nps_answers, nps, csat_answers, csat, respondents, satisfaction, small_cell`;

describe('demographic segments', () => {
  it('value, loyalty and satisfaction per age band, gender and region, computed by hand', async () => {
    await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)]);
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    await importFiles(ws, 'events', [fileWith('e.csv', EVENTS)]);
    await importFiles(ws, 'relations', [fileWith('r.csv', RELATIONS)]);
    await importFiles(ws, 'feedback', [fileWith('f.csv', FEEDBACK)]);
    const ctx = await runAnalyses(ws, AS_OF, { rfm, loyalty, demographics }, CLV);
    const cell = async (dimension: string, segment: string) => {
      const rows = await ws.db.query(
        `SELECT ${COLUMNS} FROM demographic_segments WHERE run_id = 1 AND dimension = $1 AND segment = $2`,
        [dimension, segment],
      );
      expect(rows, `${dimension} ${segment}`).toHaveLength(1);
      return rows[0];
    };
    // 华东 = c1, c2, c6: buyers c1, c2 (230); CLV 300, 100; c1 repeats; c2 referred; engagement 2, 0, 0;
    // NPS: one promoter (c1), one detractor (c2) → 0; CSAT: c1's 5 → 1; satisfaction (1 + 0.5 + 0.5) / 3.
    expect(await cell('region', '华东')).toEqual({
      customers: 3,
      share: 0.5,
      buyers: 2,
      buyer_rate: 2 / 3,
      revenue: 230,
      revenue_per_buyer: 115,
      mean_clv: 200,
      equity: 400,
      repeat_rate: 0.5,
      referral_rate: 1 / 3,
      mean_engagement: 2 / 3,
      nps_answers: 2,
      nps: 0,
      csat_answers: 1,
      csat: 1,
      respondents: 3,
      satisfaction: expect.closeTo(2 / 3, 12),
      small_cell: true,
    });
    // 西北 = c3, c4: one buyer (40, CLV 20, no repeat); engagement (0 + 2) / 2; c4's 8 is passive → NPS 0;
    // CSAT: c3's 2 and 4 → 1/2; satisfaction (0.5 + 0.8) / 2.
    expect(await cell('region', '西北')).toEqual({
      customers: 2,
      share: 2 / 6,
      buyers: 1,
      buyer_rate: 0.5,
      revenue: 40,
      revenue_per_buyer: 40,
      mean_clv: 20,
      equity: 20,
      repeat_rate: 0,
      referral_rate: 0,
      mean_engagement: 1,
      nps_answers: 1,
      nps: 0,
      csat_answers: 2,
      csat: 0.5,
      respondents: 2,
      satisfaction: expect.closeTo(0.65, 12),
      small_cell: true,
    });
    // c5 has no region: its own segment, with nothing to average.
    expect(await cell('region', 'unknown')).toEqual({
      customers: 1,
      share: 1 / 6,
      buyers: 0,
      buyer_rate: 0,
      revenue: null,
      revenue_per_buyer: null,
      mean_clv: null,
      equity: null,
      repeat_rate: null,
      referral_rate: 0,
      mean_engagement: 0,
      nps_answers: 0,
      nps: null,
      csat_answers: 0,
      csat: null,
      respondents: 0,
      satisfaction: null,
      small_cell: true,
    });
    // Everyone (c7 is not in the customers table): 3 buyers of 6, 270; CLV (300 + 100 + 20) / 3;
    // NPS (1 − 1) / 3; CSAT 2 of 3; satisfaction (1 + 0.5 + 0.5 + 0.8 + 0.5) / 5.
    expect(await cell('all', 'all')).toMatchObject({
      customers: 6,
      share: 1,
      buyers: 3,
      revenue: 270,
      revenue_per_buyer: 90,
      mean_clv: 140,
      repeat_rate: 1 / 3,
      referral_rate: 1 / 6,
      mean_engagement: 4 / 6,
      nps_answers: 3,
      nps: 0,
      csat: 2 / 3,
      respondents: 5,
      satisfaction: expect.closeTo(0.66, 12),
    });
    const segments = async (dimension: string) =>
      (
        await ws.db.query<{ segment: string; customers: number }>(
          'SELECT segment, customers FROM demographic_segments WHERE run_id = 1 AND dimension = $1 ORDER BY segment',
          [dimension],
        )
      ).map((r) => `${r.segment}:${r.customers}`);
    expect(await segments('age_band')).toEqual(['18-24:2', '25-34:1', '55-64:1', 'unknown:2']);
    expect(await segments('gender')).toEqual(['F:3', 'M:2', 'unknown:1']);
    expect(await segments('occupation')).toEqual(['engineer:2', 'retired:1', 'teacher:2', 'unknown:1']);
    expect(ctx.warnings.filter((w) => w.analysis === 'demographics')).toEqual([
      {
        analysis: 'demographics',
        message: 'customers with purchases but no customers table row: left out of the demographic segments',
        count: 1,
      },
      {
        analysis: 'demographics',
        message: 'birth dates after the observation date or over 120 years before it: age band unknown',
        count: 1,
      },
    ]);
  });

  it('flags only cells under 30 customers, and writes nothing without a customers table', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    let ctx = await runAnalyses(ws, AS_OF, { rfm, demographics });
    expect(await ws.db.query('SELECT * FROM demographic_segments')).toEqual([]);
    expect(ctx.warnings.map((w) => w.message)).toContain(
      'no customers table rows: demographic segments not computed',
    );
    // 40 customers in 华东 (not small), 29 in 西北 (small).
    const many = Array.from({ length: 69 }, (_, i) => `m${i},,,${i < 40 ? '华东' : '西北'},`).join('\n');
    await importFiles(ws, 'customers', [
      fileWith('c.csv', `customer_id,birth_date,gender,region,occupation\n${many}\n`),
    ]);
    await ws.db.run('DELETE FROM rfm');
    ctx = await runAnalyses(ws, AS_OF, { rfm, demographics });
    const rows = await ws.db.query(
      `SELECT segment, customers, small_cell FROM demographic_segments WHERE dimension = 'region' ORDER BY segment`,
    );
    expect(rows).toEqual([
      { segment: '华东', customers: 40, small_cell: false },
      { segment: '西北', customers: 29, small_cell: true },
    ]);
    expect(ctx.warnings.filter((w) => w.analysis === 'demographics')).toEqual([
      {
        analysis: 'demographics',
        message: 'customers with purchases but no customers table row: left out of the demographic segments',
        count: 4,
      },
    ]);
  });
});

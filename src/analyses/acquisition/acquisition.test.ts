import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { acquisition } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

// as_of = 2024-04-01 00:00 in Shanghai.
const AS_OF = '2024-03-31T16:00:00.000Z';

// a6 has no acquired_at and a7 is acquired after as_of: both left out. a5 has no channel. a8 is
// acquired at 07:00 on 1 February in Shanghai (still 31 January in UTC): a February customer.
const CUSTOMERS = `customer_id,acquired_at,acquisition_channel
a1,2024-01-10 10:00,search
a2,2024-01-20 10:00,search
a3,2024-02-05 10:00,search
a4,2024-01-15 10:00,referral
a5,2024-02-20 10:00,
a6,,search
a7,2024-05-01 10:00,search
a8,2024-02-01 07:00,referral
a9,2024-02-25 10:00,partner
`;
// Margins (amount − cost, the amount where cost is absent): a1 40 + 30 = 70, a3 50, a4 80, a5 30;
// a2 and a8 never buy; a9 only returned something (margin −10, not a purchase: not converted).
// a6's purchase belongs to no acquisition row.
const TRANSACTIONS = `txn_id,customer_id,occurred_at,amount,cost
t1,a1,2024-01-12 10:00,100,60
t2,a1,2024-03-01 10:00,50,20
t3,a3,2024-02-10 10:00,200,150
t4,a4,2024-01-16 10:00,80,
t5,a5,2024-03-01 10:00,40,10
t6,a6,2024-03-01 10:00,999,1
t7,a9,2024-03-02 10:00,-10,
`;
// Acquisition costs: search January 90 + 30 = 120, search February 60, referral January 10,
// no channel February 25, social March 40 (a channel without customers). k6 is a service cost
// and k7 falls after as_of: neither counts.
const COSTS = `cost_id,occurred_at,kind,amount,channel,customer_id
k1,2024-01-10 09:00,acquisition,90,search,
k2,2024-01-20 09:00,acquisition,30,search,
k3,2024-02-05 09:00,acquisition,60,search,
k4,2024-01-15 09:00,acquisition,10,referral,
k5,2024-02-20 09:00,acquisition,25,,
k6,2024-03-05 09:00,service,99,search,a1
k7,2024-04-05 09:00,acquisition,500,search,
k8,2024-03-10 09:00,acquisition,40,social,
`;

async function load() {
  await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)]);
  await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
  await importFiles(ws, 'costs', [fileWith('k.csv', COSTS)]);
}

const rows = () =>
  ws.db.query(
    `SELECT channel, CAST(month AS VARCHAR) AS month, acquired, converted, conversion_rate,
       CAST(acquisition_cost AS DOUBLE) AS acquisition_cost, cac, mean_clv, ltv_cac, monthly_margin, payback_months, ltv_basis
     FROM acquisition WHERE run_id = 1 ORDER BY channel, month NULLS LAST`,
  );

// Days from acquisition to as_of (Shanghai calendar days; 2024 is a leap year): a1 Jan 10 → 22 + 29 + 31 = 82,
// a2 Jan 20 → 12 + 29 + 31 = 72, a3 Feb 5 → 25 + 31 = 56, a4 Jan 15 → 17 + 29 + 31 = 77, a5 Feb 20 → 10 + 31 = 41,
// a8 Feb 1 → 29 + 31 = 60, a9 Feb 25 → 5 + 31 = 36.
// monthly_margin = Σ margin × 30.4375 ÷ Σ days; payback = cac ÷ monthly_margin.
const M = 30.4375;

describe('acquisition', () => {
  it('CAC, conversion, LTV:CAC (historical margin) and payback per channel and month', async () => {
    await load();
    const ctx = await runAnalyses(ws, AS_OF, { acquisition });
    const h = 'historical_margin';
    expect(await rows()).toEqual([
      // a5: 25 of cost; margin 30 over 41 days.
      row('(unknown)', '2024-02-01', 1, 1, 1, 25, 25, 30, 30 / 25, (30 * M) / 41, (25 * 41) / (30 * M), h),
      row('(unknown)', null, 1, 1, 1, 25, 25, 30, 30 / 25, (30 * M) / 41, (25 * 41) / (30 * M), h),
      // a9: no cost, not converted, a negative margin (−10 over 36 days): never paid back.
      row('partner', '2024-02-01', 1, 0, 0, null, null, -10, null, (-10 * M) / 36, null, h),
      row('partner', null, 1, 0, 0, null, null, -10, null, (-10 * M) / 36, null, h),
      // a4: cost 10, margin 80 over 77 days.
      row('referral', '2024-01-01', 1, 1, 1, 10, 10, 80, 8, (80 * M) / 77, (10 * 77) / (80 * M), h),
      // a8: no referral cost in February (CAC unknown), no purchase (margin 0: never paid back).
      row('referral', '2024-02-01', 1, 0, 0, null, null, 0, null, 0, null, h),
      // a4 + a8: cost 10 for 2 customers; margin 80 over 77 + 60 = 137 days.
      row('referral', null, 2, 1, 0.5, 10, 5, 40, 80 / 10, (80 * M) / 137, 5 / ((80 * M) / 137), h),
      // a1, a2: cost 120, CAC 60; margin 70 + 0 over 82 + 72 = 154 days.
      row('search', '2024-01-01', 2, 1, 0.5, 120, 60, 35, 70 / 120, (70 * M) / 154, 60 / ((70 * M) / 154), h),
      // a3: cost 60, margin 50 over 56 days.
      row('search', '2024-02-01', 1, 1, 1, 60, 60, 50, 50 / 60, (50 * M) / 56, 60 / ((50 * M) / 56), h),
      // a1, a2, a3: cost 180, CAC 60; margin 120 over 82 + 72 + 56 = 210 days.
      row('search', null, 3, 2, 2 / 3, 180, 60, 40, 120 / 180, (120 * M) / 210, 60 / ((120 * M) / 210), h),
      // social: a cost and nobody acquired — no ratio can be formed.
      row('social', '2024-03-01', 0, 0, null, 40, null, null, null, null, null, h),
      row('social', null, 0, 0, null, 40, null, null, null, null, null, h),
    ]);
    // Blended over everyone: cost 120 + 60 + 10 + 25 + 40 = 255 for 7 customers; margin 70 + 50 + 80 + 30 − 10 = 220.
    expect(kpis(ctx)).toEqual({
      blended_cac: approx(255 / 7),
      blended_ltv_cac: approx(220 / 255),
      acquisition_conversion_rate: approx(4 / 7),
    });
    expect(ctx.warnings.map((w) => [w.message.split(' ').slice(0, 3).join(' '), w.count])).toEqual([
      ['customers without acquired_at', 2],
      ['customers without acquisition_channel', 1],
      ['acquisition costs without', 1],
      ['this run has', undefined],
    ]);
  });

  it('uses the predictive CLV of the run when there is one (non-buyers count as 0)', async () => {
    await load();
    // CLV from the value analysis: a1 100, a3 40, a4 200; a5 has a row without a CLV (counts 0).
    await runAnalyses(ws, AS_OF, { acquisition }, [
      { customer_id: 'a1', clv_12m: 100 },
      { customer_id: 'a3', clv_12m: 40 },
      { customer_id: 'a4', clv_12m: 200 },
      { customer_id: 'a5', clv_12m: null },
    ]);
    const all = (await rows()).filter((r) => r.month === null);
    // search: (100 + 0 + 40) / 3 per customer, LTV:CAC 140 / 180; referral: (200 + 0) / 2, 200 / 10; (unknown): 0.
    expect(all.map((r) => [r.channel, r.mean_clv, r.ltv_cac, r.ltv_basis])).toEqual([
      ['(unknown)', 0, 0, 'predictive_clv_12m'],
      ['partner', 0, null, 'predictive_clv_12m'],
      ['referral', 100, 20, 'predictive_clv_12m'],
      ['search', approx(140 / 3), approx(140 / 180), 'predictive_clv_12m'],
      ['social', null, null, 'predictive_clv_12m'],
    ]);
  });

  it('without customers or acquisition costs it writes nothing and says why', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    const ctx = await runAnalyses(ws, AS_OF, { acquisition });
    expect(await rows()).toEqual([]);
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      'no customers with acquired_at and no acquisition costs: acquisition (CAC, LTV:CAC) not computed',
    ]);
    expect(kpis(ctx)).toEqual({});
  });
});

const approx = (x: number) => expect.closeTo(x, 9);

function row(
  channel: string,
  month: string | null,
  acquired: number,
  converted: number,
  conversion_rate: number | null,
  acquisition_cost: number | null,
  cac: number | null,
  mean_clv: number | null,
  ltv_cac: number | null,
  monthly_margin: number | null,
  payback_months: number | null,
  ltv_basis: string,
) {
  const a = (x: number | null) => (x === null ? null : approx(x));
  return {
    channel,
    month,
    acquired,
    converted,
    conversion_rate: a(conversion_rate),
    acquisition_cost,
    cac: a(cac),
    mean_clv: a(mean_clv),
    ltv_cac: a(ltv_cac),
    monthly_margin: a(monthly_margin),
    payback_months: a(payback_months),
    ltv_basis,
  };
}

/** The KPIs this analysis sets (base sets others). */
function kpis(ctx: Awaited<ReturnType<typeof runAnalyses>>) {
  const mine = ['blended_cac', 'blended_ltv_cac', 'acquisition_conversion_rate'];
  return Object.fromEntries([...ctx.kpis].filter(([k]) => mine.includes(k)).map(([k, v]) => [k, v.value]));
}

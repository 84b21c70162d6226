/**
 * Acquisition, retention, profitability and loyalty through `analyze` on the demo data: the planted
 * facts of docs/demo-data.md that concern them are visible, and the results agree with independent
 * computations written directly against the canonical tables (DuckDB window functions allowed here).
 */
import { describe, expect, it } from 'vitest';
import { useDemoRun } from '../test-support/demo-run.js';

const demo = useDemoRun();
const { kpi, query } = demo;

describe('on the demo data', () => {
  it('planted: paid_search has the highest CAC (≈140) and lowest conversion and purchase rate; referral the lowest CAC (≈25) and highest rate', async () => {
    const rows = await query<{
      channel: string;
      acquired: number;
      cac: number;
      conversion_rate: number;
      monthly_margin: number;
      ltv_cac: number;
      ltv_basis: string;
    }>(`SELECT channel, acquired, cac, conversion_rate, monthly_margin, ltv_cac, ltv_basis
        FROM acquisition WHERE run_id = $run AND month IS NULL`);
    const by = <K extends keyof (typeof rows)[0]>(key: K) =>
      [...rows].sort((a, b) => Number(a[key]) - Number(b[key])).map((r) => r.channel);
    expect(by('cac')[0]).toBe('referral');
    expect(by('cac').at(-1)).toBe('paid_search');
    expect(rows.find((r) => r.channel === 'paid_search')!.cac).toBeCloseTo(140, -1);
    expect(rows.find((r) => r.channel === 'referral')!.cac).toBeCloseTo(25, 0);
    // Conversion: 60 % of paid_search customers ever buy, 85 % elsewhere (generator).
    expect(by('conversion_rate')[0]).toBe('paid_search');
    expect(rows.find((r) => r.channel === 'paid_search')!.conversion_rate).toBeCloseTo(0.6, 1);
    // Purchase rate (margin per customer-month since acquisition) and return on acquisition cost.
    expect(by('monthly_margin')[0]).toBe('paid_search');
    expect(by('monthly_margin').at(-1)).toBe('referral');
    expect(by('ltv_cac')[0]).toBe('paid_search');
    expect(by('ltv_cac').at(-1)).toBe('referral');
    expect(new Set(rows.map((r) => r.ltv_basis))).toEqual(new Set(['predictive_clv_12m']));
  });

  it('acquisition adds up: every acquired customer, every acquisition cost, Σ CLV = equity', async () => {
    const [mine] = await query<{ acquired: number; cost: number; clv: number }>(
      `SELECT sum(acquired)::INT AS acquired, sum(acquisition_cost)::DOUBLE AS cost, sum(mean_clv * acquired) AS clv
       FROM acquisition WHERE run_id = $run AND month IS NULL`,
    );
    const [direct] = await query<{ acquired: number; cost: number; clv: number }>(
      `SELECT (SELECT count(*)::INT FROM customers WHERE acquired_at <= $asOf) AS acquired,
         (SELECT sum(amount)::DOUBLE FROM costs WHERE kind = 'acquisition' AND occurred_at <= $asOf) AS cost,
         (SELECT sum(clv_12m) FROM customer_value WHERE run_id = $run) AS clv`,
    );
    expect(mine.acquired).toBe(direct.acquired);
    expect(mine.cost).toBeCloseTo(direct.cost, 6);
    expect(mine.clv).toBeCloseTo(direct.clv, 4);
    // The equity KPI sums CLVs rounded to the money type (4 places): equal to a few parts in 10⁹.
    expect(Math.abs(mine.clv / kpi('customer_equity')! - 1)).toBeLessThan(1e-8);
    const [months] = await query<{ acquired: number }>(
      `SELECT sum(acquired)::INT AS acquired FROM acquisition WHERE run_id = $run AND month IS NOT NULL`,
    );
    expect(months.acquired).toBe(direct.acquired);
  });

  it('cohort matrix: month 0 is 100 %, and every cell matches a direct count from the transactions', async () => {
    const cells = await query<{
      cohort: string;
      period: number;
      cohort_size: number;
      active: number;
      revenue: number;
    }>(
      `SELECT cohort::VARCHAR AS cohort, period, cohort_size, active, revenue::DOUBLE AS revenue
       FROM cohort_retention WHERE run_id = $run ORDER BY cohort, period`,
    );
    const zero = await query<{ cohort: string; retention: number }>(
      `SELECT cohort::VARCHAR AS cohort, retention FROM cohort_retention WHERE run_id = $run AND period = 0`,
    );
    expect(zero.length).toBe(24); // first-purchase months 2023-01 … 2024-12
    expect(zero.every((r) => r.retention === 1)).toBe(true);
    const sizes = cells.filter((c) => c.period === 0).reduce((s, c) => s + c.cohort_size, 0);
    expect(sizes).toBe(kpi('customers_with_purchases'));
    // Direct: purchase days (a completed line with an amount ≥ 0 that day) per customer and month.
    const direct = await query<{ cohort: string; period: number; active: number; revenue: number }>(
      `WITH days AS (
         SELECT customer_id, occurred_at::DATE AS day, sum(amount) AS spend FROM transactions
         WHERE (status IS NULL OR status = 'completed') AND occurred_at <= $asOf
         GROUP BY ALL HAVING max(amount) >= 0),
       firsts AS (SELECT customer_id, date_trunc('month', min(day))::DATE AS cohort FROM days GROUP BY ALL)
       SELECT f.cohort::VARCHAR AS cohort, date_diff('month', f.cohort, date_trunc('month', d.day)::DATE)::INT AS period,
         count(DISTINCT d.customer_id)::INT AS active, sum(d.spend)::DOUBLE AS revenue
       FROM days d JOIN firsts f USING (customer_id) GROUP BY ALL ORDER BY 1, 2`,
    );
    const nonEmpty = cells
      .filter((c) => c.active > 0)
      .map(({ cohort, period, active, revenue }) => ({ cohort, period, active, revenue }));
    expect(nonEmpty).toEqual(direct.map((d) => ({ ...d, revenue: expect.closeTo(d.revenue, 6) })));
    // The grid is complete: cohort c has months 0 … (December 2024 − c).
    expect(cells.length).toBe((24 * 25) / 2);
  });

  it('profit: the Lorenz curve, top-20 % share and Gini agree with a direct ranking of the customers', async () => {
    // Gini from the mean absolute difference over all pairs: Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² mean).
    const [g] = await query<{ gini: number }>(
      `WITH p AS (SELECT profit::DOUBLE AS x FROM profitability WHERE run_id = $run)
       SELECT sum(abs(a.x - b.x)) / (2 * (SELECT count(*) FROM p) * (SELECT sum(x) FROM p)) AS gini
       FROM p a CROSS JOIN p b`,
    );
    expect(kpi('profit_gini')).toBeCloseTo(g.gini, 9);
    const points = await query<{ population_share: number; profit_share: number }>(
      `SELECT population_share, profit_share FROM profit_lorenz WHERE run_id = $run ORDER BY population_share`,
    );
    const sorted = await query<{ x: number }>(
      `SELECT profit::DOUBLE AS x FROM profitability WHERE run_id = $run ORDER BY profit`,
    );
    const xs = sorted.map((r) => r.x);
    const total = xs.reduce((s, x) => s + x, 0);
    const heldBy = (m: number) => {
      const k = Math.floor(m);
      return xs.slice(0, k).reduce((s, x) => s + x, 0) + (k < xs.length ? (m - k) * xs[k] : 0);
    };
    expect(points.map((p) => p.population_share)).toEqual(Array.from({ length: 21 }, (_, j) => j / 20));
    for (const p of points)
      expect(p.profit_share).toBeCloseTo(heldBy(p.population_share * xs.length) / total, 9);
    expect(kpi('top20_profit_share')).toBeCloseTo(1 - heldBy(0.8 * xs.length) / total, 9);
    // Spend is Gamma-Gamma: profit is concentrated, but not absurdly.
    expect(kpi('top20_profit_share')).toBeGreaterThan(0.5);
    expect(kpi('top20_profit_share')).toBeLessThan(0.8);
  });

  it('planted: the top 1 % of referrers make about a third of the referrals', async () => {
    const [r] = await query<{ referrers: number; share: number; direct: number }>(
      `WITH r AS (SELECT referrals, row_number() OVER (ORDER BY referrals DESC) AS rank, count(*) OVER () AS n,
                    sum(referrals) OVER () AS total FROM loyalty WHERE run_id = $run AND referrals > 0)
       SELECT max(n)::INT AS referrers, (sum(referrals) FILTER (WHERE rank <= ceil(n / 100)) / max(total))::DOUBLE AS share,
         (SELECT count(DISTINCT from_id)::INT FROM relations WHERE kind = 'referral') AS direct FROM r`,
    );
    expect(r.referrers).toBe(r.direct);
    expect(r.share).toBeGreaterThan(0.25);
    expect(r.share).toBeLessThan(0.45);
    expect(kpi('referral_rate')).toBeCloseTo(r.referrers / kpi('active_customers')!, 12);
    expect(kpi('participation_rate')).toBeGreaterThan(0);
    expect(kpi('repeat_purchase_rate')).toBeGreaterThan(0);
  });
});

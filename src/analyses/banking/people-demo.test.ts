/**
 * Banking classes, influence and tags through `analyze` on the demo data: the planted facts of
 * docs/demo-data.md that concern them are found, and the results agree with independent
 * computations written directly against the canonical tables (DuckDB window functions and CTEs
 * allowed here).
 */
import { describe, expect, it } from 'vitest';
import { base } from '../base/index.js';
import { runContext } from '../context.js';
import { customer360 } from '../customer/index.js';
import { DEFAULT_TAG_RULES, TAG_COLUMNS, tags } from '../tags/index.js';
import { useDemoRun } from '../test-support/demo-run.js';

const demo = useDemoRun();
const { kpi, query } = demo;

describe('people analyses on the demo data', () => {
  it('planted: stock, incremental and flow customers in every month after the baseline, as a second computation finds', async () => {
    const classes = await query<{ m: string; class: string; customers: number }>(
      `SELECT strftime(period, '%Y-%m') AS m, class, customers FROM banking_classes WHERE run_id = $run`,
    );
    // Every month from the one after the first balance month (the baseline) to the last one.
    const [span] = await query<{ first: string; last: string }>(
      `SELECT strftime(min(as_of), '%Y-%m') AS first, strftime(max(as_of), '%Y-%m') AS last FROM balances`,
    );
    const months: string[] = [];
    for (let d = new Date(`${span.first}-01T00:00:00Z`); ; ) {
      d.setUTCMonth(d.getUTCMonth() + 1);
      const m = d.toISOString().slice(0, 7);
      if (m > span.last) break;
      months.push(m);
    }
    expect(months.length).toBeGreaterThanOrEqual(11); // February … December 2024 at least
    expect([...new Set(classes.map((r) => r.m))].sort()).toEqual(months);
    for (const m of months) {
      for (const cls of ['stock', 'incremental', 'flow']) {
        expect(classes.find((r) => r.m === m && r.class === cls)?.customers, `${m} ${cls}`).toBeGreaterThan(
          0,
        );
      }
    }
    // The same classes by the textbook route: every customer in every month from the first one
    // they are known in, the previous month's holding by LAG.
    const expected = await query<{ m: string; class: string; customers: number }>(`
      WITH snap AS (SELECT customer_id, date_trunc('month', as_of) AS m, product, arg_max(balance, as_of) AS bal
                    FROM balances WHERE as_of <= CAST(timezone('${demo.ws.config.timeZone}', $asOf) AS DATE) GROUP BY ALL),
           bal AS (SELECT customer_id, m, sum(bal) AS aum FROM snap GROUP BY ALL),
           act AS (SELECT DISTINCT customer_id, date_trunc('month', timezone('${demo.ws.config.timeZone}', occurred_at)) AS m
                   FROM transactions WHERE (status IS NULL OR status = 'completed') AND occurred_at <= $asOf
                   UNION
                   SELECT DISTINCT customer_id, date_trunc('month', timezone('${demo.ws.config.timeZone}', occurred_at))
                   FROM events WHERE occurred_at <= $asOf),
           origin AS (SELECT min(m) AS o FROM bal),
           known AS (SELECT customer_id, greatest(min(m), (SELECT o FROM origin)) AS m FROM (
                       SELECT customer_id, m FROM bal UNION ALL SELECT customer_id, m FROM act
                       UNION ALL SELECT customer_id, date_trunc('month', timezone('${demo.ws.config.timeZone}', acquired_at))
                       FROM customers WHERE acquired_at <= $asOf) k GROUP BY customer_id),
           months AS (SELECT unnest(range((SELECT o FROM origin), (SELECT max(m) FROM bal) + INTERVAL 1 MONTH, INTERVAL 1 MONTH)) AS m),
           grid AS (SELECT k.customer_id, months.m FROM known k JOIN months ON months.m >= k.m),
           c AS (SELECT g.m, coalesce(b.aum, 0) >= 1 AS holds,
                   coalesce(lag(coalesce(b.aum, 0) >= 1) OVER (PARTITION BY g.customer_id ORDER BY g.m), false) AS held,
                   a.customer_id IS NOT NULL AS active
                 FROM grid g LEFT JOIN bal b ON b.customer_id = g.customer_id AND b.m = g.m
                 LEFT JOIN act a ON a.customer_id = g.customer_id AND a.m = g.m)
      SELECT strftime(m, '%Y-%m') AS m, CASE WHEN holds AND held THEN 'stock' WHEN holds THEN 'incremental'
               WHEN active THEN 'flow' ELSE 'dormant' END AS class, count(*)::INT AS customers
      FROM c WHERE m > (SELECT o FROM origin) GROUP BY ALL`);
    const key = (r: { m: string; class: string; customers: number }) => `${r.m} ${r.class} ${r.customers}`;
    expect(
      classes
        .filter((r) => r.customers > 0)
        .map(key)
        .sort(),
    ).toEqual(expected.map(key).sort());
    // Flow customers do convert and stock customers do leave, a little, every month.
    expect(kpi('banking_flow_conversion')).toBeGreaterThan(0);
    expect(kpi('banking_stock_attrition')).toBeGreaterThan(0);
  });

  it('planted: the top 1 % of referrers make about a third of the referrals', async () => {
    const [independent] = await query<{ share: number; referrers: number }>(`
      WITH r AS (SELECT from_id, count(DISTINCT to_id) AS n FROM relations
                 WHERE kind = 'referral' AND from_id <> to_id AND (occurred_at IS NULL OR occurred_at <= $asOf) GROUP BY from_id),
           ranked AS (SELECT n, row_number() OVER (ORDER BY n DESC) AS k, count(*) OVER () AS total FROM r)
      SELECT (sum(n) FILTER (WHERE k <= greatest(1, total // 100)) / sum(n))::DOUBLE AS share, max(total)::INT AS referrers
      FROM ranked`);
    expect(kpi('referrers')).toBe(independent.referrers);
    expect(kpi('top1pct_referral_share')).toBeCloseTo(independent.share, 12);
    expect(independent.share).toBeGreaterThan(0.25);
    expect(independent.share).toBeLessThan(0.45);
    // The super-referrers lead the influence ranking: the highest PageRank belongs to a customer
    // with far more referrals than the typical referrer.
    const [top] = await query<{ referrals: number; mean: number; total: number }>(
      `SELECT (SELECT referrals FROM influence WHERE run_id = $run ORDER BY pagerank DESC NULLS LAST LIMIT 1) AS referrals,
         (SELECT avg(referrals) FROM influence WHERE run_id = $run AND referrals > 0) AS mean,
         (SELECT sum(pagerank) FROM influence WHERE run_id = $run) AS total`,
    );
    expect(top.referrals).toBeGreaterThan(10 * top.mean);
    expect(top.total).toBeCloseTo(1, 9);
  });

  it('tags every default rule; high_value is the top fifth of CLV', async () => {
    const rules = await query<{ tag: string; customers: number }>(
      'SELECT tag, customers FROM tag_rules WHERE run_id = $run',
    );
    expect(rules.map((r) => r.tag).sort()).toEqual(Object.keys(DEFAULT_TAG_RULES).sort());
    const [v] = await query<{ n: number }>(
      'SELECT count(clv_12m)::INT AS n FROM customer_value WHERE run_id = $run',
    );
    const high = rules.find((r) => r.tag === 'high_value')!.customers;
    expect(high / v.n).toBeGreaterThan(0.19);
    expect(high / v.n).toBeLessThan(0.21);
    expect(rules.find((r) => r.tag === 'champion')!.customers).toBe(
      (
        await query<{ n: number }>(
          `SELECT count(*)::INT AS n FROM rfm WHERE run_id = $run AND segment = 'Champions'`,
        )
      )[0].n,
    );
  });

  it('the 360 of the top referrer: masked profile, whom they referred, their figures', async () => {
    const [top] = await query<{ customer_id: string; referrals: number }>(
      'SELECT customer_id, referrals FROM influence WHERE run_id = $run ORDER BY referrals DESC, customer_id LIMIT 1',
    );
    const c = await customer360(demo.ws.db, top.customer_id, {
      run: { runId: demo.run.runId, asOf: demo.run.params.asOf },
    });
    expect(c.profile?.phone).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(c.profile?.name).toMatch(/^\p{Script=Han}\*+$/u);
    expect(c.kpis.influence?.referrals).toBe(top.referrals);
    expect(c.relations.outgoingTotal).toBeGreaterThanOrEqual(top.referrals);
    expect(c.relations.outgoing.length).toBe(Math.min(50, c.relations.outgoingTotal));
  });

  it('every column the rule language offers reads from this run (last: it adds tags to the run)', async () => {
    // The run's scratch tables are gone: rebuild the groundwork, then one rule per column.
    const ctx = runContext(demo.ws.db, demo.run.runId, demo.run.params, () => {});
    await base(ctx);
    await demo.ws.db.run('DELETE FROM tag_rules WHERE run_id = $1', [demo.run.runId]);
    const rules = Object.fromEntries(Object.keys(TAG_COLUMNS).map((c) => [`has_${c}`, `${c} is not null`]));
    await tags(ctx, rules);
    const counts = Object.fromEntries(
      (
        await query<{ tag: string; customers: number }>(
          'SELECT tag, customers FROM tag_rules WHERE run_id = $run',
        )
      ).map((r) => [r.tag, r.customers]),
    );
    expect(Object.keys(counts).sort()).toEqual(Object.keys(rules).sort());
    const n = async (sql: string) => (await query<{ n: number }>(sql))[0].n;
    expect(counts.has_clv_12m).toBe(
      await n('SELECT count(clv_12m)::INT AS n FROM customer_value WHERE run_id = $run'),
    );
    expect(counts.has_segment).toBe(await n('SELECT count(*)::INT AS n FROM rfm WHERE run_id = $run'));
    expect(counts.has_region).toBe(await n('SELECT count(region)::INT AS n FROM customers'));
    expect(counts.has_pagerank).toBe(
      await n('SELECT count(pagerank)::INT AS n FROM influence WHERE run_id = $run'),
    );
    expect(counts.has_banking_class).toBe(
      await n('SELECT count(*)::INT AS n FROM banking_customers WHERE run_id = $run'),
    );
    expect(counts.has_age).toBe(await n('SELECT count(birth_date)::INT AS n FROM customers'));
    // Clusters come from the segments analyses: present or not, the rule reads them.
    for (const [tag, customers] of Object.entries(counts)) {
      if (tag !== 'has_cluster_name') expect(customers, tag).toBeGreaterThan(0);
    }
  });
});

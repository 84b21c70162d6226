/**
 * What the analyses of satisfaction, needs, care and competition know about each customer, as the
 * run's scratch table `_voice_customers` (one row per customer known to the customers table, RFM
 * or customer value):
 *
 * - `segment` — this run's RFM segment, as `customer_value` carries it (NULL without one);
 * - `region` — `customers.region` (NULL when missing or blank);
 * - `clv_12m`, `historical_clv` — this run's customer value (historical CLV as a float);
 * - `clv_decile` — 1 (lowest) … 10 (highest) by the deciles of clv_12m over every valued
 *   customer; customers with equal CLV share a decile (a value on a threshold goes below it);
 * - `churned` — 1/0: `customer_value.at_risk` (P(alive) below the run's threshold) where the run
 *   has a lifetime model; without one, SPEC §4.5's rule: no purchase for more than
 *   3 × the median gap between purchase days (as `retention` counts it). NULL when unknown.
 */
import type { RunContext } from '../context.js';
import { CHURN_GAP_MULTIPLE } from '../retention/churn.js';

export const VOICE_CUSTOMERS = '_voice_customers';

const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9] as const;

/** Binds values as `$n` parameters after those already in `params`. */
function binder(params: (number | string)[]) {
  return (v: number | string) => {
    params.push(v);
    return `$${params.length}`;
  };
}

/** The churn flag's source rows (customer_id, churned) when the run has no P(alive). */
async function churnWithoutModel(
  ctx: RunContext,
  bind: (v: number | string) => string,
): Promise<string | null> {
  const { sql } = ctx;
  const span = `SELECT customer_id, min(day) AS first_day, max(day) AS last_day, count(*) AS days
    FROM _purchase_days GROUP BY customer_id`;
  const [median] = await ctx.db.query<{ gap: number | null }>(
    `SELECT ${sql.listElement(
      sql.quantiles(`${sql.toFloat(sql.daysBetween('first_day', 'last_day'))} / (days - 1)`, [0.5]),
      1,
    )} AS gap FROM (${span}) s WHERE days >= 2`,
  );
  if (median.gap === null || median.gap === undefined) return null;
  const asOfDay = sql.localDate(sql.timestamp(bind(ctx.params.asOf)));
  const limit = bind(CHURN_GAP_MULTIPLE * median.gap);
  return `SELECT customer_id, NULL AS segment, NULL AS region, NULL AS clv_12m, NULL AS historical_clv,
      CASE WHEN ${sql.daysBetween('last_day', asOfDay)} > ${limit} THEN 1 ELSE 0 END AS churned
    FROM (${span}) s`;
}

/**
 * Materialises `_voice_customers` for the run (after base and value).
 *
 * @example await voiceCustomers(ctx); // then: SELECT … FROM feedback f JOIN _voice_customers v …
 */
export async function voiceCustomers(ctx: RunContext): Promise<void> {
  const { sql, db } = ctx;
  const run = [ctx.runId];
  const [seen] = await db.query<{ valued: number; flagged: number }>(
    'SELECT count(clv_12m) AS valued, count(at_risk) AS flagged FROM customer_value WHERE run_id = $1',
    run,
  );
  const parts = [
    `SELECT customer_id, NULL AS segment, NULLIF(trim(region), '') AS region, NULL AS clv_12m,
       NULL AS historical_clv, NULL AS churned FROM customers`,
    `SELECT customer_id, NULLIF(segment, 'unknown') AS segment, NULL AS region, clv_12m,
       ${sql.toFloat('historical_clv')} AS historical_clv,
       CASE WHEN at_risk THEN 1 WHEN NOT at_risk THEN 0 END AS churned
     FROM customer_value WHERE run_id = $1`,
  ];
  const params: (number | string)[] = [ctx.runId];
  const bind = binder(params);
  if (Number(seen.flagged) === 0) {
    const rule = await churnWithoutModel(ctx, bind);
    if (rule) parts.push(rule);
  }
  let decile = 'NULL';
  if (Number(seen.valued) > 0) {
    const [q] = await db.query<{ q: number[] }>(
      `SELECT ${sql.quantiles('clv_12m', DECILES)} AS q FROM customer_value WHERE run_id = $1 AND clv_12m IS NOT NULL`,
      run,
    );
    const above = q.q.map((t) => `CASE WHEN clv_12m > ${bind(t)} THEN 1 ELSE 0 END`).join(' + ');
    decile = `CASE WHEN clv_12m IS NULL THEN NULL ELSE 1 + ${above} END`;
  }
  await ctx.materialize(
    VOICE_CUSTOMERS,
    `SELECT customer_id, segment, region, clv_12m, historical_clv, churned, ${decile} AS clv_decile
     FROM (SELECT customer_id, max(segment) AS segment, max(region) AS region, max(clv_12m) AS clv_12m,
             max(historical_clv) AS historical_clv, max(churned) AS churned
           FROM (${parts.join(' UNION ALL ')}) u GROUP BY customer_id) c`,
    params,
  );
}

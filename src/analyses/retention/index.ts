/**
 * Retention (SPEC §4.5) from the run's purchase days (`_purchase_days`):
 *
 * - The cohort matrix (`cohort_retention`): cohort = month of a customer's first purchase day;
 *   for each month k since (0 … the month of as_of), `active` = cohort members with a purchase
 *   day in month k, `retention` = active ÷ cohort size (100 % at k = 0 by construction),
 *   `revenue` = their spend in month k, `revenue_retention` = revenue ÷ the cohort's month-0 revenue.
 *   Months in which nobody of the cohort bought are rows with 0.
 * - KPI `repeat_purchase_rate` = customers with ≥ 2 purchase days ÷ customers with ≥ 1.
 * - Churn, only when the run has no P(alive) (the value analysis sets `at_risk_customers` and
 *   `churn_cost` when a lifetime model fits): SPEC §4.5's no-purchase rule — at risk when the
 *   last purchase day is more than N days before as_of, N = 3 × the median inter-purchase gap
 *   (see `churn.ts`).
 */
import type { RunContext } from '../context.js';
import { churnWithoutModel } from './churn.js';

/**
 * Writes `cohort_retention` and the KPIs `repeat_purchase_rate` (and the churn KPIs when no
 * lifetime model gave P(alive)).
 *
 * @example await retention(ctx); // after base and value
 */
export async function retention(ctx: RunContext): Promise<void> {
  const { sql, db } = ctx;
  const asOfDay = sql.localDate(sql.timestamp('$1'));
  await ctx.materialize(
    '_purchase_span',
    `SELECT customer_id, min(day) AS first_day, max(day) AS last_day, count(*) AS days
     FROM _purchase_days GROUP BY customer_id`,
  );
  const [span] = await db.query<{ customers: number; repeaters: number; periods: number | null }>(
    `SELECT count(*) AS customers, sum(CASE WHEN days >= 2 THEN 1 ELSE 0 END) AS repeaters,
       ${sql.monthsBetween('min(first_day)', asOfDay)} AS periods FROM _purchase_span`,
    [ctx.params.asOf],
  );
  if (span.customers === 0 || span.periods === null) {
    ctx.warn('no purchases up to the observation date: retention not computed');
    return;
  }
  ctx.kpi('repeat_purchase_rate', Number(span.repeaters) / span.customers, 'share');

  await ctx.materialize(
    '_cohort_activity',
    `SELECT cohort, period, count(DISTINCT customer_id) AS active, sum(spend) AS revenue
     FROM (SELECT p.customer_id, s.cohort, ${sql.monthsBetween('s.cohort', 'p.day')} AS period, p.spend
           FROM _purchase_days p
           JOIN (SELECT customer_id, ${sql.monthStart('first_day')} AS cohort FROM _purchase_span) s
             ON s.customer_id = p.customer_id) a
     GROUP BY cohort, period`,
  );
  // Months 0 … the last one any cohort reaches, as a small table to build the full grid from.
  const periods = Array.from(
    { length: Number(span.periods) + 1 },
    (_, k) => `SELECT ${k} AS period, 1 AS one`,
  );
  await ctx.materialize('_retention_periods', periods.join(' UNION ALL '));
  const f = sql.toFloat;
  await ctx.write(
    'cohort_retention',
    `SELECT g.cohort, g.period, g.cohort_size, coalesce(a.active, 0) AS active,
       ${f('coalesce(a.active, 0)')} / g.cohort_size AS retention,
       coalesce(a.revenue, ${sql.toMoney('0')}) AS revenue,
       CASE WHEN g.revenue0 > 0 THEN ${f('coalesce(a.revenue, 0)')} / ${f('g.revenue0')} END AS revenue_retention
     FROM (SELECT z.cohort, p.period, z.cohort_size, z.revenue0
           FROM (SELECT cohort, active AS cohort_size, revenue AS revenue0,
                   ${sql.monthsBetween('cohort', asOfDay)} AS last_period, 1 AS one
                 FROM _cohort_activity WHERE period = 0) z
           JOIN _retention_periods p ON p.one = z.one
           WHERE p.period <= z.last_period) g
     LEFT JOIN _cohort_activity a ON a.cohort = g.cohort AND a.period = g.period`,
    [ctx.params.asOf],
  );

  const [modelled] = await db.query<{ n: number }>(
    'SELECT count(*) AS n FROM customer_value WHERE run_id = $1 AND p_alive IS NOT NULL',
    [ctx.runId],
  );
  if (modelled.n === 0) await churnWithoutModel(ctx);
}

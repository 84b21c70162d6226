/**
 * Churn without a lifetime model (SPEC §4.5): a customer is at risk when their last purchase day
 * is more than N days before as_of, N = 3 × the median inter-purchase gap. The gap of a customer
 * is their mean gap between purchase days, (last − first purchase day) ÷ (purchase days − 1); the
 * median is taken over the customers with at least two purchase days, so that each customer counts
 * once (the median over all gaps would be set by the most frequent buyers). Churn cost = Σ over
 * the at-risk customers of their predictive CLV where the run has one, else one year of their
 * historical margin: margin to date × 365.25 ÷ max(365.25, days from first purchase to as_of).
 */
import type { RunContext } from '../context.js';

/** N = this many times the median inter-purchase gap. */
export const CHURN_GAP_MULTIPLE = 3;

/**
 * Sets the KPIs `at_risk_customers`, `at_risk_share`, `churn_cost` and `churn_after_days` by the
 * no-purchase rule; needs `_purchase_span` (per customer: first_day, last_day, days).
 */
export async function churnWithoutModel(ctx: RunContext): Promise<void> {
  const { sql, db } = ctx;
  const asOfDay = sql.localDate(sql.timestamp('$1'));
  const [median] = await db.query<{ gap: number | null }>(
    `SELECT ${sql.listElement(
      sql.quantiles(`${sql.toFloat(sql.daysBetween('first_day', 'last_day'))} / (days - 1)`, [0.5]),
      1,
    )} AS gap FROM _purchase_span WHERE days >= 2`,
  );
  if (median.gap === null || median.gap === undefined) {
    ctx.warn(
      'no lifetime model and no customer with two purchase days: at-risk customers and churn cost cannot be estimated',
    );
    ctx.kpi('at_risk_customers', null, 'customers');
    ctx.kpi('churn_cost', null, ctx.params.currency);
    return;
  }
  const days = CHURN_GAP_MULTIPLE * median.gap;
  ctx.warn(
    `no lifetime model in this run: customers with no purchase for more than ${round1(days)} days (3 × the median gap between purchases) are counted as at risk`,
  );
  const yearOfMargin = `CASE WHEN x.tenure > 365.25 THEN ${sql.toFloat('x.margin')} * 365.25 / x.tenure
    ELSE ${sql.toFloat('x.margin')} END`;
  const [r] = await db.query<{ customers: number; at_risk: number | null; cost: number | null }>(
    `SELECT count(*) AS customers, sum(x.at_risk) AS at_risk,
       sum(CASE WHEN x.at_risk = 1 THEN coalesce(${sql.toFloat('v.clv_12m')}, ${yearOfMargin}) ELSE 0 END) AS cost
     FROM (SELECT s.customer_id, ${sql.daysBetween('s.first_day', asOfDay)} AS tenure,
             coalesce(b.margin, ${sql.toMoney('0')}) AS margin,
             CASE WHEN ${sql.daysBetween('s.last_day', asOfDay)} > $2 THEN 1 ELSE 0 END AS at_risk
           FROM _purchase_span s LEFT JOIN _customer_base b ON b.customer_id = s.customer_id) x
     LEFT JOIN (SELECT customer_id, clv_12m FROM customer_value WHERE run_id = $3) v
       ON v.customer_id = x.customer_id`,
    [ctx.params.asOf, days, ctx.runId],
  );
  const atRisk = Number(r.at_risk ?? 0);
  ctx.kpi('at_risk_customers', atRisk, 'customers');
  ctx.kpi('at_risk_share', r.customers > 0 ? atRisk / r.customers : null, 'share');
  ctx.kpi('churn_cost', r.cost ?? 0, ctx.params.currency);
  ctx.kpi('churn_after_days', days, 'days');
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Profitability per customer (SPEC §2, 004 §4–5), up to as_of:
 *
 * - `revenue` (net spend), `orders` (distinct orders), `average_order_value` = revenue ÷ orders,
 *   `margin` (amount − cost of goods, the amount where cost is absent) — from `_customer_base`;
 * - `cost_to_serve` = Σ costs of kind `service` or `retention` booked to the customer
 *   (`costs.customer_id`): what it costs to keep and look after a customer once acquired.
 *   Acquisition costs belong to CAC (the acquisition analysis) and marketing costs to campaigns;
 *   service and retention costs without a customer cannot be attributed (a counted warning);
 * - `profit` = margin − cost_to_serve.
 *
 * Customers with a completed transaction or a cost to serve get a row (one who only cost money
 * shows a loss). KPIs: `total_profit`, `total_cost_to_serve`, `profit_per_customer`,
 * `loss_making_share`, `profit_gini` (the Gini coefficient of profit per customer, exact; above 1
 * when losses are large, empty when total profit is not positive) and, from the Lorenz curve
 * (`lorenz.ts`), `top20_profit_share`.
 */
import type { RunContext } from '../context.js';
import { profitLorenz } from './lorenz.js';

/** Cost kinds counted as cost to serve. */
export const COST_TO_SERVE_KINDS = ['service', 'retention'] as const;

/**
 * Writes `profitability` and `profit_lorenz` for the run and their KPIs.
 *
 * @example await profitability(ctx); // after base
 */
export async function profitability(ctx: RunContext): Promise<void> {
  const { sql, db } = ctx;
  const at = sql.timestamp('$1');
  const kinds = COST_TO_SERVE_KINDS.map((k) => `'${k}'`).join(', ');
  const [unbooked] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM costs WHERE kind IN (${kinds}) AND customer_id IS NULL AND occurred_at <= ${at}`,
    [ctx.params.asOf],
  );
  if (unbooked.n > 0) {
    ctx.warn('service and retention costs without customer_id are left out of cost to serve', unbooked.n);
  }
  const zero = sql.toMoney('0');
  const f = sql.toFloat;
  const written = await ctx.write(
    'profitability',
    `SELECT customer_id, revenue, orders,
       CASE WHEN orders > 0 THEN ${f('revenue')} / orders END AS average_order_value,
       margin, cost_to_serve, margin - cost_to_serve AS profit
     FROM (SELECT customer_id, sum(revenue) AS revenue, sum(orders) AS orders, sum(margin) AS margin,
             sum(cost) AS cost_to_serve
           FROM (SELECT customer_id, revenue, orders, margin, ${zero} AS cost FROM _customer_base
                 UNION ALL
                 SELECT customer_id, ${zero} AS revenue, 0 AS orders, ${zero} AS margin, ${sql.toMoney('amount')} AS cost
                 FROM costs WHERE kind IN (${kinds}) AND customer_id IS NOT NULL AND occurred_at <= ${at}) u
           GROUP BY customer_id) c`,
    [ctx.params.asOf],
  );
  if (written === 0) {
    ctx.warn('no completed purchases and no costs to serve: profitability not computed');
    return;
  }
  const [t] = await db.query<{ n: number; profit: number; losses: number; serve: number; ranked: number }>(
    `SELECT count(*) AS n, ${f('sum(profit)')} AS profit, sum(CASE WHEN profit < 0 THEN 1 ELSE 0 END) AS losses,
       ${f('sum(cost_to_serve)')} AS serve, ${sql.rankWeightedSum('profit')} AS ranked
     FROM profitability WHERE run_id = $1`,
    [ctx.runId],
  );
  ctx.kpi('total_profit', t.profit, ctx.params.currency);
  ctx.kpi('total_cost_to_serve', t.serve, ctx.params.currency);
  ctx.kpi('profit_per_customer', t.profit / t.n, ctx.params.currency);
  ctx.kpi('loss_making_share', Number(t.losses) / t.n, 'share');
  // Gini = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² mean) = 2 Σ r·x₍ᵣ₎ / (n Σ x) − (n + 1) / n, x sorted ascending.
  ctx.kpi('profit_gini', t.profit > 0 ? (2 * t.ranked) / (t.n * t.profit) - (t.n + 1) / t.n : null, 'ratio');
  await profitLorenz(ctx, t.n);
}

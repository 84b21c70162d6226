/**
 * The run's shared groundwork: two passes over the transactions that every other analysis reads
 * instead of the transactions themselves (SPEC §4: completed transactions only, up to `as_of`).
 *
 * - `_purchase_days` — one row per customer and calendar day (workspace time zone) with at least
 *   one completed line of amount ≥ 0 (free items are purchases; a day of returns only is not):
 *   `customer_id, day, spend, margin, orders`. Spend is net of that day's returns.
 * - `_customer_base` — one row per customer with a completed transaction: `customer_id,
 *   first_at, last_at, first_day, last_day, purchase_days, orders` (distinct `order_id`, else
 *   `txn_id`), `revenue` (net spend), `cost` (recorded cost of goods), `margin` (amount − cost,
 *   the amount where cost is absent).
 */
import type { RunContext } from '../context.js';

/** SQL condition for the completed transactions a run sees (`$1` is as_of). */
export const COMPLETED_UP_TO_AS_OF = `(status IS NULL OR status = 'completed') AND occurred_at <= $1`;

export async function base(ctx: RunContext): Promise<void> {
  const { sql } = ctx;
  const asOf = [ctx.params.asOf];
  const at = sql.timestamp('$1');
  const completed = COMPLETED_UP_TO_AS_OF.replace('$1', at);
  await ctx.materialize(
    '_customer_base',
    `SELECT customer_id, min(occurred_at) AS first_at, max(occurred_at) AS last_at,
       ${sql.localDate('min(occurred_at)')} AS first_day, ${sql.localDate('max(occurred_at)')} AS last_day,
       count(DISTINCT CASE WHEN amount >= 0 THEN ${sql.localDate('occurred_at')} END) AS purchase_days,
       count(DISTINCT coalesce(order_id, txn_id)) AS orders,
       sum(amount) AS revenue, sum(coalesce(cost, 0)) AS cost, sum(amount - coalesce(cost, 0)) AS margin
     FROM transactions WHERE ${completed} GROUP BY customer_id`,
    asOf,
  );
  await ctx.materialize(
    '_purchase_days',
    `SELECT customer_id, day, spend, margin, orders FROM (
       SELECT customer_id, ${sql.localDate('occurred_at')} AS day, sum(amount) AS spend,
         sum(amount - coalesce(cost, 0)) AS margin, count(DISTINCT coalesce(order_id, txn_id)) AS orders,
         max(amount) AS top
       FROM transactions WHERE ${completed} GROUP BY customer_id, ${sql.localDate('occurred_at')}) d
     WHERE top >= 0`,
    asOf,
  );
  const [row] = await ctx.db.query<{ customers: number; revenue: number | null; orders: number | null }>(
    `SELECT count(*) AS customers, ${sql.toFloat('sum(revenue)')} AS revenue, sum(orders) AS orders FROM _customer_base`,
  );
  ctx.kpi('customers_with_purchases', row.customers, 'customers');
  ctx.kpi('revenue', row.revenue ?? 0, ctx.params.currency);
  ctx.kpi('orders', row.orders ?? 0, 'orders');
}

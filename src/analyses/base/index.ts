/**
 * The run's shared groundwork: one pass over the transactions that every other analysis reads
 * instead of the transactions themselves (SPEC §4: completed transactions only, up to `as_of`).
 *
 * - `_customer_days` — one row per customer and calendar day (workspace time zone) with a
 *   completed transaction: `customer_id, day, first_at, last_at, spend, cost, margin, orders, top`
 *   (`top` is the day's largest amount).
 * - `_purchase_days` — the days with at least one completed line of amount ≥ 0 (free items are
 *   purchases; a day of returns only is not): `customer_id, day, spend, margin, orders`. Spend is
 *   net of that day's returns.
 * - `_customer_base` — one row per customer with a completed transaction: `customer_id,
 *   first_at, last_at, first_day, last_day, purchase_days, orders, revenue` (net spend), `cost`
 *   (recorded cost of goods), `margin` (amount − cost, the amount where cost is absent).
 *
 * Orders are distinct `order_id`s per day (`txn_id` where a line has none), summed over days: an
 * order whose lines fall on different days counts once on each.
 */
import type { RunContext } from '../context.js';

/** SQL condition for the completed transactions a run sees (`$1` is as_of). */
export const COMPLETED_UP_TO_AS_OF = `(status IS NULL OR status = 'completed') AND occurred_at <= $1`;

export async function base(ctx: RunContext): Promise<void> {
  const { sql } = ctx;
  const asOf = [ctx.params.asOf];
  const completed = COMPLETED_UP_TO_AS_OF.replace('$1', sql.timestamp('$1'));
  const day = sql.localDate('occurred_at', ctx.params.utcOffsetSeconds);
  // Without order ids, every line is its own order (txn_id is the key): a plain count.
  const [{ n }] = await ctx.db.query<{ n: number }>('SELECT count(order_id) AS n FROM transactions');
  const orders = n > 0 ? `count(DISTINCT order_id) + ${sql.countIf('order_id IS NULL')}` : 'count(*)';
  await ctx.materialize(
    '_customer_days',
    `SELECT customer_id, ${day} AS day, min(occurred_at) AS first_at, max(occurred_at) AS last_at,
       sum(amount) AS spend, sum(coalesce(cost, 0)) AS cost, sum(amount - coalesce(cost, 0)) AS margin,
       ${orders} AS orders, max(amount) AS top
     FROM transactions WHERE ${completed} GROUP BY customer_id, ${day}`,
    asOf,
  );
  await ctx.materialize(
    '_purchase_days',
    'SELECT customer_id, day, spend, margin, orders FROM _customer_days WHERE top >= 0',
  );
  await ctx.materialize(
    '_customer_base',
    `SELECT customer_id, min(first_at) AS first_at, max(last_at) AS last_at, min(day) AS first_day,
       max(day) AS last_day, sum(CASE WHEN top >= 0 THEN 1 ELSE 0 END) AS purchase_days, sum(orders) AS orders,
       sum(spend) AS revenue, sum(cost) AS cost, sum(margin) AS margin
     FROM _customer_days GROUP BY customer_id`,
  );
  const [row] = await ctx.db.query<{ customers: number; revenue: number | null; orders: number | null }>(
    `SELECT count(*) AS customers, ${sql.toFloat('sum(revenue)')} AS revenue, sum(orders) AS orders FROM _customer_base`,
  );
  ctx.kpi('customers_with_purchases', row.customers, 'customers');
  ctx.kpi('revenue', row.revenue ?? 0, ctx.params.currency);
  ctx.kpi('orders', row.orders ?? 0, 'orders');
}

/**
 * The run's shared groundwork: one pass over the transactions that every other analysis reads
 * instead of the transactions themselves (SPEC §4: completed transactions only, up to `as_of`).
 *
 * - `_customer_days` — one row per customer and calendar day (workspace time zone) with a
 *   completed transaction: `customer_id, day, first_at, last_at, spend, cost, margin, lines, top`
 *   (`top` is the day's largest amount).
 * - `_purchase_days` — the days with at least one completed line of amount ≥ 0 (free items are
 *   purchases; a day of returns only is not): `customer_id, day, spend, margin`. Spend is
 *   net of that day's returns.
 * - `_customer_base` — one row per customer with a completed transaction: `customer_id,
 *   first_at, last_at, first_day, last_day, purchase_days, orders, revenue` (net spend), `cost`
 *   (recorded cost of goods), `margin` (amount − cost, the amount where cost is absent).
 *
 * Orders are the customer's distinct `order_id`s among completed lines (each line without one is
 * an order of its own), counted in a pass of their own only when the data have order ids: a
 * distinct count per customer and day would cost as much as the whole grouping.
 */
import type { RunContext } from '../context.js';

/** SQL condition for the completed transactions a run sees (`$1` is as_of). */
export const COMPLETED_UP_TO_AS_OF = `(status IS NULL OR status = 'completed') AND occurred_at <= $1`;

export async function base(ctx: RunContext): Promise<void> {
  const { sql } = ctx;
  const asOf = [ctx.params.asOf];
  const completed = COMPLETED_UP_TO_AS_OF.replace('$1', sql.timestamp('$1'));
  const day = sql.localDate('occurred_at', ctx.params.utcOffsetSeconds);
  await ctx.materialize(
    '_customer_days',
    `SELECT customer_id, ${day} AS day, min(occurred_at) AS first_at, max(occurred_at) AS last_at,
       sum(amount) AS spend, sum(coalesce(cost, 0)) AS cost, sum(amount - coalesce(cost, 0)) AS margin,
       count(*) AS lines, max(amount) AS top
     FROM transactions WHERE ${completed} GROUP BY customer_id, ${day}`,
    asOf,
  );
  await ctx.materialize(
    '_purchase_days',
    'SELECT customer_id, day, spend, margin FROM _customer_days WHERE top >= 0',
  );
  // Without order ids, every line is its own order (txn_id is the key): the lines are the orders.
  const [{ n }] = await ctx.db.query<{ n: number }>(
    'SELECT count(*) AS n FROM transactions WHERE order_id IS NOT NULL',
  );
  const orders =
    n === 0
      ? ''
      : `JOIN (SELECT customer_id, count(DISTINCT order_id) + ${sql.countIf('order_id IS NULL')} AS orders
               FROM transactions WHERE ${completed} GROUP BY customer_id) o ON o.customer_id = c.customer_id`;
  await ctx.materialize(
    '_customer_base',
    `SELECT c.customer_id, c.first_at, c.last_at, c.first_day, c.last_day, c.purchase_days,
       ${orders ? 'o.orders' : 'c.lines'} AS orders, c.revenue, c.cost, c.margin
     FROM (SELECT customer_id, min(first_at) AS first_at, max(last_at) AS last_at, min(day) AS first_day,
             max(day) AS last_day, sum(CASE WHEN top >= 0 THEN 1 ELSE 0 END) AS purchase_days,
             sum(lines) AS lines, sum(spend) AS revenue, sum(cost) AS cost, sum(margin) AS margin
           FROM _customer_days GROUP BY customer_id) c ${orders}`,
    orders ? asOf : [],
  );
  const [row] = await ctx.db.query<{ customers: number; revenue: number | null; orders: number | null }>(
    `SELECT count(*) AS customers, ${sql.toFloat('sum(revenue)')} AS revenue, sum(orders) AS orders FROM _customer_base`,
  );
  ctx.kpi('customers_with_purchases', row.customers, 'customers');
  ctx.kpi('revenue', row.revenue ?? 0, ctx.params.currency);
  ctx.kpi('orders', row.orders ?? 0, 'orders');
}

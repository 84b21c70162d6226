/**
 * Market share (SPEC §2 seed 004 §8; issue 8 item 8): for each period of the `market` table whose
 * label can be read (`periods.ts`) and that starts by as_of, our customers — distinct customers
 * with a purchase day in the period (`_purchase_days`) — and our net revenue (all completed lines,
 * `_customer_days`), against the market's: customer_share = customers ÷ market_customers,
 * revenue_share = revenue ÷ market_revenue, and against the competitor figures where given
 * (customers ÷ competitor_customers, revenue ÷ competitor_revenue). A period that ends after
 * as_of's date is marked incomplete. Money stays decimal; shares are floats.
 */
import type { SqlValue } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { parsePeriod } from './periods.js';

const MONTHS = '_market_months';

type MarketRow = {
  period: string;
  market_customers: number | null;
  /** Decimals as text, to be written back exactly. */
  market_revenue: string | null;
  competitor_customers: number | null;
  competitor_revenue: string | null;
};

/** Writes `market_share`; returns the number of periods written. */
export async function writeMarketShare(ctx: RunContext): Promise<number> {
  const { sql, db } = ctx;
  const market = await db.query<MarketRow>(
    `SELECT period, market_customers, ${sql.toText('market_revenue')} AS market_revenue, competitor_customers,
       ${sql.toText('competitor_revenue')} AS competitor_revenue FROM market ORDER BY period`,
  );
  if (market.length === 0) return 0;
  const [{ day }] = await db.query<{ day: string }>(
    `SELECT ${sql.toText(sql.localDate(sql.timestamp('$1'), ctx.params.utcOffsetSeconds))} AS day`,
    [ctx.params.asOf],
  );
  const asOfDay = String(day);
  const unread = market.filter((m) => parsePeriod(m.period) === null).map((m) => m.period);
  if (unread.length > 0) {
    ctx.warn(
      `market periods that are not a year, half, quarter or month (e.g. 2024, 2024H1, 2024Q1, 2024-03) are left out: ${unread.slice(0, 3).join(', ')}`,
      unread.length,
    );
  }
  const periods = market
    .map((m) => ({ row: m, period: parsePeriod(m.period) }))
    .filter(
      (p): p is { row: MarketRow; period: NonNullable<ReturnType<typeof parsePeriod>> } => p.period !== null,
    );
  const future = periods.filter((p) => p.period.start > asOfDay);
  if (future.length > 0)
    ctx.warn('market periods that start after the observation date are left out', future.length);
  const used = periods.filter((p) => p.period.start <= asOfDay);
  if (used.length === 0) return 0;
  const params: SqlValue[] = [];
  const selects = used.flatMap(({ period }) =>
    period.months.map((month) => {
      params.push(period.label, month);
      return `SELECT $${params.length - 1} AS period, ${sql.date(`$${params.length}`)} AS month`;
    }),
  );
  await ctx.materialize(MONTHS, selects.join(' UNION ALL '), params);
  // Only the days inside the periods are read.
  const first = used.map((p) => p.period.start).sort()[0];
  const last = used
    .map((p) => p.period.end)
    .sort()
    .at(-1)!;
  const inRange = `day >= ${sql.date('$1')} AND day <= ${sql.date('$2')}`;
  const buyers = await db.query<{ period: string; customers: number }>(
    `SELECT m.period, count(DISTINCT p.customer_id) AS customers
     FROM (SELECT DISTINCT customer_id, ${sql.monthStart('day')} AS month FROM _purchase_days WHERE ${inRange}) p
     JOIN ${MONTHS} m ON m.month = p.month GROUP BY m.period`,
    [first, last],
  );
  const revenue = await db.query<{ period: string; revenue: string | number | null }>(
    `SELECT m.period, ${sql.toText('sum(d.spend)')} AS revenue
     FROM (SELECT ${sql.monthStart('day')} AS month, sum(spend) AS spend FROM _customer_days WHERE ${inRange}
           GROUP BY ${sql.monthStart('day')}) d
     JOIN ${MONTHS} m ON m.month = d.month GROUP BY m.period`,
    [first, last],
  );
  const num = (x: string | number | null) => (x === null ? null : Number(x));
  const ratio = (a: number | null, b: number | null) =>
    a !== null && b !== null && Number.isFinite(b) && b > 0 ? a / b : null;
  const rows = used.map(({ row, period }) => {
    const customers = Number(buyers.find((b) => b.period === period.label)?.customers ?? 0);
    const money = revenue.find((r) => r.period === period.label)?.revenue ?? null;
    const ours = money === null ? 0 : Number(money);
    return {
      period: period.label,
      period_start: period.start,
      period_end: period.end,
      complete: period.end <= asOfDay,
      customers,
      market_customers: row.market_customers,
      customer_share: ratio(customers, num(row.market_customers)),
      revenue: money === null ? '0' : String(money),
      market_revenue: row.market_revenue,
      revenue_share: ratio(ours, num(row.market_revenue)),
      competitor_customers: row.competitor_customers,
      competitor_revenue: row.competitor_revenue,
      customers_vs_competitor: ratio(customers, num(row.competitor_customers)),
      revenue_vs_competitor: ratio(ours, num(row.competitor_revenue)),
    };
  });
  rows.sort(
    (a, b) => a.period_start.localeCompare(b.period_start) || a.period_end.localeCompare(b.period_end),
  );
  await ctx.writeRows('market_share', rows);
  // The KPIs: the complete period that ends last (the shortest of those, as the most recent).
  const latest = rows
    .filter((r) => r.complete)
    .sort((a, b) => a.period_end.localeCompare(b.period_end) || a.period_start.localeCompare(b.period_start))
    .at(-1);
  ctx.kpi('market_customer_share', latest?.customer_share ?? null, 'share');
  ctx.kpi('market_revenue_share', latest?.revenue_share ?? null, 'share');
  return rows.length;
}

/**
 * Banking classes (SPEC §4.8), per month (default) or quarter, from the balance snapshots:
 *
 * - a customer *holds* in a period when their period-end balance — per product the last snapshot
 *   in the period, summed over products — is at least the threshold θ (default 1 currency unit);
 * - *stock*: holds, and held at the end of the previous period;
 * - *incremental*: holds, and did not hold at the end of the previous period (newly funded or back);
 * - *flow*: does not hold, but had a completed transaction or an event in the period;
 * - *dormant*: none of these, among the customers known by then (acquired, or with a balance,
 *   transaction or event, in or before the period).
 *
 * Periods run from the first to the last period with a balance snapshot up to as_of (at most the
 * last 63). The first is the baseline (nothing before it tells stock from incremental): it is not
 * listed, and the migration matrix starts from the second. Writes `banking_classes`,
 * `banking_migration`, `banking_rates` (flow → incremental conversion, stock attrition) and
 * `banking_customers` (each customer's class now and in every listed period).
 */
import type { RunContext } from '../context.js';
import {
  BANKING_CLASSES,
  buildMasks,
  buildPeriods,
  classAt,
  customerPeriods,
  MAX_PERIODS,
} from './classes.js';
import { type BankingPeriod, type PeriodCalendar, periodCalendar } from './periods.js';
import { type Move, migrationRows, rateRows } from './rates.js';

export { BANKING_CLASSES, type BankingClass, classesFromMasks } from './classes.js';
export type { BankingPeriod } from './periods.js';

export interface BankingOptions {
  /** Month (default) or quarter. */
  period: BankingPeriod;
  /** The balance a customer must hold to count as holding (θ, in the workspace currency; default 1). */
  threshold: number;
}

/** The defaults (workspace config keys `banking.period` and `banking.threshold`). */
export const BANKING_DEFAULTS: Readonly<BankingOptions> = { period: 'month', threshold: 1 };

/**
 * Writes the banking classes of the run and their KPIs; without balances, warns and writes nothing.
 *
 * @example await bankingClasses(ctx, { period: 'quarter', threshold: 1000 });
 */
export async function bankingClasses(
  ctx: RunContext,
  options: BankingOptions = BANKING_DEFAULTS,
): Promise<void> {
  const { sql, db } = ctx;
  if (!(Number.isFinite(options.threshold) && options.threshold > 0)) {
    throw new RangeError(`banking.threshold must be a positive amount, got ${options.threshold}`);
  }
  const asOfDay = sql.localDate(sql.timestamp('$1'), ctx.params.utcOffsetSeconds);
  const [span] = await db.query<{ first: string | null; last: string | null; day: string }>(
    `SELECT ${sql.toText('min(as_of)')} AS first, ${sql.toText('max(as_of)')} AS last, ${sql.toText(asOfDay)} AS day
     FROM balances WHERE as_of <= ${asOfDay}`,
    [ctx.params.asOf],
  );
  if (span.first === null || span.last === null) {
    ctx.warn('no balances up to the observation date: banking classes not computed');
    return;
  }
  let calendar = periodCalendar(options.period, span.first, span.last);
  if (calendar.last < 1) {
    ctx.warn(
      `balances cover one ${options.period} only (from ${calendar.origin}): banking classes need two, the first being the baseline`,
    );
    return;
  }
  if (calendar.last >= MAX_PERIODS) {
    ctx.warn(
      `balances cover ${calendar.last + 1} ${options.period}s: banking classes are computed for the last ${MAX_PERIODS}`,
    );
    calendar = periodCalendar(options.period, calendar.start(calendar.last - MAX_PERIODS + 1), span.last);
  }
  // Nothing after as_of is seen: the last period may end later, its balances and activity may not.
  const lastDay = [calendar.end(calendar.last), span.day].sort()[0]; // the earlier date
  await buildMasks(ctx, calendar, options.threshold, lastDay);
  await buildPeriods(ctx, calendar);
  const [gaps] = await db.query<{ n: number | null }>('SELECT sum(gaps) AS n FROM _bank_mask');
  if (Number(gaps.n ?? 0) > 0) {
    ctx.warn(
      "periods without a balance snapshot between a customer's first and last one count as holding nothing (export a balance for every period, or analyse by quarter)",
      Number(gaps.n),
    );
  }
  await ctx.materialize(
    '_bank_flows',
    `SELECT idx, from_class, to_class, count(*) AS customers FROM (${customerPeriods(sql)}) c
     GROUP BY idx, from_class, to_class`,
  );
  await writeClasses(ctx);
  const migration = migrationRows(calendar, await db.query<Move>('SELECT * FROM _bank_flows'));
  await ctx.writeRows('banking_migration', migration);
  const rates = rateRows(calendar, migration);
  await ctx.writeRows('banking_rates', rates.rows);
  await ctx.write(
    'banking_customers',
    `SELECT m.customer_id, ${classAt(sql, 'm', '$1')} AS class, m.aum, p.period AS known_from,
       ${sql.date('$2')} AS baseline_period, m.holds AS holding_mask, m.active AS active_mask
     FROM (SELECT x.*, b.aum FROM _bank_mask x
           LEFT JOIN (SELECT customer_id, aum FROM _bank_balances WHERE idx = $1) b ON b.customer_id = x.customer_id) m
     JOIN _bank_periods p ON p.idx = m.start_idx`,
    [calendar.last, calendar.origin],
  );
  await latestKpis(ctx, calendar);
  ctx.kpi('banking_flow_conversion', rates.conversion, 'share');
  ctx.kpi('banking_stock_attrition', rates.attrition, 'share');
}

/**
 * `banking_classes`: the four classes in every listed period, customers from `_bank_flows`, AUM
 * from the period-end balances (exact decimals).
 */
async function writeClasses(ctx: RunContext): Promise<void> {
  const { sql } = ctx;
  const zero = BANKING_CLASSES.map(
    (cls) => `SELECT idx, '${cls}' AS class, 0 AS customers, NULL AS aum FROM _bank_periods WHERE idx >= 1`,
  ).join(' UNION ALL ');
  await ctx.write(
    'banking_classes',
    `SELECT p.period, p.period_end, c.class, c.customers, c.aum
     FROM (SELECT idx, class, sum(customers) AS customers, ${sql.toMoney('coalesce(sum(aum), 0)')} AS aum
           FROM (SELECT idx, to_class AS class, customers, NULL AS aum FROM _bank_flows
                 UNION ALL
                 SELECT b.idx, ${classAt(sql, 'm', 'b.idx')} AS class, 0 AS customers, b.aum
                 FROM _bank_balances b JOIN _bank_mask m ON m.customer_id = b.customer_id WHERE b.idx >= 1
                 UNION ALL ${zero}) u
           GROUP BY idx, class) c
     JOIN _bank_periods p ON p.idx = c.idx`,
  );
}

/** Customers per class and the AUM held in the last period. */
async function latestKpis(ctx: RunContext, calendar: PeriodCalendar): Promise<void> {
  const rows = await ctx.db.query<{ class: string; customers: number; aum: number | null }>(
    `SELECT class, customers, ${ctx.sql.toFloat('aum')} AS aum FROM banking_classes WHERE run_id = $1 AND period = ${ctx.sql.date('$2')}`,
    [ctx.runId, calendar.start(calendar.last)],
  );
  let aum = 0;
  for (const r of rows) {
    aum += r.aum ?? 0;
    if (r.class !== 'dormant') ctx.kpi(`banking_${r.class}_customers`, Number(r.customers), 'customers');
  }
  ctx.kpi('banking_aum', aum, ctx.params.currency);
}

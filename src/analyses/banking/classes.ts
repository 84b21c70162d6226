/**
 * The scratch tables behind the banking classes (SPEC §4.8), built with one row per customer so
 * that no step groups by customer and period more than the balances themselves need:
 *
 * - `_bank_balances` (customer_id, idx, aum): the period-end balance — per product the last
 *   snapshot in the period, summed over products;
 * - `_bank_mask` (customer_id, start_idx, holds, active, gaps, one): the first period the customer
 *   is known in (acquired, or a first balance, completed transaction or event; 0 for anything
 *   earlier), and bit masks of the periods in which they hold (balance ≥ θ) and are active
 *   (a completed transaction or an event); `gaps` counts periods without a snapshot between their
 *   first and last one; `one` = 1 joins the mask with every period.
 *
 * A customer's class in period k then follows from bits k and k − 1 (`classAt`), and the
 * migration matrix from a pass over customers × periods (`_bank_periods`, joined on `one`).
 */
import type { Dialect } from '../../store/dialect.js';
import type { SqlValue } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { type PeriodCalendar, periodIndexSql } from './periods.js';

/** The classes, in the order the report shows them. */
export const BANKING_CLASSES = ['stock', 'incremental', 'flow', 'dormant'] as const;
export type BankingClass = (typeof BANKING_CLASSES)[number];

/** Periods a 64-bit mask holds (bits 0 … 62). */
export const MAX_PERIODS = 63;

/**
 * SQL: the class in period `k` of a customer whose mask columns are `m.*` (k ≥ m.start_idx).
 * Period 0 has no period before it: a holder there counts as incremental.
 */
export function classAt(sql: Dialect, m: string, k: string): string {
  const holds = (i: string) => `${sql.bitTest(`${m}.holds`, i)} = 1`;
  // No bit −1: the test of the period before is guarded, not left to AND's evaluation order.
  const held = `(CASE WHEN ${k} >= 1 THEN ${sql.bitTest(`${m}.holds`, `${k} - 1`)} ELSE 0 END) = 1`;
  return `CASE WHEN ${holds(k)} AND ${held} THEN 'stock' WHEN ${holds(k)} THEN 'incremental'
    WHEN ${sql.bitTest(`${m}.active`, k)} = 1 THEN 'flow' ELSE 'dormant' END`;
}

/**
 * The classes of a customer in periods 1 … `last` from their `banking_customers` row: bit k of
 * `holding` and `active` is period k, `start` the first period they are known in (null before).
 * The same rule as `classAt`, for one customer in JavaScript (the customer 360).
 *
 * @example classesFromMasks(0b110n, 0b001n, 0, 2) // ['incremental', 'stock']
 */
export function classesFromMasks(
  holding: bigint | number,
  active: bigint | number,
  start: number,
  last: number,
): (BankingClass | null)[] {
  const bit = (mask: bigint | number, k: number) => k >= 0 && ((BigInt(mask) >> BigInt(k)) & 1n) === 1n;
  const out: (BankingClass | null)[] = [];
  for (let k = 1; k <= last; k++) {
    if (k < start) out.push(null);
    else if (bit(holding, k)) out.push(bit(holding, k - 1) ? 'stock' : 'incremental');
    else out.push(bit(active, k) ? 'flow' : 'dormant');
  }
  return out;
}

/** Parameters of one statement, numbered as they are added. */
class Params {
  readonly values: SqlValue[] = [];
  add(v: SqlValue): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * Whether every balance snapshot date is the last day of its period (month-end statements by
 * month): then a customer has at most one snapshot per product and period, and the balances need
 * no reduction to the last one. Asked of the distinct dates, a short list.
 */
async function periodEndSnapshots(
  ctx: RunContext,
  calendar: PeriodCalendar,
  lastDay: string,
): Promise<boolean> {
  const { sql } = ctx;
  const dates = await ctx.db.query<{ d: string }>(
    `SELECT ${sql.toText('as_of')} AS d FROM balances WHERE as_of >= ${sql.date('$1')} AND as_of <= ${sql.date('$2')}
     GROUP BY as_of`,
    [calendar.origin, lastDay],
  );
  const ends = new Set(Array.from({ length: calendar.last + 1 }, (_, k) => calendar.end(k)));
  return dates.every((r) => ends.has(r.d.slice(0, 10)));
}

/**
 * Builds `_bank_balances` and `_bank_mask` for `calendar`: `threshold` is θ, `lastDay` the last
 * day seen (the end of the last period, or as_of's date when earlier).
 *
 * @example await buildMasks(ctx, calendar, 1, '2024-12-31');
 */
export async function buildMasks(
  ctx: RunContext,
  calendar: PeriodCalendar,
  threshold: number,
  lastDay: string,
): Promise<void> {
  const { sql } = ctx;
  const starts = Array.from({ length: calendar.last + 2 }, (_, k) => calendar.start(k));
  // Period boundaries as instants: local midnight of each period's first day.
  const [instants] = await ctx.db.query<Record<string, string>>(
    `SELECT ${starts.map((_, k) => `${sql.isoInstant(sql.tryTimestamp(`$${k + 1}`))} AS b${k}`).join(', ')}`,
    starts.map((d) => `${d} 00:00:00`),
  );
  const p = new Params();
  const dayIdx = (date: string) =>
    periodIndexSql(
      date,
      starts.map((d) => sql.date(p.add(d))),
    );
  const inRange = `as_of >= ${sql.date(p.add(calendar.origin))} AND as_of <= ${sql.date(p.add(lastDay))}`;
  const reduce = !(await periodEndSnapshots(ctx, calendar, lastDay));
  const snapshots = reduce
    ? `SELECT customer_id, idx, ${sql.argMin('balance', '0 - day')} AS balance
       FROM (SELECT customer_id, product, balance, ${dayIdx('as_of')} AS idx,
               ${sql.daysBetween(sql.date(p.add(calendar.origin)), 'as_of')} AS day FROM balances WHERE ${inRange}) b
       GROUP BY customer_id, product, idx`
    : `SELECT customer_id, ${dayIdx('as_of')} AS idx, balance FROM balances WHERE ${inRange}`;
  await ctx.materialize(
    '_bank_balances',
    `SELECT customer_id, idx, sum(balance) AS aum FROM (${snapshots}) s GROUP BY customer_id, idx`,
    p.values,
  );
  // Activity and first appearance per customer, from transactions (by local day), events and
  // acquisition; periods before the first count for the start only.
  const q = new Params();
  const activity = (from: string, idx: string, where: string) =>
    `SELECT customer_id, min(i) AS start_idx, 0 AS holds, ${sql.bitOr(`CASE WHEN i >= 0 THEN ${sql.bit('i')} ELSE 0 END`)} AS active, 0 AS gaps
     FROM (SELECT customer_id, ${idx} AS i FROM ${from} WHERE ${where}) a GROUP BY customer_id`;
  const asOf = sql.timestamp(q.add(ctx.params.asOf));
  const seen = (ts: string) =>
    `${ts} <= ${asOf} AND ${ts} < ${sql.timestamp(q.add(instants[`b${calendar.last + 1}`]))}`;
  const dayIdxQ = (date: string) =>
    periodIndexSql(
      date,
      starts.map((d) => sql.date(q.add(d))),
    );
  const atIdxQ = (ts: string) =>
    periodIndexSql(
      ts,
      starts.map((_, k) => sql.timestamp(q.add(instants[`b${k}`]))),
    );
  const transactions = activity('_customer_days', dayIdxQ('day'), `day <= ${sql.date(q.add(lastDay))}`);
  const events = activity('events', atIdxQ('occurred_at'), seen('occurred_at'));
  const acquired = `SELECT customer_id, ${atIdxQ('acquired_at')} AS start_idx, 0 AS holds, 0 AS active, 0 AS gaps
     FROM customers WHERE ${seen('acquired_at')}`;
  const holds = sql.bitOr(`CASE WHEN aum >= ${q.add(threshold)} THEN ${sql.bit('idx')} ELSE 0 END`);
  await ctx.materialize(
    '_bank_mask',
    `SELECT customer_id, CASE WHEN min(start_idx) < 0 THEN 0 ELSE min(start_idx) END AS start_idx,
       ${sql.bitOr('holds')} AS holds, ${sql.bitOr('active')} AS active, sum(gaps) AS gaps, 1 AS one
     FROM (SELECT customer_id, min(idx) AS start_idx, ${holds} AS holds, 0 AS active,
             max(idx) - min(idx) + 1 - count(*) AS gaps
           FROM _bank_balances GROUP BY customer_id
           UNION ALL ${transactions}
           UNION ALL ${events}
           UNION ALL ${acquired}) u
     GROUP BY customer_id`,
    q.values,
  );
}

/**
 * `_bank_periods` (idx, period, period_end, one): the calendar as a table, from bound parameters.
 */
export async function buildPeriods(ctx: RunContext, calendar: PeriodCalendar): Promise<void> {
  const params: (string | number)[] = [];
  const rows: string[] = [];
  for (let k = 0; k <= calendar.last; k++) {
    params.push(k, calendar.start(k), calendar.end(k));
    const n = params.length;
    rows.push(
      `SELECT CAST($${n - 2} AS INTEGER) AS idx, ${ctx.sql.date(`$${n - 1}`)} AS period, ${ctx.sql.date(`$${n}`)} AS period_end, 1 AS one`,
    );
  }
  await ctx.materialize('_bank_periods', rows.join(' UNION ALL '), params);
}

/**
 * SQL: every known customer in every listed period (k ≥ 1) with their class before (`new` when
 * first known in k; for k = 1 the baseline's) and in k, and the period's columns.
 */
export function customerPeriods(sql: Dialect): string {
  const before = `CASE WHEN p.idx - 1 < m.start_idx THEN 'new' ELSE ${classAt(sql, 'm', 'p.idx - 1')} END`;
  return `SELECT m.customer_id, p.idx, p.period, ${before} AS from_class, ${classAt(sql, 'm', 'p.idx')} AS to_class
    FROM _bank_mask m JOIN _bank_periods p ON p.one = m.one
    WHERE p.idx >= 1 AND p.idx >= m.start_idx`;
}

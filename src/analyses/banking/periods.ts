/**
 * The calendar of banking periods: months or quarters counted from the period of the first balance
 * snapshot (index 0, the baseline). Dates are calendar dates (`YYYY-MM-DD`), as balances are.
 */

export type BankingPeriod = 'month' | 'quarter';

/** Months per period. */
export const PERIOD_MONTHS: Record<BankingPeriod, number> = { month: 1, quarter: 3 };

/** A month as a count since year 0 (year × 12 + month − 1). */
function monthNumber(date: string): number {
  const [y, m] = date.split('-').map(Number);
  return y * 12 + m - 1;
}

function firstOfMonth(month: number): string {
  const y = Math.floor(month / 12);
  const m = month - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-01`;
}

/** The day before a `YYYY-MM-DD` date. */
function dayBefore(date: string): string {
  const t = Date.parse(`${date}T00:00:00Z`) - 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export interface PeriodCalendar {
  period: BankingPeriod;
  /** First day of period 0. */
  origin: string;
  /** Index of the last period. */
  last: number;
  /** First day of period `k`. */
  start(k: number): string;
  /** Last day of period `k`. */
  end(k: number): string;
}

/**
 * The periods from the one holding `first` to the one holding `last` (both `YYYY-MM-DD`).
 *
 * @example periodCalendar('quarter', '2024-02-29', '2024-12-31').start(1) // '2024-04-01'
 */
export function periodCalendar(period: BankingPeriod, first: string, last: string): PeriodCalendar {
  const months = PERIOD_MONTHS[period];
  const m0 = monthNumber(first) - (monthNumber(first) % months);
  const start = (k: number) => firstOfMonth(m0 + k * months);
  return {
    period,
    origin: start(0),
    last: Math.floor((monthNumber(last) - m0) / months),
    start,
    end: (k) => dayBefore(start(k + 1)),
  };
}

/**
 * SQL: the index of the period holding `value` (a date or an instant) among periods whose starts
 * are `starts` (SQL expressions of the same type: period 0 … n − 1, then the end of the last),
 * −1 before the first and n after the last. Comparisons only: no date arithmetic per row.
 */
export function periodIndexSql(value: string, starts: readonly string[]): string {
  const arms = starts.map((s, k) => `WHEN ${value} < ${s} THEN ${k - 1}`).join(' ');
  return `CASE ${arms} ELSE ${starts.length - 1} END`;
}

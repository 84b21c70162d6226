/**
 * The calendar side of the care calendar: which month-days recur on which dates of a window of
 * days, with the rule for 29 February: in a year without it, a birthday or anniversary on 29
 * February is kept on 28 February (it stays in February, and comes before the 1 March of the
 * legal age in some countries; a greeting a day early is better than none).
 */

/** The most days a window may span: each month-day then falls on at most one date. */
export const MAX_WINDOW_DAYS = 365;

const DAY_MS = 86_400_000;

/** True when `year` has a 29 February. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The date `days` after the ISO date `from` (`YYYY-MM-DD`). */
export function addDays(from: string, days: number): string {
  return new Date(Date.parse(`${from}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * For the `days` dates from `from` on (`from` included), the month-day (`MM-DD`) that is
 * celebrated on each date: its own, plus `02-29` on 28 February of a year without a 29th.
 *
 * @example occasionDates('2025-02-27', 3) // Map { '02-27' → '2025-02-27', '02-28' → '2025-02-28', '02-29' → '2025-02-28', '03-01' → '2025-03-01' }
 */
export function occasionDates(from: string, days: number): Map<string, string> {
  if (!(Number.isInteger(days) && days >= 1 && days <= MAX_WINDOW_DAYS)) {
    throw new RangeError(`a window of 1 to ${MAX_WINDOW_DAYS} days, got ${days}`);
  }
  const out = new Map<string, string>();
  for (let i = 0; i < days; i++) {
    const date = addDays(from, i);
    const monthDay = date.slice(5);
    out.set(monthDay, date);
    if (monthDay === '02-28' && !isLeapYear(Number(date.slice(0, 4)))) out.set('02-29', date);
  }
  return out;
}

/** Whole days from ISO date `a` to ISO date `b`. */
export function daysFrom(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** Today's date (`YYYY-MM-DD`) in `timeZone`. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

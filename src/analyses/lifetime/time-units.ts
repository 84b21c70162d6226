/**
 * The lifetime models' clock. The BTYD summary counts whole calendar days; the models work in the
 * run's time unit (a day, or a week of 7 days), so every rate parameter is "per unit" and every
 * horizon is converted explicitly here. A month is 365.25 / 12 = 30.4375 days.
 */
import type { TimeUnit } from '../context.js';

/** Days in a month, on average over the Gregorian calendar's leap years. */
export const DAYS_PER_MONTH = 365.25 / 12;

/** Days in one time unit of the summary. @example daysPerUnit('week') // 7 */
export function daysPerUnit(unit: TimeUnit): number {
  return unit === 'week' ? 7 : 1;
}

/** Time units in a month. @example unitsPerMonth('week') // 4.348… */
export function unitsPerMonth(unit: TimeUnit): number {
  return DAYS_PER_MONTH / daysPerUnit(unit);
}

/** A horizon of `days` calendar days in the summary's unit. @example unitsOfDays(90, 'week') // 12.857… */
export function unitsOfDays(days: number, unit: TimeUnit): number {
  return days / daysPerUnit(unit);
}

/**
 * The monthly rate equivalent to an annual discount rate, compounded monthly:
 * (1 + annual)^(1/12) − 1.
 *
 * @example monthlyRate(0.1) // 0.007974…
 */
export function monthlyRate(annual: number): number {
  return (1 + annual) ** (1 / 12) - 1;
}

/** A summary's time unit and how it is known, as every lifetime output states it. */
export interface UnitStatement {
  /** The unit, or null when it was neither given nor inferable. */
  unit: TimeUnit | null;
  /** How it is known: `given` (--time-unit), `inferred`, `unknown`, or `not used` by the model. */
  source: 'given' | 'inferred' | 'unknown' | 'not used';
  /** The statement in words, e.g. "week (inferred: every recency and T is a whole number of days ÷ 7)". */
  text: string;
}

/** Non-integer times needed before "multiples of 1/7" is taken as evidence (chance: 0.07^10 ≈ 3·10⁻¹²). */
const MIN_EVIDENCE = 10;

/** The fewest decimals (0–6) that write every value exactly, or null (full precision). */
function decimalsOf(values: readonly Float64Array[]): number | null {
  for (let d = 0; d <= 6; d++) {
    const scale = 10 ** d;
    const fits = values.every((a) =>
      a.every((v) => Math.abs(v * scale - Math.round(v * scale)) <= 1e-9 * Math.max(1, Math.abs(v * scale))),
    );
    if (fits) return d;
  }
  return null;
}

/**
 * The time unit of a summary's times (recency and T), when the values tell it:
 *
 * - given by the user (`given`): stated as given;
 * - every time a whole number of days ÷ 7 (to the rounding of the file's decimals) and at least
 *   10 of them not whole numbers: weeks counted from whole days (`inferred`), as in lifetimes'
 *   and Hardie's weekly summaries (e.g. 38.86 = 272 / 7);
 * - otherwise (all whole numbers — days or weeks? — or continuous times): `unknown`.
 *
 * @example inferTimeUnit([recency, T], undefined).unit // 'week' for CDNOW's 38.86, 30.43, …
 */
export function inferTimeUnit(times: readonly Float64Array[], given: TimeUnit | undefined): UnitStatement {
  if (given) return { unit: given, source: 'given', text: `${given} (as given by --time-unit)` };
  const unknown = (why: string): UnitStatement => ({
    unit: null,
    source: 'unknown',
    text: `unknown (${why})`,
  });
  const decimals = decimalsOf(times);
  if (decimals === 0) return unknown('recency and T are whole numbers: days or weeks?');
  // A time is a whole number of days ÷ 7 when 7 × time is a whole number to the file's rounding
  // (half a unit of its last decimal, times 7), or to 10⁻⁹ relative at full precision.
  const slack = decimals === null ? 0 : 3.5 * 10 ** -decimals;
  let fractional = 0;
  for (const a of times) {
    for (const v of a) {
      const days = v * 7;
      if (Math.abs(days - Math.round(days)) > slack + 1e-9 * Math.max(1, Math.abs(days))) {
        return unknown('recency and T are not whole numbers of days or of days ÷ 7');
      }
      if (!Number.isInteger(v)) fractional++;
    }
  }
  if (fractional < MIN_EVIDENCE) {
    return unknown(`only ${fractional} time(s) are fractions of a week: too few to tell the unit`);
  }
  const rounding = decimals === null ? '' : `, to the file's ${decimals} decimal(s)`;
  return {
    unit: 'week',
    source: 'inferred',
    text: `week (inferred: every recency and T is a whole number of days ÷ 7${rounding})`,
  };
}

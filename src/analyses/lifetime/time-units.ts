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

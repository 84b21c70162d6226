/**
 * From purchase records to the per-customer summary the models fit on (SPEC §4.2), with a
 * calibration/holdout split. Dates are whole day numbers (days since 1970-01-01, see `dayNumber`).
 */
import { ModelInputError } from '../errors.js';
import type { PurchaseModel } from './models.js';

export interface PurchaseRecords {
  customer: ArrayLike<string>;
  /** Day of purchase, as `dayNumber` gives it. */
  day: ArrayLike<number>;
  amount: ArrayLike<number>;
}

export interface SummaryOptions {
  /** Last day of the calibration period (inclusive). */
  calibrationEnd: number;
  /** Last day of the holdout period (inclusive); omit for no holdout. */
  holdoutEnd?: number;
  /** Days per time unit of the summary: 1 (days) or 7 (weeks). */
  daysPerUnit: number;
}

export interface CustomerSummary {
  customerId: string[];
  /** x: repeat purchase days in calibration. */
  frequency: Float64Array;
  /** t_x: first to last purchase day in calibration, in units. */
  recency: Float64Array;
  /** T: first purchase to calibration end, in units. */
  T: Float64Array;
  /** Mean spend of the repeat purchase days (0 when x = 0). */
  monetary: Float64Array;
  /** Purchase days in the holdout period (when holdoutEnd is given). */
  holdoutFrequency?: Float64Array;
  /** Spend in the holdout period. */
  holdoutSpend?: Float64Array;
  /** Holdout length in units. */
  holdoutLength?: number;
}

const MS_PER_DAY = 86_400_000;

/**
 * Whole days since 1970-01-01 of an ISO date (`YYYY-MM-DD`, time part ignored) or a compact `YYYYMMDD`.
 * @example dayNumber('1970-01-02') // 1
 */
export function dayNumber(date: string): number {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(date);
  if (!m) throw new ModelInputError(`not a date: "${date}" (expected YYYY-MM-DD)`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new ModelInputError(`impossible date: "${date}"`);
  }
  return t / MS_PER_DAY;
}

/**
 * Builds the summary: merges a customer's purchases on the same day (summing the spend), keeps
 * customers whose first purchase is on or before the calibration end, and counts holdout days.
 *
 * @example
 * summarizePurchases(records, { calibrationEnd: dayNumber('1997-09-30'), holdoutEnd: dayNumber('1998-06-30'), daysPerUnit: 7 })
 */
export function summarizePurchases(records: PurchaseRecords, options: SummaryOptions): CustomerSummary {
  const n = records.customer.length;
  if (records.day.length !== n || records.amount.length !== n) {
    throw new ModelInputError('customer, day and amount differ in length');
  }
  const { calibrationEnd, holdoutEnd, daysPerUnit } = options;
  const ids = new Map<string, number>();
  const cust = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const day = records.day[i];
    if (!Number.isInteger(day))
      throw new ModelInputError(`row ${i + 1}: day ${day} is not a whole day number`);
    if (!Number.isFinite(records.amount[i]))
      throw new ModelInputError(`row ${i + 1}: amount is not a number`);
    let c = ids.get(records.customer[i]);
    if (c === undefined) {
      c = ids.size;
      ids.set(records.customer[i], c);
    }
    cust[i] = c;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (i, j) => cust[i] - cust[j] || records.day[i] - records.day[j],
  );
  const names = [...ids.keys()];
  const out = {
    customerId: [] as string[],
    frequency: [] as number[],
    recency: [] as number[],
    T: [] as number[],
    monetary: [] as number[],
    holdoutFrequency: [] as number[],
    holdoutSpend: [] as number[],
  };
  let k = 0;
  while (k < n) {
    const c = cust[order[k]];
    let first = Number.NaN;
    let last = Number.NaN;
    let days = 0;
    let repeatSpend = 0;
    let hDays = 0;
    let hSpend = 0;
    while (k < n && cust[order[k]] === c) {
      const day = records.day[order[k]];
      let spend = 0;
      while (k < n && cust[order[k]] === c && records.day[order[k]] === day)
        spend += records.amount[order[k++]];
      if (day <= calibrationEnd) {
        if (days === 0) first = day;
        else repeatSpend += spend;
        last = day;
        days++;
      } else if (holdoutEnd !== undefined && day <= holdoutEnd) {
        hDays++;
        hSpend += spend;
      }
    }
    if (days === 0) continue;
    out.customerId.push(names[c]);
    out.frequency.push(days - 1);
    out.recency.push((last - first) / daysPerUnit);
    out.T.push((calibrationEnd - first) / daysPerUnit);
    out.monetary.push(days > 1 ? repeatSpend / (days - 1) : 0);
    out.holdoutFrequency.push(hDays);
    out.holdoutSpend.push(hSpend);
  }
  const summary: CustomerSummary = {
    customerId: out.customerId,
    frequency: Float64Array.from(out.frequency),
    recency: Float64Array.from(out.recency),
    T: Float64Array.from(out.T),
    monetary: Float64Array.from(out.monetary),
  };
  if (holdoutEnd !== undefined) {
    summary.holdoutFrequency = Float64Array.from(out.holdoutFrequency);
    summary.holdoutSpend = Float64Array.from(out.holdoutSpend);
    summary.holdoutLength = (holdoutEnd - calibrationEnd) / daysPerUnit;
  }
  return summary;
}

export interface HoldoutBucket {
  /** Calibration frequency x (the last bucket holds x ≥ this). */
  frequency: number;
  customers: number;
  actual: number;
  predicted: number;
}

/**
 * Actual vs predicted mean holdout purchases per calibration-frequency bucket (0…maxBucket, the
 * last one open-ended), the standard calibration/holdout check of a purchase model.
 */
export function holdoutComparison(model: PurchaseModel, s: CustomerSummary, maxBucket = 7): HoldoutBucket[] {
  if (!s.holdoutFrequency || s.holdoutLength === undefined) {
    throw new ModelInputError('the summary has no holdout period');
  }
  const buckets = Array.from({ length: maxBucket + 1 }, (_, b) => ({
    frequency: b,
    customers: 0,
    actual: 0,
    predicted: 0,
  }));
  for (let i = 0; i < s.frequency.length; i++) {
    const b = buckets[Math.min(s.frequency[i], maxBucket)];
    b.customers++;
    b.actual += s.holdoutFrequency[i];
    b.predicted += model.conditionalExpectedPurchases(s.holdoutLength, s.frequency[i], s.recency[i], s.T[i]);
  }
  return buckets
    .filter((b) => b.customers > 0)
    .map((b) => ({ ...b, actual: b.actual / b.customers, predicted: b.predicted / b.customers }));
}

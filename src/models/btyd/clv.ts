/**
 * Customer lifetime value from a purchase model and a spend per transaction.
 *
 * Time units: the purchase model works in the summary's unit (`unitsPerMonth` of them make a
 * month: 4.345 for weeks, 30.4375 for days … lifetimes uses 4.345 weeks and 30 days).
 */
import type { PurchaseModel } from './models.js';
import { compressRows, type RfmSummary } from './summary.js';

export interface ClvOptions {
  /** Horizon in months. */
  months: number;
  /** Summary time units per month (4.345 for weeks). */
  unitsPerMonth: number;
}

function perUniqueRow(
  summary: RfmSummary,
  spend: ArrayLike<number>,
  f: (x: number, tx: number, T: number) => number,
): Float64Array {
  const c = compressRows([summary.frequency, summary.recency, summary.T]);
  const [x, tx, T] = c.columns;
  const unique = new Float64Array(c.size);
  for (let i = 0; i < c.size; i++) unique[i] = f(x[i], tx[i], T[i]);
  const out = new Float64Array(c.index.length);
  for (let i = 0; i < out.length; i++) out[i] = unique[c.index[i]] * spend[i];
  return out;
}

/**
 * CLV as lifetimes computes it: for each month i = 1…H, spend × (E[Y(i·u)] − E[Y((i−1)·u)])
 * discounted by (1 + monthlyRate)^i, where u = unitsPerMonth.
 *
 * @example clvMonthlySteps(model, summary, spend, { months: 12, unitsPerMonth: 4.345, monthlyRate: 0.01 })
 */
export function clvMonthlySteps(
  model: PurchaseModel,
  summary: RfmSummary,
  spend: ArrayLike<number>,
  options: ClvOptions & { monthlyRate: number },
): Float64Array {
  const { months, unitsPerMonth, monthlyRate } = options;
  return perUniqueRow(summary, spend, (x, tx, T) => {
    let value = 0;
    let previous = 0;
    for (let i = 1; i <= months; i++) {
      const cumulative = model.conditionalExpectedPurchases(i * unitsPerMonth, x, tx, T);
      value += (cumulative - previous) / (1 + monthlyRate) ** i;
      previous = cumulative;
    }
    return value;
  });
}

/**
 * CLV as CLVTools computes it: spend × DERT, the discounted expected residual transactions
 * ∫₀ᴴ e^(−δt) dE[Y(t)] with a continuously compounded annual rate δ (converted to the summary's
 * unit as δ·months-per-unit/12). The integral is a Stieltjes sum over `stepsPerMonth` steps a
 * month with the discount taken at each step's midpoint (error O(δ²Δt²)).
 */
export function clvDiscountedResidual(
  model: PurchaseModel,
  summary: RfmSummary,
  spend: ArrayLike<number>,
  options: ClvOptions & { annualRate: number; stepsPerMonth?: number },
): Float64Array {
  const { months, unitsPerMonth, annualRate } = options;
  const steps = Math.max(1, Math.ceil(months * (options.stepsPerMonth ?? 4)));
  const dt = (months * unitsPerMonth) / steps;
  const ratePerUnit = annualRate / (12 * unitsPerMonth);
  return perUniqueRow(summary, spend, (x, tx, T) => {
    let value = 0;
    let previous = 0;
    for (let k = 1; k <= steps; k++) {
      const cumulative = model.conditionalExpectedPurchases(k * dt, x, tx, T);
      value += (cumulative - previous) * Math.exp(-ratePerUnit * (k - 0.5) * dt);
      previous = cumulative;
    }
    return value;
  });
}

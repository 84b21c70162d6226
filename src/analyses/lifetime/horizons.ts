/**
 * A purchase model's predictions for unique summary rows (issue 7: "predictions are computed once
 * per distinct (x, t_x, T)"): P(alive), E[Y(t) | x, t_x, T] at any horizons, and the discounted
 * expected purchases over a CLV horizon, shared by the value analysis and `clientele predict`.
 *
 * Discounted expected purchases (lifetimes' `customer_lifetime_value` steps, SPEC §4.3) over a
 * horizon of H units, u units a month and a monthly discount rate d: with M = H / u months and
 * n = ⌈M⌉ steps,
 *
 *   Σᵢ₌₁ⁿ (E[Y(tᵢ)] − E[Y(tᵢ₋₁)]) / (1 + d)^eᵢ,  tᵢ = i·u and eᵢ = i for i < n,  tₙ = H and eₙ = M,
 *
 * so a whole number of months is lifetimes' sum exactly and a partial last month counts for what it
 * is (2 weeks: one step to t = 2 weeks discounted by (1 + d)^0.46), never rounded away.
 */
import { clvDiscountedResidual, type PurchaseModel } from '../../models/index.js';
import { horizonKernel } from './horizon-kernels.js';

/** Unique summary rows in the model's time unit. */
export interface SummaryRows {
  size: number;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
}

/** The CLV horizon of the discounted expected purchases. */
export interface ClvHorizon {
  /** Length in the summary's units; need not be a whole number of months. */
  horizon: number;
  /** Summary units in a month. */
  unitsPerMonth: number;
  /** Discount rate per month. */
  monthlyRate: number;
  /**
   * `steps` (default): monthly steps as above. `dert`: CLVTools' discounted expected residual
   * transactions, ∫₀ᴴ e^(−δt) dE[Y(t)] with δ the continuously compounded equivalent of d.
   */
  method?: 'steps' | 'dert';
}

export interface RowPredictions {
  pAlive: Float64Array;
  /** E[Y(t) | x, t_x, T] for each requested horizon, in order. */
  expected: Float64Array[];
  /** Discounted expected purchases over the CLV horizon; null without one. */
  discounted: Float64Array | null;
}

/** Months of a horizon, and the step times and discount exponents of its monthly steps. */
export function monthlySteps(clv: ClvHorizon): { months: number; times: number[]; exponents: number[] } {
  const months = clv.horizon / clv.unitsPerMonth;
  const whole = Math.abs(months - Math.round(months)) <= 1e-9 * Math.max(1, months);
  const n = Math.max(1, whole ? Math.round(months) : Math.ceil(months));
  const times: number[] = [];
  const exponents: number[] = [];
  for (let i = 1; i <= n; i++) {
    times.push(i === n ? clv.horizon : i * clv.unitsPerMonth);
    exponents.push(i === n && !whole ? months : i);
  }
  return { months, times, exponents };
}

/**
 * Predictions for every row, all horizons of a row at once (`horizon-kernels.ts`), into new
 * arrays or those of `into`. E[Y(t)] at a
 * requested horizon equal to a step time of the CLV horizon (e.g. `predict`'s own horizon) is taken
 * from the steps, not computed twice.
 *
 * @example predictRows(model, rows, [39], { horizon: 39, unitsPerMonth: 4.348, monthlyRate: 0.01 })
 */
export function predictRows(
  model: PurchaseModel,
  rows: SummaryRows,
  horizons: readonly number[],
  clv?: ClvHorizon,
  into?: RowPredictions,
): RowPredictions {
  const { size, x, tx, T } = rows;
  const pAlive = into?.pAlive ?? new Float64Array(size);
  const expected = into?.expected ?? horizons.map(() => new Float64Array(size));
  const method = clv?.method ?? 'steps';
  const steps = clv && method === 'steps' ? monthlySteps(clv) : null;
  const stepCount = steps?.times.length ?? 0;
  // Every time E[Y(t)] is wanted at: the steps first, then the horizons that are not a step.
  const times = [...(steps?.times ?? [])];
  const where = horizons.map((h) => {
    const k = times.indexOf(h);
    if (k >= 0) return k;
    times.push(h);
    return times.length - 1;
  });
  const at = Float64Array.from(times);
  const out = new Float64Array(at.length);
  const discounts = (steps?.exponents ?? []).map((e) => (1 + (clv?.monthlyRate ?? 0)) ** e);
  const discounted = clv ? (into?.discounted ?? new Float64Array(size)) : null;
  const kernel = horizonKernel(model);
  for (let i = 0; i < size; i++) {
    pAlive[i] = kernel(x[i], tx[i], T[i], at, out);
    if (discounted && steps) {
      let value = 0;
      let previous = 0;
      for (let k = 0; k < stepCount; k++) {
        value += (out[k] - previous) / discounts[k];
        previous = out[k];
      }
      discounted[i] = value;
    }
    for (let h = 0; h < horizons.length; h++) expected[h][i] = out[where[h]];
  }
  if (clv && method === 'dert') {
    const months = clv.horizon / clv.unitsPerMonth;
    const dert = clvDiscountedResidual(
      model,
      { frequency: x, recency: tx, T },
      new Float64Array(size).fill(1),
      { months, unitsPerMonth: clv.unitsPerMonth, annualRate: 12 * Math.log1p(clv.monthlyRate) },
    );
    discounted?.set(dert);
  }
  return { pAlive, expected, discounted };
}

/**
 * E[Y(t) | x, t_x, T] of one customer at many horizons t at once, sharing the work the horizons
 * have in common (a 12-month CLV needs 12 of them per row; issue 7's target is a million distinct
 * rows in well under a second). The formulas are the models' own (`src/models/btyd/`), regrouped:
 *
 * - BG/NBD and MBG/NBD (shift s = 0 or 1): E[Y(t)] = (a+b+x−1+s)/(a−1) · (1 − q^(r+x) · ₂F₁(r+x,
 *   b+x+s; a+b+x−1+s; z)) · P(alive), q = (α+T)/(α+T+t), z = 1 − q, summed after Euler's
 *   transformation (see bgKernel). The series' term ratios depend on x alone: they are computed
 *   once per distinct x, and each horizon's series is a running product (no division per term);
 *   P(alive) once per row.
 * - Pareto/NBD: E[Y(t)] = (r+x)(β+T)/(α+T) · (1 − ((β+T)/(β+T+t))^(s−1)) / (s−1) · P(alive)
 *   (β+T)·ln(1 + t/(β+T)) at s = 1), P(alive) once per row.
 * - Others (GGom/NBD): the model's function per horizon.
 *
 * Where a series would need more terms than cached (x in the millions, z near 1) the model's own
 * function is used for that horizon. `horizons.test.ts` checks every kernel against the models.
 */
import type { PurchaseModel } from '../../models/index.js';

/** Writes E[Y(times[k]) | x, t_x, T] into out[k] and returns P(alive | x, t_x, T). */
export type HorizonKernel = (
  x: number,
  tx: number,
  T: number,
  times: Float64Array,
  out: Float64Array,
) => number;

/** Most series terms kept per distinct x (grown on demand); beyond, a horizon falls back to the model. */
const MAX_TERMS = 1 << 14;

function generic(model: PurchaseModel): HorizonKernel {
  return (x, tx, T, times, out) => {
    for (let k = 0; k < times.length; k++) out[k] = model.conditionalExpectedPurchases(times[k], x, tx, T);
    return model.probabilityAlive(x, tx, T);
  };
}

/** Σ of the series with term ratios `R` at z, or NaN when `R` has too few terms to converge. */
function seriesSum(R: Float64Array, z: number): number {
  let term = 1;
  let sum = 1;
  for (let j = 0; j < R.length; j++) {
    const step = R[j] * z;
    term *= step;
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * 1e-17 && Math.abs(step) < 1) return sum;
  }
  return Number.NaN;
}

/**
 * BG/NBD and MBG/NBD. With Euler's transformation ₂F₁(A, B; C; z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B;
 * C; z) and C − B = a − 1, the bracket is 1 − q^(a−1)·₂F₁(a+b−1+s−r, a−1; a+b+x−1+s; z): a
 * series whose terms fall like j^(a−2−r−x)·z^j, so a heavy buyer (large x) needs a few terms
 * where the untransformed one needs thousands.
 */
function bgKernel(model: PurchaseModel, shift: number): HorizonKernel {
  const { r, alpha, a, b } = model.params;
  const ratios = new Map<number, Float64Array>();
  const [P, Q] = [a + b - 1 + shift - r, a - 1];
  /** The term ratios of x's series: `size` of them (at most MAX_TERMS). */
  const ratiosOf = (x: number, size: number): Float64Array => {
    const R = new Float64Array(Math.min(size, MAX_TERMS));
    const C = a + b + x - 1 + shift;
    for (let j = 0; j < R.length; j++) R[j] = ((P + j) * (Q + j)) / ((C + j) * (j + 1));
    ratios.set(x, R);
    return R;
  };
  return (x, tx, T, times, out) => {
    const alive = model.probabilityAlive(x, tx, T);
    let R = ratios.get(x) ?? ratiosOf(x, 64);
    const coefficient = (a + b + x - 1 + shift) / (a - 1);
    const C = a + b + x - 1 + shift;
    for (let k = 0; k < times.length; k++) {
      const t = times[k];
      if (t === 0) {
        out[k] = 0;
        continue;
      }
      const z = t / (alpha + T + t);
      // Terms still growing at the last cacheable one (a and b in the billions: the series only
      // turns after about (a−1)·z terms): no sum within MAX_TERMS, so the model's way at once.
      if ((((P + MAX_TERMS) * (Q + MAX_TERMS)) / ((C + MAX_TERMS) * (MAX_TERMS + 1))) * z >= 1) {
        out[k] = model.conditionalExpectedPurchases(t, x, tx, T);
        continue;
      }
      let sum = seriesSum(R, z);
      while (Number.isNaN(sum) && R.length < MAX_TERMS) {
        R = ratiosOf(x, R.length * 4);
        sum = seriesSum(R, z);
      }
      if (!(sum > 0 && sum < 1e250)) {
        // No convergence within MAX_TERMS (z near 1): the model's own way.
        out[k] = model.conditionalExpectedPurchases(t, x, tx, T);
        continue;
      }
      const inner = -Math.expm1((a - 1) * Math.log((alpha + T) / (alpha + T + t)) + Math.log(sum));
      out[k] = coefficient * inner * alive;
    }
    return alive;
  };
}

function pnbdKernel(model: PurchaseModel): HorizonKernel {
  const { r, alpha, s, beta } = model.params;
  return (x, tx, T, times, out) => {
    const alive = model.probabilityAlive(x, tx, T);
    const scale = beta + T;
    const coefficient = ((r + x) * scale) / (alpha + T);
    for (let k = 0; k < times.length; k++) {
      const t = times[k];
      const residual =
        Math.abs(s - 1) < 1e-10
          ? Math.log1p(t / scale)
          : -Math.expm1((s - 1) * Math.log(scale / (scale + t))) / (s - 1);
      out[k] = coefficient * residual * alive;
    }
    return alive;
  };
}

/**
 * The fastest exact kernel for the model.
 *
 * @example const kernel = horizonKernel(model); const pAlive = kernel(2, 30.43, 38.86, times, out);
 */
export function horizonKernel(model: PurchaseModel): HorizonKernel {
  if (model.name === 'bgnbd') return bgKernel(model, 0);
  if (model.name === 'mbgnbd') return bgKernel(model, 1);
  if (model.name === 'pnbd') return pnbdKernel(model);
  return generic(model);
}

/** The model's own function for every horizon (the reference the kernels are checked against). */
export const referenceKernel = generic;

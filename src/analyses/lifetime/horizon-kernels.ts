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

/**
 * The series with term ratios `R` at z1 and at z2 at once (two independent running products the
 * processor overlaps), each stopped where its terms fall below 10⁻¹⁷ of its sum; their sums
 * without the leading 1 go to into[0] and into[1]. False when `R` has too few terms.
 */
function seriesPair(R: Float64Array, z1: number, z2: number, into: Float64Array): boolean {
  let t1 = 1;
  let t2 = 1;
  let s1 = 0;
  let s2 = 0;
  let open1 = true;
  let open2 = true;
  for (let j = 0; j < R.length; j++) {
    const Rj = R[j];
    if (open1) {
      const step = Rj * z1;
      t1 *= step;
      s1 += t1;
      if (Math.abs(t1) < Math.abs(1 + s1) * 1e-17 && Math.abs(step) < 1) open1 = false;
    }
    if (open2) {
      const step = Rj * z2;
      t2 *= step;
      s2 += t2;
      if (Math.abs(t2) < Math.abs(1 + s2) * 1e-17 && Math.abs(step) < 1) open2 = false;
    }
    if (!(open1 || open2)) {
      into[0] = s1;
      into[1] = s2;
      return true;
    }
  }
  return false;
}

/**
 * BG/NBD and MBG/NBD. With Euler's transformation ₂F₁(A, B; C; z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B;
 * C; z) and C − B = a − 1, the bracket is 1 − q^(a−1)·F with F = ₂F₁(a+b−1+s−r, a−1; a+b+x−1+s;
 * z): a series whose terms fall like j^(a−2−r−x)·z^j, so a heavy buyer (large x) needs a few
 * terms where the untransformed one needs thousands. Written as −(E + (1+E)(F−1)) with
 * E = q^(a−1) − 1 from expm1, it costs one logarithm and one exponential per horizon; the
 * horizons' series are summed two at a time.
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
  const sums = new Float64Array(2);
  // The horizons of a row whose series are summed (the others are 0 or the model's own).
  let summed = new Int32Array(0);
  return (x, tx, T, times, out) => {
    const alive = model.probabilityAlive(x, tx, T);
    let R = ratios.get(x) ?? ratiosOf(x, 64);
    const C = a + b + x - 1 + shift;
    const coefficient = (C / (a - 1)) * alive;
    const aT = alpha + T;
    if (summed.length < times.length) summed = new Int32Array(times.length);
    let count = 0;
    for (let k = 0; k < times.length; k++) {
      const t = times[k];
      if (t === 0) out[k] = 0;
      else if (
        (((P + MAX_TERMS) * (Q + MAX_TERMS)) / ((C + MAX_TERMS) * (MAX_TERMS + 1))) * (t / (aT + t)) >=
        1
      ) {
        // Terms still growing at the last cacheable one (a and b in the billions: the series only
        // turns after about (a−1)·z terms): no sum within MAX_TERMS, so the model's way at once.
        out[k] = model.conditionalExpectedPurchases(t, x, tx, T);
      } else summed[count++] = k;
    }
    for (let m = 0; m < count; m += 2) {
      // Two horizons at once (a last odd one paired with z = 0, whose series is 1).
      const t1 = times[summed[m]];
      const t2 = m + 1 < count ? times[summed[m + 1]] : 0;
      let converged = seriesPair(R, t1 / (aT + t1), t2 / (aT + t2), sums);
      while (!converged && R.length < MAX_TERMS) {
        R = ratiosOf(x, R.length * 4);
        converged = seriesPair(R, t1 / (aT + t1), t2 / (aT + t2), sums);
      }
      for (let h = 0; h < 2 && m + h < count; h++) {
        const k = summed[m + h];
        const t = times[k];
        const F1 = sums[h];
        if (!(converged && 1 + F1 > 0 && F1 < 1e250)) {
          // No convergence within MAX_TERMS (z near 1): the model's own way.
          out[k] = model.conditionalExpectedPurchases(t, x, tx, T);
        } else {
          const E = Math.expm1((a - 1) * Math.log(aT / (aT + t)));
          out[k] = -(E + (1 + E) * F1) * coefficient;
        }
      }
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

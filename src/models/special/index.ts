/**
 * Special functions used by the lifetime models.
 *
 * Log-gamma, digamma and trigamma come from the @stdlib packages (well tested, Cephes/Boost accuracy).
 * The Gauss hypergeometric function is our own: the models need it in log space (so that the
 * very large and very small factors around it never overflow, which is what broke lifetimes'
 * Pareto/NBD) and, for Pareto/NBD, together with its parameter derivatives in one pass.
 */
import digammaStd from '@stdlib/math-base-special-digamma';
import gammalnStd from '@stdlib/math-base-special-gammaln';
import trigammaStd from '@stdlib/math-base-special-trigamma';

/** ln Γ(x) for x > 0. @example gammaln(5) // ln 24 */
export const gammaln: (x: number) => number = gammalnStd;

/** ψ(x) = d/dx ln Γ(x). @example digamma(1) // −0.5772… */
export const digamma: (x: number) => number = digammaStd;

/** ψ₁(x) = d²/dx² ln Γ(x). @example trigamma(1) // π²/6 */
export const trigamma: (x: number) => number = trigammaStd;

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). @example Math.exp(lbeta(2, 3)) // 1/12 */
export function lbeta(a: number, b: number): number {
  return gammaln(a) + gammaln(b) - gammaln(a + b);
}

/** ln(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(e^a − e^b) for a ≥ b; −∞ when they are equal. */
export function logSubExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  const d = b - a;
  if (d > 0) throw new RangeError(`logSubExp: ${a} < ${b}`);
  return d === 0 ? Number.NEGATIVE_INFINITY : a + Math.log(-Math.expm1(d));
}

const MAX_TERMS = 2_000_000;

/**
 * ln ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1 by its power series, summed in scaled form so
 * that neither the terms nor the sum overflow. This is the region every BTYD formula needs
 * (z = t/(α+t) and the like). Throws when the series does not converge in 2·10⁶ terms
 * (z within ~10⁻⁵ of 1).
 *
 * @example Math.exp(log2F1(1, 1, 2, 0.5)) // −ln(0.5)/0.5 = 1.386…
 */
export function log2F1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`log2F1: z = ${z} is outside [0, 1)`);
  if (z === 0) return 0;
  // Sum terms relative to a running scale to avoid overflow for huge a·b.
  let logScale = 0;
  let term = 1;
  let sum = 1;
  for (let j = 0; j < MAX_TERMS; j++) {
    term *= ((a + j) * (b + j) * z) / ((c + j) * (j + 1));
    sum += term;
    if (term < sum * 1e-17 && (a + j) * (b + j) * z < (c + j) * (j + 1)) {
      return logScale + Math.log(sum);
    }
    if (sum > 1e250) {
      logScale += Math.log(sum);
      term /= sum;
      sum = 1;
    }
  }
  throw new RangeError(`log2F1(${a}, ${b}; ${c}; ${z}) did not converge`);
}

/** ₂F₁(a, b; c; z) for a, b, c > 0 and 0 ≤ z < 1. @example hyp2f1(1, 1, 2, 0.5) // 1.386… */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  return Math.exp(log2F1(a, b, c, z));
}

export { GL_W, GL_X, gaussLegendre } from './quadrature.js';

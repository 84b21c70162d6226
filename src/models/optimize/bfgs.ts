import { invert, numericHessian } from './derivatives.js';
import { isPositiveDefinite } from './matrix.js';

/**
 * Quasi-Newton minimisation (BFGS with a strong-Wolfe line search, Nocedal & Wright, Alg. 6.1,
 * 3.5 and 3.6). Small dense problems only: the lifetime models have 3–5 parameters.
 */

/** Returns f(x) and writes ∇f(x) into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  /** Stop when max |∂f/∂xᵢ| falls below this. Default 1e-9. */
  gradientTolerance?: number;
  /** Default 500. */
  maxIterations?: number;
  /**
   * Start from the inverse of a finite-difference Hessian at x0 (2n extra gradient calls) instead
   * of a scaled identity: from a good start this turns tens of iterations into a handful.
   */
  hessianAtStart?: boolean;
  /** A known inverse Hessian at (or near) x0, e.g. from a fit of a subsample. */
  initialInverseHessian?: Float64Array;
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** max |∂f/∂xᵢ| at the returned point. */
  gradientNorm: number;
  message: string;
}

const C1 = 1e-4;
const C2 = 0.9;
const MAX_STEP = 2;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * Minimises `f` from `x0`.
 *
 * @example
 * const r = minimize((x, g) => { g[0] = 2 * (x[0] - 3); return (x[0] - 3) ** 2; }, [0]);
 * r.x[0]; // 3
 */
export function minimize(f: Objective, x0: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const tol = options.gradientTolerance ?? 1e-9;
  const maxIter = options.maxIterations ?? 500;
  let evaluations = 0;
  const evaluate = (x: Float64Array, g: Float64Array): number => {
    evaluations++;
    const v = f(x, g);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };

  let x: Float64Array = Float64Array.from(x0);
  let g: Float64Array = new Float64Array(n);
  let fx = evaluate(x, g);
  if (!Number.isFinite(fx)) {
    return {
      x,
      value: fx,
      gradient: g,
      iterations: 0,
      evaluations,
      converged: false,
      gradientNorm: NaN,
      message: 'objective is not finite at the starting point',
    };
  }
  // Inverse Hessian approximation: identity scaled after the first step, or the exact one at x0.
  let H: Float64Array = new Float64Array(n * n);
  for (let i = 0; i < n; i++) H[i * n + i] = 1;
  let first = true;
  if (options.initialInverseHessian && isPositiveDefinite(options.initialInverseHessian, n)) {
    H = Float64Array.from(options.initialInverseHessian);
    first = false;
  } else if (options.hessianAtStart) {
    const Hx = numericHessian((v) => {
      const gv = new Float64Array(n);
      evaluate(v, gv);
      return gv;
    }, x);
    const inv = invert(Hx, n);
    if (inv && isPositiveDefinite(inv, n)) {
      H = inv;
      first = false;
    }
  }
  const p = new Float64Array(n);
  let iterations = 0;
  let message = 'maximum iterations reached';
  let converged = false;

  while (iterations < maxIter) {
    if (maxAbs(g) < tol) {
      converged = true;
      message = 'gradient below tolerance';
      break;
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s -= H[i * n + j] * g[j];
      p[i] = s;
    }
    let slope = dot(p, g);
    if (!(slope < 0)) {
      // Not a descent direction: reset to steepest descent.
      H.fill(0);
      for (let i = 0; i < n; i++) {
        H[i * n + i] = 1;
        p[i] = -g[i];
      }
      slope = dot(p, g);
    }
    if (-slope < 1e-14 * Math.max(1, Math.abs(fx)) && maxAbs(g) < tol * 1e3) {
      // The predicted decrease is below the rounding noise of f: as good as it gets.
      converged = true;
      message = 'at optimum to machine precision';
      break;
    }
    // Trust at most a change of MAX_STEP in any coordinate per iteration (a factor e² on the
    // log-parameters the models use), so the search never wanders into overflow territory.
    const initial = Math.min(first ? Math.min(1, 1 / Math.max(maxAbs(g), 1e-12)) : 1, MAX_STEP / maxAbs(p));
    const step = lineSearch(evaluate, x, fx, g, p, slope, initial, tol);
    iterations++;
    if (!step) {
      // No acceptable step: at the optimum to machine precision, or stuck.
      converged = maxAbs(g) < tol * 1e3;
      message = converged
        ? 'no further decrease possible (at optimum to machine precision)'
        : 'line search failed';
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = step.x[i] - x[i];
      y[i] = step.g[i] - g[i];
    }
    const sy = dot(s, y);
    const decrease = fx - step.f;
    x = step.x;
    g = step.g;
    fx = step.f;
    if (sy > 1e-300) {
      if (first) {
        const scale = sy / dot(y, y);
        for (let i = 0; i < n; i++) H[i * n + i] = scale;
        first = false;
      }
      updateInverseHessian(H, s, y, sy);
    }
    if (decrease <= 1e-16 * Math.max(1, Math.abs(fx)) && maxAbs(g) < tol * 1e3) {
      converged = true;
      message = 'no further decrease possible (at optimum to machine precision)';
      break;
    }
  }
  return { x, value: fx, gradient: g, iterations, evaluations, converged, gradientNorm: maxAbs(g), message };
}

function updateInverseHessian(H: Float64Array, s: Float64Array, y: Float64Array, sy: number): void {
  const n = s.length;
  const rho = 1 / sy;
  const Hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += H[i * n + j] * y[j];
    Hy[i] = v;
  }
  const yHy = dot(y, Hy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      H[i * n + j] += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j];
    }
  }
}

interface Point {
  x: Float64Array;
  f: number;
  g: Float64Array;
  slope: number;
}

/** Relative size of the rounding noise in an objective that sums many terms. */
const NOISE = 1e-13;

function lineSearch(
  evaluate: (x: Float64Array, g: Float64Array) => number,
  x0: Float64Array,
  f0: number,
  _g0: Float64Array,
  p: Float64Array,
  slope0: number,
  initial: number,
  tol: number,
): { x: Float64Array; f: number; g: Float64Array } | null {
  const n = x0.length;
  const noise = NOISE * Math.max(1, Math.abs(f0));
  const at = (alpha: number): Point => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = x0[i] + alpha * p[i];
    const g = new Float64Array(n);
    const f = evaluate(x, g);
    return { x, f, g, slope: Number.isFinite(f) ? dot(g, p) : Number.NaN };
  };
  // A point where the gradient is below the tolerance and the objective no higher than rounding
  // allows is the optimum: taken as it is, whatever the line-search conditions (near the optimum
  // the decrease they ask for is below the rounding noise of a sum over a million rows).
  const optimum = (pt: Point) => Number.isFinite(pt.f) && pt.f <= f0 + noise && maxAbs(pt.g) < tol;
  let prevAlpha = 0;
  let prevF = f0;
  let prevSlope = slope0;
  let alpha = initial;
  for (let i = 0; i < 60; i++) {
    const pt = at(alpha);
    if (optimum(pt)) return pt;
    if (!Number.isFinite(pt.f)) {
      alpha = prevAlpha + (alpha - prevAlpha) * 0.1;
      continue;
    }
    if (pt.f > f0 + C1 * alpha * slope0 || (i > 0 && pt.f >= prevF)) {
      return zoom(at, optimum, noise, f0, slope0, prevAlpha, prevF, prevSlope, alpha, pt.f);
    }
    if (Math.abs(pt.slope) <= -C2 * slope0) return pt;
    if (pt.slope >= 0) return zoom(at, optimum, noise, f0, slope0, alpha, pt.f, pt.slope, prevAlpha, prevF);
    prevAlpha = alpha;
    prevF = pt.f;
    prevSlope = pt.slope;
    alpha *= 2;
  }
  return null;
}

function zoom(
  at: (alpha: number) => Point,
  optimum: (pt: Point) => boolean,
  noise: number,
  f0: number,
  slope0: number,
  lo: number,
  fLo: number,
  slopeLo: number,
  hi: number,
  fHi: number,
): Point | null {
  let best: Point | null = null;
  for (let i = 0; i < 30; i++) {
    // Quadratic interpolation from (lo, fLo, slopeLo) and (hi, fHi), safeguarded to the middle 80 %.
    const d = hi - lo;
    let alpha = lo - (slopeLo * d * d) / (2 * (fHi - fLo - slopeLo * d));
    const a = Math.min(lo, hi);
    const b = Math.max(lo, hi);
    if (!Number.isFinite(alpha) || alpha < a + 0.1 * (b - a) || alpha > b - 0.1 * (b - a))
      alpha = (lo + hi) / 2;
    const pt = at(alpha);
    if (optimum(pt)) return pt;
    if (!Number.isFinite(pt.f) || pt.f > f0 + C1 * alpha * slope0 || pt.f >= fLo) {
      hi = alpha;
      fHi = Number.isFinite(pt.f) ? pt.f : fLo + Math.abs(fLo) + 1;
    } else {
      best = pt;
      if (Math.abs(pt.slope) <= -C2 * slope0) return pt;
      if (pt.slope * (hi - lo) >= 0) {
        hi = lo;
        fHi = fLo;
      }
      lo = alpha;
      fLo = pt.f;
      slopeLo = pt.slope;
    }
    if (Math.abs(hi - lo) < 1e-16 * Math.max(1, Math.abs(lo))) break;
    // What is left of the interval could change the objective by less than its rounding noise.
    if (Math.abs((hi - lo) * slope0) < noise * 1e-3) break;
  }
  return best && best.f < f0 ? best : null;
}

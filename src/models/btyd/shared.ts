/** Pieces shared by the purchase models. */
import type { FitProblem } from '../fit.js';
import { gammaln, gaussLegendre } from '../special/index.js';
import { type BtydData, subsampleBtyd } from './summary.js';

/**
 * Rising sums for integer x = 0…M−1: log[x] = Σ_{k<x} ln(c+k) = ln Γ(c+x) − ln Γ(c) and
 * inv[x] = Σ_{k<x} 1/(c+k) = ψ(c+x) − ψ(c). Exact and cheaper than log-gamma per row.
 */
export function risingSums(c: number, M: number): { log: Float64Array; inv: Float64Array } {
  const log = new Float64Array(M);
  const inv = new Float64Array(M);
  for (let k = 1; k < M; k++) {
    log[k] = log[k - 1] + Math.log(c + k - 1);
    inv[k] = inv[k - 1] + 1 / (c + k - 1);
  }
  return { log, inv };
}

/**
 * Starting values for (r, α) matched to the data's purchase rate, so the fit starts in the right
 * time unit (days or weeks) whatever the data: r ∈ {1, 0.25}, α = r / (mean rate).
 */
export function rateStarts(d: BtydData): { r: number; alpha: number }[] {
  let purchases = 0;
  let exposure = 0;
  for (let i = 0; i < d.size; i++) {
    purchases += d.w[i] * d.x[i];
    exposure += d.w[i] * d.T[i];
  }
  const rate = Math.max(purchases, 0.5) / Math.max(exposure, 1e-12);
  return [1, 0.25].map((r) => ({ r, alpha: r / rate }));
}

/** Computes per unique row and spreads the results back to every input row. */
export function expandToRows<K extends string>(
  d: BtydData,
  f: (x: number, tx: number, T: number) => number[],
  names: K[] = ['pAlive', 'expected'] as K[],
): Record<K, Float64Array> {
  const unique = names.map(() => new Float64Array(d.size));
  for (let i = 0; i < d.size; i++) {
    const v = f(d.x[i], d.tx[i], d.T[i]);
    for (let k = 0; k < names.length; k++) unique[k][i] = v[k];
  }
  const out = {} as Record<K, Float64Array>;
  names.forEach((name, k) => {
    const col = new Float64Array(d.index.length);
    for (let i = 0; i < col.length; i++) col[i] = unique[k][d.index[i]];
    out[name] = col;
  });
  return out;
}

/** Rows above which a fit first runs on a subsample to find its starting values. */
const WARM_UP_ROWS = 20_000;

/** The model's problem on the full data, warmed up on a subsample when the data are large. */
export function withWarmUp<P extends string>(
  d: BtydData,
  problem: (d: BtydData) => FitProblem<P>,
): FitProblem<P> {
  const full = problem(d);
  if (d.size <= WARM_UP_ROWS * 2) return full;
  return { ...full, warmUp: () => problem(subsampleBtyd(d, WARM_UP_ROWS)) };
}

/**
 * P(X(t) = n) for a new customer of a model with Gamma-Poisson purchases (r, α) and a lifetime
 * independent of the purchase rate, with survival S and density f:
 * P = S(t)·NB(n | t) + ∫₀ᵗ f(τ)·NB(n | τ) dτ, NB(n | τ) the probability of n purchases in τ.
 * The integral is smooth and taken by Gauss–Legendre (16 points × 16 panels) in u = ln(c + τ),
 * so that early deaths are resolved; c is the lifetime's scale.
 */
export function purchasesGivenLifetime(
  r: number,
  alpha: number,
  t: number,
  n: number,
  survival: (tau: number) => number,
  density: (tau: number) => number,
  c: number,
): number {
  const lgn = gammaln(r + n) - gammaln(r) - gammaln(n + 1);
  const nb = (tau: number) =>
    tau === 0
      ? n === 0
        ? 1
        : 0
      : Math.exp(lgn + r * Math.log(alpha / (alpha + tau)) + n * Math.log(tau / (alpha + tau)));
  const integrand = (u: number) => {
    const tau = Math.max(Math.exp(u) - c, 0);
    return density(tau) * (c + tau) * nb(tau);
  };
  return survival(t) * nb(t) + gaussLegendre(integrand, Math.log(c), Math.log(c + t), 16);
}

/** Pieces shared by the purchase models. */
import type { FitProblem } from '../fit.js';
import { digamma, gammaln, gaussLegendre, trigamma } from '../special/index.js';
import { type BtydData, subsampleBtyd } from './summary.js';

/** Gaps between consecutive x values above which a rising sum jumps by log-gamma instead of adding terms. */
const JUMP = 64;

/**
 * Rising sums at each distinct x (ascending) plus `offset`: log[j] = Σ_{k<n} ln(c+k) = ln Γ(c+n) − ln Γ(c)
 * and inv[j] = Σ_{k<n} 1/(c+k) = ψ(c+n) − ψ(c), with n = xs[j] + offset, and with `squares`
 * also inv2[j] = Σ_{k<n} 1/(c+k)² = ψ₁(c) − ψ₁(c+n) (for Hessians). Built by adding terms
 * between neighbouring x values and by log-gamma/digamma/trigamma across large gaps, so the cost
 * follows the number of distinct x values, not the largest one (a customer with x = 2,000,000
 * costs one jump, not two million logarithms per evaluation).
 */
export function risingSums(
  c: number,
  xs: ArrayLike<number>,
  offset = 0,
  squares = false,
): { log: Float64Array; inv: Float64Array; inv2: Float64Array } {
  const log = new Float64Array(xs.length);
  const inv = new Float64Array(xs.length);
  const inv2 = new Float64Array(squares ? xs.length : 0);
  let at = 0;
  let L = 0;
  let I = 0;
  let I2 = 0;
  for (let j = 0; j < xs.length; j++) {
    const n = xs[j] + offset;
    if (n - at > JUMP) {
      L = gammaln(c + n) - gammaln(c);
      I = digamma(c + n) - digamma(c);
      if (squares) I2 = trigamma(c) - trigamma(c + n);
      at = n;
    }
    for (; at < n; at++) {
      // c + at, not c + k − 1: adding and removing 1 would wipe out a tiny c (a, b → 0 in BG/NBD).
      const q = 1 / (c + at);
      L += Math.log(c + at);
      I += q;
      I2 += q * q;
    }
    log[j] = L;
    inv[j] = I;
    if (squares) inv2[j] = I2;
  }
  return { log, inv, inv2 };
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

type Side = 'low' | 'high' | undefined;

/**
 * What an optimum at the edge means for a model with purchase rates ~ Gamma(r, α) and drop-out
 * rates ~ Gamma(s, β) (Pareto/NBD): both parameters of a Gamma → ∞ is a rate every customer shares.
 */
export function lifetimeEdgeNote(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  rEdge: Side,
  alphaEdge: Side,
  sEdge: Side,
  betaEdge: Side,
): string | undefined {
  const notes: string[] = [];
  if (rEdge === 'high' && alphaEdge === 'high')
    notes.push(`every customer buys at the same rate r/α = ${(r / alpha).toPrecision(3)}`);
  if (sEdge === 'high' && betaEdge === 'high')
    notes.push(`every customer has the same drop-out rate s/β = ${(s / beta).toPrecision(3)}`);
  else if (sEdge === 'low' || betaEdge === 'high') notes.push('customers practically never drop out');
  return notes.length ? notes.join('; ') : undefined;
}

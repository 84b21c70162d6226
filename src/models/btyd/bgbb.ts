/**
 * BG/BB (Fader, Hardie & Shang 2010) for discrete transaction opportunities (donations, visits
 * per period): in each opportunity an alive customer transacts with probability p ~ Beta(α, β)
 * and, before the next, drops out with probability θ ~ Beta(γ, δ). `frequency` x is the number of
 * opportunities with a transaction, `recency` t_x the index of the last one (0 if none) and
 * `periods` n the number of opportunities observed.
 */
import { ModelInputError } from '../errors.js';
import { type FitOptions, type FitResult, fitMaximumLikelihood } from '../fit.js';
import { gammaln, lbeta, logAddExp } from '../special/index.js';
import { compressRows, validateSummary } from './summary.js';

export type BgBbParamName = 'alpha' | 'beta' | 'gamma' | 'delta';
export type BgBbParams = Record<BgBbParamName, number>;
export const BGBB_PARAMS: readonly BgBbParamName[] = ['alpha', 'beta', 'gamma', 'delta'];

export interface BgBbSummary {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  periods: ArrayLike<number>;
  weights?: ArrayLike<number>;
}

interface BgBbData {
  x: Float64Array;
  tx: Float64Array;
  n: Float64Array;
  w: Float64Array;
  size: number;
  customers: number;
}

function prepare(s: BgBbSummary): BgBbData {
  validateSummary({ frequency: s.frequency, recency: s.recency, T: s.periods, weights: s.weights });
  const bad: number[] = [];
  for (let i = 0; i < s.periods.length; i++) {
    const ok =
      Number.isInteger(s.periods[i]) && Number.isInteger(s.recency[i]) && s.frequency[i] <= s.recency[i];
    if (!ok && bad.push(i) >= 5) break;
  }
  if (bad.length > 0) {
    throw new ModelInputError(
      `BG/BB needs whole-number recency and periods with frequency <= recency (first bad rows: ${bad.map((i) => i + 1).join(', ')})`,
    );
  }
  const c = compressRows([s.frequency, s.recency, s.periods], s.weights);
  const customers = c.weights.reduce((a, b) => a + b, 0);
  return { x: c.columns[0], tx: c.columns[1], n: c.columns[2], w: c.weights, size: c.size, customers };
}

/** ln L(α, β, γ, δ | x, t_x, n) for one customer. */
export function bgbbLogLikelihoodOne(p: BgBbParams, x: number, tx: number, n: number): number {
  const { alpha, beta, gamma, delta } = p;
  const lab = lbeta(alpha, beta);
  const lgd = lbeta(gamma, delta);
  let ll = lbeta(alpha + x, beta + n - x) - lab + lbeta(gamma, delta + n) - lgd;
  for (let i = 0; i < n - tx; i++) {
    ll = logAddExp(ll, lbeta(alpha + x, beta + tx - x + i) - lab + lbeta(gamma + 1, delta + tx + i) - lgd);
  }
  return ll;
}

/**
 * Fits BG/BB by maximum likelihood. The data compress to at most (n+1)² distinct rows, so the
 * gradient is taken by central differences: exact enough and cheaper to maintain than the
 * analytic form over the inner sum.
 *
 * @example fitBgBb({ frequency: [0, 1], recency: [0, 1], periods: [6, 6], weights: [3464, 1091] })
 */
export function fitBgBb(summary: BgBbSummary, options?: FitOptions): FitResult<BgBbParamName> {
  const d = prepare(summary);
  const ll = (q: Float64Array): number => {
    const p = { alpha: q[0], beta: q[1], gamma: q[2], delta: q[3] };
    let sum = 0;
    for (let i = 0; i < d.size; i++) sum += d.w[i] * bgbbLogLikelihoodOne(p, d.x[i], d.tx[i], d.n[i]);
    return sum;
  };
  return fitMaximumLikelihood(
    {
      model: 'bgbb',
      names: BGBB_PARAMS,
      ll,
      customers: d.customers,
      uniqueRows: d.size,
      numericGradient: true,
      starts: [
        [1, 1, 1, 1],
        [0.5, 2, 0.5, 2],
      ],
    },
    options,
  );
}

/** P(alive at opportunity n+1 | x, t_x, n). */
export function bgbbProbabilityAlive(p: BgBbParams, x: number, tx: number, n: number): number {
  const { alpha, beta, gamma, delta } = p;
  const l =
    lbeta(alpha + x, beta + n - x) - lbeta(alpha, beta) + lbeta(gamma, delta + n + 1) - lbeta(gamma, delta);
  return Math.exp(l - bgbbLogLikelihoodOne(p, x, tx, n));
}

/** Expected transactions in the next `future` opportunities given (x, t_x, n). */
export function bgbbConditionalExpectedPurchases(
  p: BgBbParams,
  future: number,
  x: number,
  tx: number,
  n: number,
): number {
  const { alpha, beta, gamma, delta } = p;
  const lead =
    lbeta(alpha + x + 1, beta + n - x) -
    lbeta(alpha, beta) -
    bgbbLogLikelihoodOne(p, x, tx, n) +
    gammaln(gamma + delta) -
    gammaln(1 + delta);
  const tail =
    Math.exp(gammaln(1 + delta + n) - gammaln(gamma + delta + n)) -
    Math.exp(gammaln(1 + delta + n + future) - gammaln(gamma + delta + n + future));
  return Math.exp(lead) * (delta / (gamma - 1)) * tail;
}

/** E[X(n)]: expected transactions of a new customer in n opportunities. */
export function bgbbExpectedPurchases(p: BgBbParams, n: number): number {
  const { alpha, beta, gamma, delta } = p;
  const ratio = Math.exp(
    gammaln(gamma + delta) - gammaln(gamma + delta + n) + gammaln(1 + delta + n) - gammaln(1 + delta),
  );
  return (alpha / (alpha + beta)) * (delta / (gamma - 1)) * (1 - ratio);
}

/** P(X(n) = x): probability that a new customer transacts in exactly x of n opportunities. */
export function bgbbProbabilityOfPurchases(p: BgBbParams, n: number, x: number): number {
  const { alpha, beta, gamma, delta } = p;
  const lab = lbeta(alpha, beta);
  const lgd = lbeta(gamma, delta);
  const lchoose = (a: number, b: number) => gammaln(a + 1) - gammaln(b + 1) - gammaln(a - b + 1);
  let total = Math.exp(lchoose(n, x) + lbeta(alpha + x, beta + n - x) - lab + lbeta(gamma, delta + n) - lgd);
  for (let i = x; i < n; i++) {
    total += Math.exp(
      lchoose(i, x) + lbeta(alpha + x, beta + i - x) - lab + lbeta(gamma + 1, delta + i) - lgd,
    );
  }
  return total;
}

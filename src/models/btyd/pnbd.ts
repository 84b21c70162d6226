/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987): Poisson purchases at rate λ ~ Gamma(r, α)
 * while alive; an exponential lifetime with rate μ ~ Gamma(s, β). The likelihood follows Fader &
 * Hardie's note (2005); the part for customers who died unseen is in pnbd-death.ts, with its
 * analytic gradient. Everything is kept in log space, which removes the overflow of
 * (α + t)^(r+s+x) for heavy buyers.
 */
import { type FitOptions, type FitProblem, type FitResult, fitMaximumLikelihood } from '../fit.js';
import { logAddExp } from '../special/index.js';
import { logDeathTerm } from './pnbd-death.js';
import {
  expandToRows,
  lifetimeEdgeNote,
  purchasesGivenLifetime,
  rateStarts,
  risingSums,
  withWarmUp,
} from './shared.js';
import { type BtydData, prepareBtyd, type RfmSummary } from './summary.js';

export type ParetoNbdParamName = 'r' | 'alpha' | 's' | 'beta';
export type ParetoNbdParams = Record<ParetoNbdParamName, number>;
export const PNBD_PARAMS: readonly ParetoNbdParamName[] = ['r', 'alpha', 's', 'beta'];

const gDeath = new Float64Array(4);

/**
 * Summed log-likelihood of Pareto/NBD; writes ∂LL/∂(r, α, s, β) into `grad`. The factors α^r and
 * β^s are folded into the alive and death terms (α^r(α+T)^(−r) = (1+T/α)^(−r)), so that nothing
 * of size s·ln β cancels when s and β grow together (every customer with the same drop-out rate).
 */
export function pnbdLogLikelihood(d: BtydData, p: Float64Array, grad?: Float64Array): number {
  const [r, alpha, s, beta] = p;
  const lr = risingSums(r, d.xs);
  let ll = 0;
  let g0 = 0;
  let g1 = 0;
  let g2 = 0;
  let g3 = 0;
  for (let i = 0; i < d.size; i++) {
    const x = d.x[i];
    const T = d.T[i];
    const w = d.w[i];
    const k = d.xk[i];
    const laT = Math.log(alpha + T);
    const qa = Math.log1p(T / alpha);
    const qb = Math.log1p(T / beta);
    const alive = -r * qa - x * laT - s * qb;
    const D = logDeathTerm(r, alpha, s, beta, x, d.tx[i], T, gDeath);
    const inner = logAddExp(alive, D);
    ll += w * (lr.log[k] + inner);
    if (grad) {
      const pD = D === Number.NEGATIVE_INFINITY ? 0 : Math.exp(D - inner);
      const pA = 1 - pD;
      g0 += w * (lr.inv[k] - pA * qa + pD * gDeath[0]);
      g1 += w * ((pA * ((r * T) / alpha - x)) / (alpha + T) + pD * gDeath[1]);
      g2 += w * (-pA * qb + pD * gDeath[2]);
      g3 += w * ((pA * s * T) / (beta * (beta + T)) + pD * gDeath[3]);
    }
  }
  if (grad) {
    grad[0] = g0;
    grad[1] = g1;
    grad[2] = g2;
    grad[3] = g3;
  }
  return ll;
}

/**
 * Fits Pareto/NBD by maximum likelihood. β is often weakly identified (large standard error);
 * compare fits by log-likelihood and predictions rather than by β.
 *
 * @example const fit = fitParetoNbd({ frequency, recency, T }); fit.params.s;
 */
export function fitParetoNbd(summary: RfmSummary, options?: FitOptions): FitResult<ParetoNbdParamName> {
  const problem = (d: BtydData): FitProblem<ParetoNbdParamName> => {
    const rate = rateStarts(d);
    let meanT = 0;
    for (let i = 0; i < d.size; i++) meanT += (d.w[i] * d.T[i]) / d.customers;
    return {
      model: 'pnbd',
      names: PNBD_PARAMS,
      ll: (p, g) => pnbdLogLikelihood(d, p, g),
      customers: d.customers,
      uniqueRows: d.size,
      repeatRows: d.repeatRows,
      starts: [
        ...rate.map((q) => [q.r, q.alpha, 1, meanT]),
        ...rate.map((q) => [q.r, q.alpha, 0.5, meanT / 4]),
      ],
      dispersedStarts: rate.flatMap((q) => [
        [q.r, q.alpha, 0.2, meanT / 20],
        [q.r, q.alpha, 4, 4 * meanT],
      ]),
      scales: [1, rate[0].alpha, 1, meanT],
      describeEdge: (p, edge) =>
        lifetimeEdgeNote(p.r, p.alpha, p.s, p.beta, edge.r, edge.alpha, edge.s, edge.beta),
    };
  };
  return fitMaximumLikelihood(withWarmUp(prepareBtyd(summary), problem), options);
}

/** P(alive | x, t_x, T). */
export function pnbdProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const alive = -r * Math.log1p(T / alpha) - x * Math.log(alpha + T) - s * Math.log1p(T / beta);
  const D = logDeathTerm(r, alpha, s, beta, x, tx, T, gDeath);
  return 1 / (1 + Math.exp(D - alive));
}

/** E[X(t)] for a new customer. */
export function pnbdExpectedPurchases(p: ParetoNbdParams, t: number): number {
  const { r, alpha, s, beta } = p;
  return ((r * beta) / alpha) * residualLifetimeFactor(s, beta, t);
}

/** ∫₀ᵗ P(alive at u) du / β-scale: (β/(s−1))(1 − (β/(β+t))^(s−1)), or β ln(1 + t/β) at s = 1. */
function residualLifetimeFactor(s: number, beta: number, t: number): number {
  if (Math.abs(s - 1) < 1e-10) return Math.log1p(t / beta);
  return -Math.expm1((s - 1) * Math.log(beta / (beta + t))) / (s - 1);
}

/** E[Y(t) | x, t_x, T]. */
export function pnbdConditionalExpectedPurchases(
  p: ParetoNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, s, beta } = p;
  return (
    (((r + x) * (beta + T)) / (alpha + T)) *
    residualLifetimeFactor(s, beta + T, t) *
    pnbdProbabilityAlive(p, x, tx, T)
  );
}

/**
 * P(X(t) = n) for a new customer. The lifetime τ is Pareto(s, β) and independent of λ, so
 * P = (β/(β+t))^s·NB(n | t) + ∫₀ᵗ s β^s (β+τ)^(−s−1) NB(n | τ) dτ, with NB(n | τ) the
 * Gamma-Poisson probability of n purchases in τ (see purchasesGivenLifetime).
 */
export function pnbdProbabilityOfPurchases(p: ParetoNbdParams, t: number, n: number): number {
  const { r, alpha, s, beta } = p;
  return purchasesGivenLifetime(
    r,
    alpha,
    t,
    n,
    (tau) => (beta / (beta + tau)) ** s,
    (tau) => (s / beta) * (beta / (beta + tau)) ** (s + 1),
    beta,
  );
}

/** P(alive) and E[Y(t)] for every customer of a summary (computed once per unique row). */
export function pnbdPredict(p: ParetoNbdParams, summary: RfmSummary, t: number) {
  return expandToRows(prepareBtyd(summary), (x, tx, T) => [
    pnbdProbabilityAlive(p, x, tx, T),
    pnbdConditionalExpectedPurchases(p, t, x, tx, T),
  ]);
}

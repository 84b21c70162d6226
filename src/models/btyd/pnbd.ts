/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987): Poisson purchases at rate λ ~ Gamma(r, α)
 * while alive; an exponential lifetime with rate μ ~ Gamma(s, β). The likelihood follows Fader &
 * Hardie's note (2005) with the ₂F₁ written as a power series whose parameter derivatives are
 * summed in the same pass, so the gradient is analytic; everything is kept in log space, which
 * removes the overflow of (α + t)^(r+s+x) for heavy buyers.
 */
import { type FitOptions, type FitProblem, type FitResult, fitMaximumLikelihood } from '../fit.js';
import { logAddExp, logSubExp } from '../special/index.js';
import { expandToRows, purchasesGivenLifetime, rateStarts, risingSums, withWarmUp } from './shared.js';
import { type BtydData, prepareBtyd, type RfmSummary } from './summary.js';

export type ParetoNbdParamName = 'r' | 'alpha' | 's' | 'beta';
export type ParetoNbdParams = Record<ParetoNbdParamName, number>;
export const PNBD_PARAMS: readonly ParetoNbdParamName[] = ['r', 'alpha', 's', 'beta'];

/** ln G and ∂ln G/∂(a, b, z) for G = ₂F₁(a, b; a+1; z), 0 ≤ z < 1. */
interface Series {
  logG: number;
  dA: number;
  dB: number;
  dZ: number;
}

const seriesOut: Series = { logG: 0, dA: 0, dB: 0, dZ: 0 };
const MAX_TERMS = 200_000;

function hypSeries(a: number, b: number, z: number): Series {
  // term_j = a/(a+j) · (b)_j z^j / j!
  let term = 1;
  let sum = 1;
  let sA = 0;
  let sB = 0;
  let sZ = 0;
  let dBj = 0;
  let logScale = 0;
  if (z > 0) {
    let j = 1;
    for (; j < MAX_TERMS; j++) {
      dBj += 1 / (b + j - 1);
      term *= ((a + j - 1) / (a + j)) * ((b + j - 1) / j) * z;
      sum += term;
      sA += term * (1 / a - 1 / (a + j));
      sB += term * dBj;
      sZ += term * j;
      if (term < sum * 1e-17 && (b + j) * z < j + 1) break;
      if (sum > 1e250) {
        logScale += Math.log(sum);
        term /= sum;
        sA /= sum;
        sB /= sum;
        sZ /= sum;
        sum = 1;
      }
    }
    if (j === MAX_TERMS) {
      // z within ~1e-5 of 1: parameters far outside any plausible optimum. NaN makes the
      // optimiser's line search step back instead of spending minutes here.
      seriesOut.logG = seriesOut.dA = seriesOut.dB = seriesOut.dZ = Number.NaN;
      return seriesOut;
    }
  }
  seriesOut.logG = logScale + Math.log(sum);
  seriesOut.dA = sA / sum;
  seriesOut.dB = sB / sum;
  seriesOut.dZ = z > 0 ? sZ / sum / z : (a * b) / (a + 1);
  return seriesOut;
}

/** ln F(t) with F(t) = ₂F₁(·) / (max(α,β) + t)^(r+s+x), and its gradient in (r, α, s, β). */
function logF(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  t: number,
  g: Float64Array,
): number {
  const ap = r + s + x;
  if (alpha >= beta) {
    const mt = alpha + t;
    const z = (alpha - beta) / mt;
    const S = hypSeries(ap, s + 1, z);
    const lm = Math.log(mt);
    g[0] = S.dA - lm;
    g[1] = (S.dZ * (beta + t)) / (mt * mt) - ap / mt;
    g[2] = S.dA + S.dB - lm;
    g[3] = -S.dZ / mt;
    return S.logG - ap * lm;
  }
  const mt = beta + t;
  const z = (beta - alpha) / mt;
  const S = hypSeries(ap, r + x, z);
  const lm = Math.log(mt);
  g[0] = S.dA + S.dB - lm;
  g[1] = -S.dZ / mt;
  g[2] = S.dA - lm;
  g[3] = (S.dZ * (alpha + t)) / (mt * mt) - ap / mt;
  return S.logG - ap * lm;
}

const gTx = new Float64Array(4);
const gT = new Float64Array(4);
const gA0 = new Float64Array(4);

/**
 * ln[(s/(r+s+x)) A₀] — the part of the likelihood for customers who died between t_x and T —
 * with its gradient in `g` (left untouched and −∞ returned when t_x = T).
 */
function logDeathTerm(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  tx: number,
  T: number,
  g: Float64Array,
): number {
  if (tx >= T) return Number.NEGATIVE_INFINITY;
  const lx = logF(r, alpha, s, beta, x, tx, gTx);
  const lT = logF(r, alpha, s, beta, x, T, gT);
  const lA0 = logSubExp(lx, lT);
  if (lA0 === Number.NEGATIVE_INFINITY) return lA0;
  const wx = Math.exp(lx - lA0);
  const wT = Math.exp(lT - lA0);
  const ap = r + s + x;
  for (let k = 0; k < 4; k++) gA0[k] = wx * gTx[k] - wT * gT[k];
  g[0] = gA0[0] - 1 / ap;
  g[1] = gA0[1];
  g[2] = gA0[2] + 1 / s - 1 / ap;
  g[3] = gA0[3];
  return Math.log(s) - Math.log(ap) + lA0;
}

const gDeath = new Float64Array(4);

/** Summed log-likelihood of Pareto/NBD; writes ∂LL/∂(r, α, s, β) into `grad`. */
export function pnbdLogLikelihood(d: BtydData, p: Float64Array, grad?: Float64Array): number {
  const [r, alpha, s, beta] = p;
  const lr = risingSums(r, d.maxX + 1);
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  let ll = 0;
  let g0 = 0;
  let g1 = 0;
  let g2 = 0;
  let g3 = 0;
  for (let i = 0; i < d.size; i++) {
    const x = d.x[i];
    const T = d.T[i];
    const w = d.w[i];
    const rx = r + x;
    const C = lr.log[x] + r * logAlpha + s * logBeta;
    const laT = Math.log(alpha + T);
    const lbT = Math.log(beta + T);
    const B1 = -rx * laT - s * lbT;
    const D = logDeathTerm(r, alpha, s, beta, x, d.tx[i], T, gDeath);
    const inner = logAddExp(B1, D);
    ll += w * (C + inner);
    if (grad) {
      const pD = D === Number.NEGATIVE_INFINITY ? 0 : Math.exp(D - inner);
      const pB = 1 - pD;
      g0 += w * (lr.inv[x] + logAlpha - pB * laT + pD * gDeath[0]);
      g1 += w * (r / alpha - (pB * rx) / (alpha + T) + pD * gDeath[1]);
      g2 += w * (logBeta - pB * lbT + pD * gDeath[2]);
      g3 += w * (s / beta - (pB * s) / (beta + T) + pD * gDeath[3]);
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
      starts: [
        ...rate.map((q) => [q.r, q.alpha, 1, meanT]),
        ...rate.map((q) => [q.r, q.alpha, 0.5, meanT / 4]),
      ],
    };
  };
  return fitMaximumLikelihood(withWarmUp(prepareBtyd(summary), problem), options);
}

/** P(alive | x, t_x, T). */
export function pnbdProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, s, beta } = p;
  const B1 = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
  const D = logDeathTerm(r, alpha, s, beta, x, tx, T, gDeath);
  return 1 / (1 + Math.exp(D - B1));
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

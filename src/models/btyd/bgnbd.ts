/**
 * BG/NBD (Fader, Hardie & Lee 2005) and MBG/NBD (Batislam, Denizel & Filiztekin 2007).
 *
 * Purchases follow a Poisson process at rate λ ~ Gamma(r, α) while the customer is alive; the
 * customer drops out with probability p ~ Beta(a, b) after each purchase (BG/NBD) or also at
 * time zero (MBG/NBD — so one-time buyers can be dead, unlike BG/NBD where P(alive | x = 0) = 1).
 * The two differ only by that extra drop-out opportunity, which `shift` (0 or 1) expresses in
 * every formula below. Time is in the unit of the summary: α is "per that unit".
 */
import {
  type Edges,
  type FitOptions,
  type FitProblem,
  type FitResult,
  fitMaximumLikelihood,
} from '../fit.js';
import { gammaln, hyp2f1, lbeta, log2F1 } from '../special/index.js';
import { bgLikelihood, type Shift } from './bgnbd-likelihood.js';
import { expandToRows, rateStarts, withWarmUp } from './shared.js';
import { type BtydData, prepareBtyd, type RfmSummary } from './summary.js';

export type BgNbdParamName = 'r' | 'alpha' | 'a' | 'b';
export type BgNbdParams = Record<BgNbdParamName, number>;
export const BGNBD_PARAMS: readonly BgNbdParamName[] = ['r', 'alpha', 'a', 'b'];
export type BgVariant = 'bgnbd' | 'mbgnbd';

const shiftOf = (v: BgVariant): Shift => (v === 'mbgnbd' ? 1 : 0);

/**
 * Summed log-likelihood over prepared data; writes ∂LL/∂(r, α, a, b) into `grad` (see
 * bgnbd-likelihood.ts, which also has the Hessian).
 */
export function bgLogLikelihood(
  variant: BgVariant,
  d: BtydData,
  p: Float64Array,
  grad?: Float64Array,
): number {
  return bgLikelihood(shiftOf(variant), d, p, grad);
}

/**
 * Fits BG/NBD or MBG/NBD by maximum likelihood.
 *
 * @example
 * const fit = fitBg('bgnbd', { frequency, recency, T }); // weeks in → α per week
 * fit.params.r; fit.logLikelihood; fit.converged;
 */
export function fitBg(
  variant: BgVariant,
  summary: RfmSummary,
  options?: FitOptions,
): FitResult<BgNbdParamName> {
  const problem = (d: BtydData): FitProblem<BgNbdParamName> => {
    const rate = rateStarts(d);
    return {
      model: variant,
      names: BGNBD_PARAMS,
      ll: (p, g) => bgLikelihood(shiftOf(variant), d, p, g),
      hessian: (p) => {
        const h = new Float64Array(16);
        bgLikelihood(shiftOf(variant), d, p, undefined, h);
        return h;
      },
      customers: d.customers,
      uniqueRows: d.size,
      repeatRows: d.repeatRows,
      starts: [...rate.map((q) => [q.r, q.alpha, 1, 1]), ...rate.map((q) => [q.r, q.alpha, 0.5, 5])],
      dispersedStarts: rate.flatMap((q) => [
        [q.r, q.alpha, 0.1, 0.3],
        [q.r, q.alpha, 5, 20],
      ]),
      scales: [1, rate[0].alpha, 1, 1],
      describeEdge: describeBgEdge,
    };
  };
  return fitMaximumLikelihood(withWarmUp(prepareBtyd(summary), problem), options);
}

/** What a BG/NBD optimum at the edge of the parameter space says about the customers. */
function describeBgEdge(p: BgNbdParams, edge: Edges<BgNbdParamName>): string | undefined {
  const notes: string[] = [];
  if (edge.r === 'high' && edge.alpha === 'high')
    notes.push(`every customer buys at the same rate r/α = ${(p.r / p.alpha).toPrecision(3)}`);
  const share = (p.a / (p.a + p.b)).toPrecision(3);
  if (edge.a === 'high' && edge.b === 'high')
    notes.push(`every customer has the same drop-out probability a/(a+b) = ${share}`);
  else if (edge.a === 'low' && edge.b === 'low')
    notes.push(`a share a/(a+b) = ${share} of customers drops out at the next purchase, the rest never`);
  else if (edge.a === 'low' || edge.b === 'high') notes.push('customers practically never drop out');
  else if (edge.b === 'low' || edge.a === 'high') notes.push('customers drop out at their next purchase');
  return notes.length ? notes.join('; ') : undefined;
}

/** E[X(t)]: expected purchases of a new customer in a period of length t (summary time unit). */
export function bgExpectedPurchases(variant: BgVariant, p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  if (t === 0) return 0;
  const s = shiftOf(variant);
  const hyp = hyp2f1(r, b + s, a + b - 1 + s, t / (alpha + t));
  const coefficient = variant === 'mbgnbd' ? b / (a - 1) : (a + b - 1) / (a - 1);
  return coefficient * (1 - (alpha / (alpha + t)) ** r * hyp);
}

/** P(alive | x, t_x, T). */
export function bgProbabilityAlive(
  variant: BgVariant,
  p: BgNbdParams,
  x: number,
  tx: number,
  T: number,
): number {
  const s = shiftOf(variant);
  if (x + s === 0) return 1;
  const { r, alpha, a, b } = p;
  const logOdds = Math.log(a / (b + (x + s - 1))) + (r + x) * Math.log((alpha + T) / (alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/** E[Y(t) | x, t_x, T]: expected purchases in the next t time units given this history. */
export function bgConditionalExpectedPurchases(
  variant: BgVariant,
  p: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const { r, alpha, a, b } = p;
  if (t === 0) return 0;
  const s = shiftOf(variant);
  const logHyp = log2F1(r + x, b + x + s, a + b + x - 1 + s, t / (alpha + T + t));
  const inner = -Math.expm1(logHyp + (r + x) * Math.log((alpha + T) / (alpha + T + t)));
  return ((a + b + x - 1 + s) / (a - 1)) * inner * bgProbabilityAlive(variant, p, x, tx, T);
}

/**
 * P(X(t) = n): probability that a new customer makes n purchases in a period of length t.
 * Alive after all n purchases and exactly n of the latent process, or dropped out after the n-th.
 */
export function bgProbabilityOfPurchases(variant: BgVariant, p: BgNbdParams, t: number, n: number): number {
  const { r, alpha, a, b } = p;
  const s = shiftOf(variant);
  const lbab = lbeta(a, b);
  const logPa = r * Math.log(alpha / (alpha + t));
  const logPt = Math.log(t / (alpha + t));
  const negBin = (j: number) => Math.exp(gammaln(r + j) - gammaln(r) - gammaln(j + 1) + logPa + j * logPt);
  const alive = Math.exp(lbeta(a, b + n + s) - lbab) * negBin(n);
  if (n + s === 0) return alive;
  let below = 0;
  for (let j = 0; j < n; j++) below += negBin(j);
  return alive + Math.exp(lbeta(a + 1, b + n + s - 1) - lbab) * (1 - below);
}

/** P(alive) and E[Y(t)] for every customer of a summary (computed once per unique row). */
export function bgPredict(variant: BgVariant, p: BgNbdParams, summary: RfmSummary, t: number) {
  return expandToRows(prepareBtyd(summary), (x, tx, T) => [
    bgProbabilityAlive(variant, p, x, tx, T),
    bgConditionalExpectedPurchases(variant, p, t, x, tx, T),
  ]);
}

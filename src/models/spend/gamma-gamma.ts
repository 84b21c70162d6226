/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"): a customer's spend per
 * transaction is Gamma(p, ν) with ν ~ Gamma(q, γ); fitted on repeat buyers (x > 0) with m the
 * mean spend of their repeat transactions (first purchase excluded), m > 0.
 */

import { compressRows, validateSummary } from '../btyd/summary.js';
import { ModelInputError } from '../errors.js';
import { type FitOptions, type FitResult, fitMaximumLikelihood } from '../fit.js';
import { digamma, gammaln } from '../special/index.js';

export type GammaGammaParamName = 'p' | 'q' | 'gamma';
export type GammaGammaParams = Record<GammaGammaParamName, number>;
export const GG_PARAMS: readonly GammaGammaParamName[] = ['p', 'q', 'gamma'];

export interface SpendSummary {
  frequency: ArrayLike<number>;
  monetary: ArrayLike<number>;
  weights?: ArrayLike<number>;
}

interface SpendData {
  x: Int32Array;
  m: Float64Array;
  logM: Float64Array;
  w: Float64Array;
  size: number;
  customers: number;
  /** Distinct x values present, ascending. */
  xs: Int32Array;
  /** For each row, the index of its x in xs. */
  xi: Int32Array;
}

function prepare(s: SpendSummary): SpendData {
  const n = s.frequency.length;
  const zeros = new Float64Array(n);
  validateSummary(
    {
      frequency: s.frequency,
      recency: zeros,
      T: zeros.map(() => 1),
      monetary: s.monetary,
      weights: s.weights,
    },
    { requireMonetary: true },
  );
  const keep: number[] = [];
  for (let i = 0; i < n; i++) if (s.frequency[i] > 0) keep.push(i);
  if (keep.length === 0)
    throw new ModelInputError('Gamma-Gamma needs repeat buyers (frequency > 0); there are none');
  const c = compressRows(
    [keep.map((i) => s.frequency[i]), keep.map((i) => s.monetary[i])],
    s.weights ? keep.map((i) => s.weights![i]) : undefined,
  );
  const x = Int32Array.from(c.columns[0]);
  const xs = Int32Array.from(new Set(x)).sort();
  const pos = new Map<number, number>();
  xs.forEach((v, i) => pos.set(v, i));
  return {
    x,
    m: c.columns[1],
    logM: c.columns[1].map(Math.log),
    w: c.weights,
    size: c.size,
    customers: c.weights.reduce((a, b) => a + b, 0),
    xs,
    xi: x.map((v) => pos.get(v)!),
  };
}

function logLikelihood(d: SpendData, theta: Float64Array, grad?: Float64Array): number {
  const [p, q, g] = theta;
  const k = d.xs.length;
  // Per distinct x: ln Γ(px+q) − ln Γ(px) + px ln x, and the digamma terms of the gradient.
  const constX = new Float64Array(k);
  const dpX = new Float64Array(k);
  const dqX = new Float64Array(k);
  const logX = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    const x = d.xs[j];
    logX[j] = Math.log(x);
    constX[j] = gammaln(p * x + q) - gammaln(p * x) + p * x * logX[j];
    if (grad) {
      const psiAll = digamma(p * x + q);
      dpX[j] = x * (psiAll - digamma(p * x) + logX[j]);
      dqX[j] = psiAll;
    }
  }
  const common = -gammaln(q) + q * Math.log(g);
  const psiQ = grad ? digamma(q) : 0;
  const logG = Math.log(g);
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < d.size; i++) {
    const j = d.xi[i];
    const x = d.x[i];
    const w = d.w[i];
    const px = p * x;
    const denom = g + d.m[i] * x;
    const lDen = Math.log(denom);
    ll += w * (constX[j] + common + (px - 1) * d.logM[i] - (px + q) * lDen);
    if (grad) {
      gp += w * (dpX[j] + x * d.logM[i] - x * lDen);
      gq += w * (dqX[j] - psiQ + logG - lDen);
      gg += w * (q / g - (px + q) / denom);
    }
  }
  if (grad) {
    grad[0] = gp;
    grad[1] = gq;
    grad[2] = gg;
  }
  return ll;
}

/**
 * Fits Gamma-Gamma on the repeat buyers of a summary (rows with frequency 0 are ignored).
 *
 * @example fitGammaGamma({ frequency, monetary }).params // { p, q, gamma }
 */
export function fitGammaGamma(s: SpendSummary, options?: FitOptions): FitResult<GammaGammaParamName> {
  const d = prepare(s);
  let mean = 0;
  for (let i = 0; i < d.size; i++) mean += (d.w[i] * d.m[i]) / d.customers;
  return fitMaximumLikelihood(
    {
      model: 'gg',
      names: GG_PARAMS,
      ll: (theta, grad) => logLikelihood(d, theta, grad),
      customers: d.customers,
      uniqueRows: d.size,
      starts: [
        [1, 2, mean],
        [5, 4, (mean * 3) / 5],
      ],
    },
    options,
  );
}

/** E[M]: population mean spend per transaction, pγ/(q − 1) (infinite for q ≤ 1). */
export function gammaGammaMeanSpend(params: GammaGammaParams): number {
  const { p, q, gamma } = params;
  return q > 1 ? (p * gamma) / (q - 1) : Number.POSITIVE_INFINITY;
}

/**
 * E[M | x, m]: expected spend per transaction of a customer with x repeat purchases of mean m,
 * a weighted mean of the population mean and m; the population mean for x = 0.
 */
export function gammaGammaConditionalSpend(params: GammaGammaParams, x: number, m: number): number {
  const { p, q } = params;
  const population = gammaGammaMeanSpend(params);
  if (x === 0) return population;
  const weight = (p * x) / (p * x + q - 1);
  return (1 - weight) * population + weight * m;
}

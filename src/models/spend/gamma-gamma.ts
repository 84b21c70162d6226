/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"): a customer's spend per
 * transaction is Gamma(p, ν) with ν ~ Gamma(q, γ); fitted on repeat buyers (x > 0) with m the
 * mean spend of their repeat transactions (first purchase excluded), m > 0.
 */

import { validateSummary } from '../btyd/summary.js';
import { ModelInputError } from '../errors.js';
import { type FitOptions, type FitProblem, type FitResult, fitMaximumLikelihood } from '../fit.js';
import { digamma, gammaln, trigamma } from '../special/index.js';

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
  /** Total weight of the rows with each distinct x. */
  xw: Float64Array;
}

function prepare(s: SpendSummary): SpendData {
  const n = s.frequency.length;
  const zeros = new Float64Array(n);
  validateSummary(
    {
      frequency: s.frequency,
      recency: zeros,
      T: new Float64Array(n).fill(1),
      monetary: s.monetary,
      weights: s.weights,
    },
    { requireMonetary: true },
  );
  let repeaters = 0;
  for (let i = 0; i < n; i++) if (s.frequency[i] > 0) repeaters++;
  if (repeaters === 0)
    throw new ModelInputError('Gamma-Gamma needs repeat buyers (frequency > 0); there are none');
  // Spend is continuous, so rows are kept as they are: compressing would rarely merge any.
  const x = new Int32Array(repeaters);
  const fm = new Float64Array(repeaters);
  const fw = new Float64Array(repeaters);
  for (let i = 0, j = 0; i < n; i++) {
    if (s.frequency[i] > 0) {
      x[j] = s.frequency[i];
      fm[j] = s.monetary[i];
      fw[j++] = s.weights ? s.weights[i] : 1;
    }
  }
  return withSums({ x, m: fm, logM: fm.map(Math.log), w: fw, size: repeaters, ...distinctX(x) });
}

/** Distinct x values (ascending; whole numbers ≥ 1) and each row's index among them. */
function distinctX(x: Int32Array): { xs: Int32Array; xi: Int32Array } {
  let max = 0;
  for (let i = 0; i < x.length; i++) if (x[i] > max) max = x[i];
  if (max > 1 << 22) {
    const xs = Int32Array.from(new Set(x)).sort();
    const pos = new Map<number, number>();
    xs.forEach((v, i) => pos.set(v, i));
    return { xs, xi: x.map((v) => pos.get(v)!) };
  }
  const slot = new Int32Array(max + 1).fill(-1);
  for (let i = 0; i < x.length; i++) slot[x[i]] = 0;
  let K = 0;
  for (let v = 0; v <= max; v++) if (slot[v] === 0) slot[v] = K++;
  const xs = new Int32Array(K);
  for (let v = 0; v <= max; v++) if (slot[v] >= 0) xs[slot[v]] = v;
  const xi = new Int32Array(x.length);
  for (let i = 0; i < x.length; i++) xi[i] = slot[x[i]];
  return { xs, xi };
}

/** The number of customers, in total and with each distinct x. */
function withSums(d: Omit<SpendData, 'customers' | 'xw'>): SpendData {
  let customers = 0;
  const xw = new Float64Array(d.xs.length);
  for (let i = 0; i < d.size; i++) {
    customers += d.w[i];
    xw[d.xi[i]] += d.w[i];
  }
  return { ...d, customers, xw };
}

/** Every k-th row, reweighted to the same total (for warm starts). */
function subsample(d: SpendData, maxRows: number): SpendData {
  const k = Math.ceil(d.size / maxRows);
  const size = Math.ceil(d.size / k);
  const pick = <A extends Float64Array | Int32Array>(a: A): A => a.filter((_, i) => i % k === 0) as A;
  const w = pick(d.w);
  const scale = d.customers / w.reduce((a, b) => a + b, 0);
  return withSums({
    x: pick(d.x),
    m: pick(d.m),
    logM: pick(d.logM),
    w: w.map((v) => v * scale),
    xs: d.xs,
    xi: pick(d.xi),
    size,
  });
}

/**
 * Summed log-likelihood Σ w·[ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + px ln x + (px−1) ln m
 * − (px+q) ln(γ + mx)]; writes its gradient in (p, q, γ) into `grad`. The terms of x alone are
 * built per distinct x and weighted by its customers, leaving one logarithm per row; the rows'
 * terms are summed as they are (small, so the sum keeps its digits).
 */
function logLikelihood(d: SpendData, theta: Float64Array, grad?: Float64Array): number {
  const [p, q, g] = theta;
  const N = d.customers;
  const logG = Math.log(g);
  let ll = N * (q * logG - gammaln(q));
  let gp = 0;
  let gq = N * (logG - (grad ? digamma(q) : 0));
  let gg = (N * q) / g;
  // Per distinct x: ln Γ(px+q) − ln Γ(px) + px ln x, and the digamma terms of the gradient.
  for (let j = 0; j < d.xs.length; j++) {
    const x = d.xs[j];
    const W = d.xw[j];
    const logX = Math.log(x);
    ll += W * (gammaln(p * x + q) - gammaln(p * x) + p * x * logX);
    if (grad) {
      const psiAll = digamma(p * x + q);
      gp += W * x * (psiAll - digamma(p * x) + logX);
      gq += W * psiAll;
    }
  }
  const { x, m, logM, w } = d;
  for (let i = 0; i < d.size; i++) {
    const px = p * x[i];
    const den = g + m[i] * x[i];
    const lDen = Math.log(den);
    ll += w[i] * ((px - 1) * logM[i] - (px + q) * lDen);
    if (grad) {
      gp += w[i] * x[i] * (logM[i] - lDen);
      gq -= w[i] * lDen;
      gg -= (w[i] * (px + q)) / den;
    }
  }
  if (grad) {
    grad[0] = gp;
    grad[1] = gq;
    grad[2] = gg;
  }
  return ll;
}

/** Analytic Hessian of the summed log-likelihood in (p, q, γ). */
function hessian(d: SpendData, theta: Float64Array): Float64Array {
  const [p, q, g] = theta;
  let hpp = 0;
  let hpq = 0;
  let hqq = 0;
  let hpg = 0;
  let hqg = 0;
  let hgg = 0;
  const tri = Float64Array.from(d.xs, (x) => trigamma(p * x + q));
  const triPx = Float64Array.from(d.xs, (x) => trigamma(p * x));
  const triQ = trigamma(q);
  for (let i = 0; i < d.size; i++) {
    const x = d.x[i];
    const w = d.w[i];
    const j = d.xi[i];
    const inv = 1 / (g + d.m[i] * x);
    hpp += w * x * x * (tri[j] - triPx[j]);
    hpq += w * x * tri[j];
    hqq += w * (tri[j] - triQ);
    hpg -= w * x * inv;
    hqg += w * (1 / g - inv);
    hgg += w * (-q / (g * g) + (p * x + q) * inv * inv);
  }
  return Float64Array.from([hpp, hpq, hpg, hpq, hqq, hqg, hpg, hqg, hgg]);
}

/**
 * Summed log-likelihood, its gradient and its Hessian at θ = (p, q, γ) over a summary's repeat
 * buyers (exposed for checks and diagnostics).
 */
export function gammaGammaLikelihood(s: SpendSummary, theta: ArrayLike<number>) {
  const d = prepare(s);
  const t = Float64Array.from(theta);
  const gradient = new Float64Array(3);
  return { logLikelihood: logLikelihood(d, t, gradient), gradient, hessian: hessian(d, t) };
}

/**
 * Fits Gamma-Gamma on the repeat buyers of a summary (rows with frequency 0 are ignored).
 *
 * @example fitGammaGamma({ frequency, monetary }).params // { p, q, gamma }
 */
export function fitGammaGamma(s: SpendSummary, options?: FitOptions): FitResult<GammaGammaParamName> {
  const problem = (d: SpendData): FitProblem<GammaGammaParamName> => {
    let mean = 0;
    for (let i = 0; i < d.size; i++) mean += (d.w[i] * d.m[i]) / d.customers;
    return {
      model: 'gg',
      names: GG_PARAMS,
      ll: (theta, grad) => logLikelihood(d, theta, grad),
      hessian: (theta) => hessian(d, theta),
      customers: d.customers,
      uniqueRows: d.size,
      starts: [
        [1, 2, mean],
        [5, 4, (mean * 3) / 5],
      ],
      dispersedStarts: [
        [0.5, 1.5, mean / 5],
        [20, 10, mean],
      ],
      scales: [1, 1, mean],
    };
  };
  const d = prepare(s);
  const full = problem(d);
  return fitMaximumLikelihood(
    d.size > 40_000 ? { ...full, warmUp: () => problem(subsample(d, 20_000)) } : full,
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

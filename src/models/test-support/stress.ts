/**
 * Stress suite support: random parameter sets across the range the issue names, simulated data
 * big enough to send the fitter through its subsample warm start, and a brute-force optimum to
 * judge each fit against — BFGS from a grid of widely spread starts and from the true
 * parameters, straight on the log-likelihood (none of the fitter's warm start, start order or
 * checks), keeping the best.
 */
import type { BtydData } from '../btyd/summary.js';
import { prepareBtyd } from '../btyd/summary.js';
import type { FitResult } from '../fit.js';
import { minimize } from '../optimize/index.js';
import { type SimulatedSummary, type SimulationModel, simulateSummary } from '../simulate/btyd.js';
import { Random } from '../simulate/random.js';

/** Unique rows above which the fitter warms up on a subsample (see btyd/shared.ts). */
export const WARM_UP_ABOVE = 40_000;

/** How far (absolute log-likelihood) a converged fit may fall short of the brute-force optimum. */
export const LL_TOLERANCE = 1e-3;

export interface StressSet {
  seed: number;
  model: SimulationModel;
  /** Observation window (days): T is uniform on [Tmin, window]. */
  window: number;
  Tmin: number;
  customers: number;
  /** Times rounded to whole days (as day-level data are), else continuous. */
  round: boolean;
  /** Share of customers with a repeat purchase, from a 4,000-customer probe. */
  repeatShare: number;
}

const logUniform = (rng: Random, lo: number, hi: number) =>
  Math.exp(Math.log(lo) + rng.uniform() * Math.log(hi / lo));

/**
 * A random parameter set: r 0.05–5, α 0.5–200 days, and a 0.1–5, b 0.1–20 (BG/NBD, MBG/NBD) or
 * s 0.1–5, β 1–500 days (Pareto/NBD), all log-uniform; windows from 1 week to 3 years. Half the
 * sets are "short": a window of 1–6 weeks and 1–10 % repeat buyers, the regime of the reported
 * false convergences; the others have 1–90 % repeat buyers. Draws outside those shares are
 * rejected and redrawn. 30,000–150,000 customers (25,000–80,000 for the slower Pareto/NBD), so
 * that most continuous-time sets exceed the warm-up threshold; one set in five has day-rounded times.
 */
export function drawStressSet(seed: number, kind: 'bgnbd' | 'mbgnbd' | 'pnbd'): StressSet {
  const rng = new Random(seed);
  for (let attempt = 0; ; attempt++) {
    const short = rng.uniform() < 0.5;
    const r = logUniform(rng, 0.05, 5);
    const alpha = logUniform(rng, 0.5, 200);
    const model: SimulationModel =
      kind === 'pnbd'
        ? { model: 'pnbd', r, alpha, s: logUniform(rng, 0.1, 5), beta: logUniform(rng, 1, 500) }
        : { model: kind, r, alpha, a: logUniform(rng, 0.1, 5), b: logUniform(rng, 0.1, 20) };
    const window = short ? logUniform(rng, 7, 42) : logUniform(rng, 7, 1095);
    const Tmin = window * (0.2 + 0.6 * rng.uniform());
    const customers = Math.round(
      kind === 'pnbd' ? logUniform(rng, 25_000, 80_000) : logUniform(rng, 30_000, 150_000),
    );
    const round = rng.uniform() < 0.2;
    const probe = simulateSummary(seed * 1000 + attempt, 4000, model, { Tmin, Tmax: window });
    let repeaters = 0;
    for (const x of probe.frequency) if (x > 0) repeaters++;
    const repeatShare = repeaters / 4000;
    const ok = repeatShare >= 0.01 && repeatShare <= (short ? 0.1 : 0.9);
    if (ok) return { seed: seed * 1000 + attempt, model, window, Tmin, customers, round, repeatShare };
  }
}

/** The simulated data of a set. */
export function simulateSet(set: StressSet): SimulatedSummary {
  return simulateSummary(set.seed, set.customers, set.model, {
    Tmin: set.Tmin,
    Tmax: set.window,
    round: set.round,
  });
}

/** Summed log-likelihood with its gradient, as the models export it. */
export type ModelLogLikelihood = (d: BtydData, theta: Float64Array, grad: Float64Array) => number;

/**
 * The best optimum BFGS finds from the true parameters and from 3 × 3 widely spread starts:
 * r ∈ {0.1, 0.5, 3} with α matched to the data's purchase rate, times three settings of the
 * drop-out pair (`dropout`, given the mean T).
 */
export function bruteForceOptimum(
  d: BtydData,
  ll: ModelLogLikelihood,
  truth: number[],
  dropout: (meanT: number) => number[][],
): { logLikelihood: number; params: number[] } {
  let purchases = 0;
  let exposure = 0;
  for (let i = 0; i < d.size; i++) {
    purchases += d.w[i] * d.x[i];
    exposure += d.w[i] * d.T[i];
  }
  const rate = Math.max(purchases, 0.5) / exposure;
  const meanT = exposure / d.customers;
  const starts = [truth];
  for (const r of [0.1, 0.5, 3]) for (const pair of dropout(meanT)) starts.push([r, r / rate, ...pair]);
  const k = truth.length;
  const N = d.customers;
  const theta = new Float64Array(k);
  const g = new Float64Array(k);
  const objective = (x: Float64Array, grad: Float64Array) => {
    for (let i = 0; i < k; i++) theta[i] = Math.exp(x[i]);
    const v = -ll(d, theta, g) / N;
    for (let i = 0; i < k; i++) grad[i] = (-g[i] / N) * theta[i];
    return v;
  };
  let best: { value: number; x: ArrayLike<number> } = {
    value: Number.POSITIVE_INFINITY,
    x: new Float64Array(k),
  };
  for (const start of starts) {
    const r = minimize(objective, start.map(Math.log), {
      maxIterations: 3000,
      gradientTolerance: 1e-10,
      hessianAtStart: true,
    });
    if (r.value < best.value) best = r;
  }
  return { logLikelihood: -best.value * N, params: Array.from(best.x, (v) => Math.exp(v)) };
}

export interface StressOutcome {
  set: StressSet;
  uniqueRows: number;
  fit: FitResult;
  bruteForce: number;
  /** Brute-force optimum minus the fit's log-likelihood (> 0: the fit fell short). */
  shortfall: number;
  falseConvergence: boolean;
}

/** Simulates a set, fits it with `fitModel` and judges the fit against the brute-force optimum. */
export function runStressSet(
  set: StressSet,
  fitModel: (s: SimulatedSummary) => FitResult,
  ll: ModelLogLikelihood,
  dropout: (meanT: number) => number[][],
): StressOutcome {
  const s = simulateSet(set);
  const d = prepareBtyd(s);
  const f = fitModel(s);
  const { model: _name, ...truth } = set.model;
  const brute = bruteForceOptimum(d, ll, Object.values(truth), dropout);
  const shortfall = brute.logLikelihood - f.logLikelihood;
  return {
    set,
    uniqueRows: d.size,
    fit: f,
    bruteForce: brute.logLikelihood,
    shortfall,
    falseConvergence: f.converged && shortfall > LL_TOLERANCE,
  };
}

/** One line per set and the counts, for the test log. */
export function stressReport(name: string, outcomes: StressOutcome[]): string {
  const count = (f: (o: StressOutcome) => boolean) => outcomes.filter(f).length;
  const lines = outcomes.map((o) => {
    const p = Object.entries(o.set.model)
      .filter(([k]) => k !== 'model')
      .map(([k, v]) => `${k} ${(v as number).toPrecision(3)}`)
      .join(', ');
    return (
      `${o.set.seed}: ${p}; window ${o.set.window.toFixed(0)} d, ${o.set.customers} customers, ` +
      `${o.uniqueRows} rows, ${(100 * o.set.repeatShare).toFixed(1)} % repeat → ${o.fit.status}` +
      ` (${o.fit.starts} starts, ${o.fit.seconds.toFixed(2)} s), shortfall ${o.shortfall.toExponential(1)}`
    );
  });
  return [
    ...lines,
    `${name}: ${outcomes.length} sets, ${count((o) => o.uniqueRows > WARM_UP_ABOVE)} warm-started; ` +
      `converged ${count((o) => o.fit.status === 'converged')}, boundary ${count((o) => o.fit.status === 'boundary')}, ` +
      `not identified ${count((o) => o.fit.status === 'not_identified')}, not converged ${count((o) => o.fit.status === 'not_converged')}; ` +
      `false convergences ${count((o) => o.falseConvergence)} (tolerance ${LL_TOLERANCE} absolute log-likelihood)`,
  ].join('\n');
}

/**
 * Simulates customers from the purchase models (for parameter-recovery tests, benchmarks and the
 * demo data set). Each customer makes a first purchase at time 0 and is observed until T.
 */
import { Random } from './random.js';

export interface SimulatedCustomer {
  /** Purchase times in [0, T], first at 0. */
  times: number[];
  T: number;
}

export type SimulationModel =
  | { model: 'bgnbd' | 'mbgnbd'; r: number; alpha: number; a: number; b: number }
  | { model: 'pnbd'; r: number; alpha: number; s: number; beta: number };

/** Purchase times of one customer observed for T, drawn from the model's generative story. */
export function simulatePurchaseTimes(rng: Random, m: SimulationModel, T: number): number[] {
  const lambda = rng.gamma(m.r, m.alpha);
  const times = [0];
  if (m.model === 'pnbd') {
    const death = rng.exponential(rng.gamma(m.s, m.beta));
    let t = rng.exponential(lambda);
    while (t <= Math.min(T, death)) {
      times.push(t);
      t += rng.exponential(lambda);
    }
    return times;
  }
  const p = rng.beta(m.a, m.b);
  if (m.model === 'mbgnbd' && rng.uniform() < p) return times;
  let t = rng.exponential(lambda);
  while (t <= T) {
    times.push(t);
    if (rng.uniform() < p) break;
    t += rng.exponential(lambda);
  }
  return times;
}

export interface SimulatedSummary {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetary: Float64Array;
}

/**
 * Summaries of n simulated customers with T drawn uniformly from [Tmin, Tmax] and, optionally,
 * Gamma-Gamma spend (p, q, γ). `round` rounds times to whole units (as day-level data are).
 */
export function simulateSummary(
  seed: number,
  n: number,
  m: SimulationModel,
  opts: { Tmin: number; Tmax: number; round?: boolean; spend?: { p: number; q: number; gamma: number } },
): SimulatedSummary {
  const rng = new Random(seed);
  const out: SimulatedSummary = {
    frequency: new Float64Array(n),
    recency: new Float64Array(n),
    T: new Float64Array(n),
    monetary: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    let T = opts.Tmin + (opts.Tmax - opts.Tmin) * rng.uniform();
    if (opts.round) T = Math.max(1, Math.round(T));
    let times = simulatePurchaseTimes(rng, m, T);
    if (opts.round) {
      // Same-unit purchases merge, as same-day merging does.
      times = [...new Set(times.map((t) => Math.floor(t)))];
    }
    const x = times.length - 1;
    out.frequency[i] = x;
    out.recency[i] = times[x];
    out.T[i] = T;
    if (opts.spend && x > 0) {
      const nu = rng.gamma(opts.spend.q, opts.spend.gamma);
      let total = 0;
      for (let k = 0; k < x; k++) total += rng.gamma(opts.spend.p, nu);
      out.monetary[i] = total / x;
    }
  }
  return out;
}

/** BG/BB customers over n discrete opportunities: frequency, recency (last opportunity with a transaction) and periods. */
export function simulateBgBb(
  seed: number,
  customers: number,
  periods: number,
  p: { alpha: number; beta: number; gamma: number; delta: number },
) {
  const rng = new Random(seed);
  const frequency = new Float64Array(customers);
  const recency = new Float64Array(customers);
  for (let i = 0; i < customers; i++) {
    const buy = rng.beta(p.alpha, p.beta);
    const die = rng.beta(p.gamma, p.delta);
    let x = 0;
    let last = 0;
    for (let t = 1; t <= periods; t++) {
      // A living customer drops out at the start of an opportunity, then transacts or not.
      if (rng.uniform() < die) break;
      if (rng.uniform() < buy) {
        x++;
        last = t;
      }
    }
    frequency[i] = x;
    recency[i] = last;
  }
  return { frequency, recency, periods: new Float64Array(customers).fill(periods) };
}

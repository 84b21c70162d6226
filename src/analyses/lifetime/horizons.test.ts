/**
 * The multi-horizon kernels against the models' own per-horizon functions (a second method), and
 * the monthly steps of a CLV horizon against lifetimes' whole-month steps and a hand computation.
 */
import { describe, expect, it } from 'vitest';
import { clvMonthlySteps, purchaseModel, Random } from '../../models/index.js';
import { horizonKernel, referenceKernel } from './horizon-kernels.js';
import { monthlySteps, predictRows } from './horizons.js';

const MODELS = [
  // CDNOW-like fits in weeks, and a Pareto/NBD with s = 1 exactly (its log1p branch).
  purchaseModel('bgnbd', { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 }),
  purchaseModel('bgnbd', { r: 1.8, alpha: 3.1, a: 2.6, b: 4.2 }),
  purchaseModel('mbgnbd', { r: 0.525, alpha: 6.18, a: 0.891, b: 1.614 }),
  purchaseModel('pnbd', { r: 0.5533, alpha: 10.5802, s: 0.6061, beta: 11.6562 }),
  purchaseModel('pnbd', { r: 0.5533, alpha: 10.5802, s: 1, beta: 11.6562 }),
  purchaseModel('ggomnbd', { r: 0.553, alpha: 10.578, b: 0.0000122, s: 0.606, beta: 11.67 }),
];

/** Customers of every kind: one-time buyers, heavy buyers (x up to 5,000), short and long T. */
function customers(n: number) {
  const rng = new Random(7);
  return Array.from({ length: n }, (_, i) => {
    const T = i % 10 === 0 ? 0.5 + rng.uniform() : 1 + 200 * rng.uniform();
    const x =
      i % 3 === 0 ? 0 : i % 50 === 1 ? Math.floor(5000 * rng.uniform()) : Math.floor(40 * rng.uniform());
    return { x, tx: x === 0 ? 0 : T * rng.uniform(), T };
  });
}

describe('horizon kernels', () => {
  it('give the models’ own E[Y(t)] and P(alive) at every horizon', () => {
    const times = Float64Array.from([0, 0.5, 4.348, 13, 26.1, 52.18, 104, 520]);
    for (const model of MODELS) {
      const [fast, reference] = [horizonKernel(model), referenceKernel(model)];
      const [a, b] = [new Float64Array(times.length), new Float64Array(times.length)];
      let worst = 0;
      for (const c of customers(600)) {
        expect(fast(c.x, c.tx, c.T, times, a)).toBe(reference(c.x, c.tx, c.T, times, b));
        for (let k = 0; k < times.length; k++) {
          worst = Math.max(worst, b[k] === 0 ? Math.abs(a[k]) : Math.abs(a[k] / b[k] - 1));
        }
      }
      // Equal but for rounding: the series are summed differently (after Euler's transformation).
      // The models' own untransformed series loses up to ~1e-10 for heavy buyers (x ≈ 1,500),
      // whose terms grow large before they fall; see the 40-digit check below.
      expect(worst, `${model.name} ${JSON.stringify(model.params)}`).toBeLessThan(1e-9);
    }
  });

  it('give the fixed-dropout limit when a and b run to the billions (dropout not identified)', () => {
    // With a, b → ∞ and p = a/(a+b), ₂F₁(r+x, b+x; a+b+x−1; z) → (1 − (1−p)z)^−(r+x) and
    // (a+b+x−1)/(a−1) → 1/p: E[Y(t)] = (1/p)(1 − (q/(q + p(1−q)))^(r+x)) · P(alive),
    // q = (α+T)/(α+T+t), P(alive) = 1/(1 + [x>0]·p/(1−p)·((α+T)/(α+t_x))^(r+x)).
    const [r, alpha, a, b] = [1.2756, 1.6944, 1.4007e12, 1.1741e13];
    const p = a / (a + b);
    const kernel = horizonKernel(purchaseModel('bgnbd', { r, alpha, a, b }));
    const times = Float64Array.from([4.348, 13, 52.18]);
    const out = new Float64Array(times.length);
    for (const [x, tx, T] of [
      [0, 0, 30],
      [3, 20.5, 40],
      [12, 98, 104],
      [40, 60, 104],
    ]) {
      const alive = 1 / (1 + (x > 0 ? (p / (1 - p)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0));
      expect(kernel(x, tx, T, times, out)).toBeCloseTo(alive, 9);
      times.forEach((t, k) => {
        const q = (alpha + T) / (alpha + T + t);
        const limit = ((1 - (q / (q + p * (1 - q))) ** (r + x)) / p) * alive;
        expect(Math.abs(out[k] / limit - 1), `x=${x} t=${t}`).toBeLessThan(1e-6);
      });
    }
  });

  it('match 40-digit arithmetic for a heavy buyer', () => {
    // BG/NBD with the published CDNOW fit, x = 1469, t_x = 190.4319154221268, T = 192.22124512214214:
    // E[Y(t)] = (a+b+x−1)/(a−1) · (1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; t/(α+T+t)))
    // · P(alive), by mpmath at 40 digits: 0.01013956839128346 at t = 0.5 and 0.08749975345556817
    // at t = 4.348.
    const kernel = horizonKernel(MODELS[0]);
    const out = new Float64Array(2);
    kernel(1469, 190.4319154221268, 192.22124512214214, Float64Array.from([0.5, 4.348]), out);
    expect(out[0] / 0.01013956839128346 - 1).toBeCloseTo(0, 12);
    expect(out[1] / 0.08749975345556817 - 1).toBeCloseTo(0, 12);
  });
});

describe('monthly steps', () => {
  it('steps whole months at i·u and a partial last month at the horizon', () => {
    const u = 30.4375 / 7;
    expect(monthlySteps({ horizon: 12 * u, unitsPerMonth: u, monthlyRate: 0.01 })).toEqual({
      months: 12,
      times: Array.from({ length: 12 }, (_, i) => (i + 1) * u),
      exponents: Array.from({ length: 12 }, (_, i) => i + 1),
    });
    // 2 weeks: one step to t = 2, discounted by 1.01^(2 / 4.3482) = 1.01^0.45996.
    const two = monthlySteps({ horizon: 2, unitsPerMonth: u, monthlyRate: 0.01 });
    expect(two.times).toEqual([2]);
    expect(two.exponents[0]).toBeCloseTo(0.45996, 5);
    // 1.5 months: steps at u and at 1.5·u, discounted by 1.01^1 and 1.01^1.5.
    const half = monthlySteps({ horizon: 1.5 * u, unitsPerMonth: u, monthlyRate: 0.01 });
    expect(half.times).toEqual([u, 1.5 * u]);
    expect(half.exponents).toEqual([1, 1.5]);
  });

  it('equal lifetimes’ whole-month CLV steps, and take E[Y] at the horizon from the steps', () => {
    const rows = customers(300);
    const summary = {
      size: rows.length,
      x: Float64Array.from(rows, (r) => r.x),
      tx: Float64Array.from(rows, (r) => r.tx),
      T: Float64Array.from(rows, (r) => r.T),
    };
    for (const model of MODELS.slice(0, 4)) {
      const u = 4.348;
      const p = predictRows(model, summary, [12 * u, 90 / 7], {
        horizon: 12 * u,
        unitsPerMonth: u,
        monthlyRate: 0.01,
      });
      const lifetimes = clvMonthlySteps(
        model,
        { frequency: summary.x, recency: summary.tx, T: summary.T },
        new Float64Array(rows.length).fill(1),
        { months: 12, unitsPerMonth: u, monthlyRate: 0.01 },
      );
      rows.forEach((r, i) => {
        expect(p.discounted?.[i]).toBeCloseTo(lifetimes[i], 10);
        expect(p.pAlive[i]).toBe(model.probabilityAlive(r.x, r.tx, r.T));
        const e12 = model.conditionalExpectedPurchases(12 * u, r.x, r.tx, r.T);
        const e90 = model.conditionalExpectedPurchases(90 / 7, r.x, r.tx, r.T);
        expect(p.expected[0][i]).toBeCloseTo(e12, 10);
        expect(p.expected[1][i]).toBeCloseTo(e90, 10);
      });
    }
  });
});

describe('predictions on two cores', () => {
  it('give exactly the numbers of one thread (the built worker, on 250,000 rows)', async () => {
    // The worker runs from the build (dist/), as the CLI does; the global setup builds it.
    const built = '../../../dist/analyses/lifetime/parallel.js';
    const { predictRowsInParallel } = (await import(built)) as typeof import('./parallel.js');
    const rng = new Random(11);
    const n = 250_000;
    const rows = { size: n, x: new Float64Array(n), tx: new Float64Array(n), T: new Float64Array(n) };
    for (let i = 0; i < n; i++) {
      rows.T[i] = 27 + 12 * rng.uniform();
      rows.x[i] = i % 2 ? Math.floor(10 * rng.uniform()) : 0;
      rows.tx[i] = rows.x[i] ? rows.T[i] * rng.uniform() : 0;
    }
    const clv = { horizon: 52.18, unitsPerMonth: 30.4375 / 7, monthlyRate: 0.01 };
    const one = predictRows(MODELS[0], rows, [13], clv);
    const two = await predictRowsInParallel(MODELS[0], rows, [13], clv);
    expect(two.pAlive.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(two.pAlive).toEqual(one.pAlive);
    expect(two.expected).toEqual(one.expected);
    expect(two.discounted).toEqual(one.discounted);
  });
});

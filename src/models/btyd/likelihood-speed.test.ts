/**
 * The faster likelihood paths (issue 7, "Speed and memory of the CLI path") against second
 * methods: BG/NBD's per-x sums and its Hessian against the per-customer log-gamma formula and
 * central differences; Pareto/NBD's one-time buyers (their shared F(0) and the tables of series
 * terms) against a direct integration; and the data preparation that skips compression when it
 * cannot pay, and keeps every repeat buyer in the warm-up subsample.
 */
import { describe, expect, it } from 'vitest';
import { gammaln, gaussLegendre, lbeta } from '../special/index.js';
import { cdnowSample } from '../test-support/data.js';
import { bgLikelihood } from './bgnbd-likelihood.js';
import { compressIfWorthwhile, compressRows, duplicateShareBound } from './compress.js';
import { pnbdLogLikelihood } from './pnbd.js';
import { prepareBtyd, subsampleBtyd } from './summary.js';

const sample = cdnowSample();
const withExtreme = {
  frequency: [...sample.frequency, 2_000_000],
  recency: [...sample.recency, 38.5],
  T: [...sample.T, 39],
};

/** BG/NBD (s = 0) or MBG/NBD (s = 1) per customer, straight from the paper's formula. */
function bgByHand(s: 0 | 1, p: number[], x: number, tx: number, T: number): number {
  const [r, alpha, a, b] = p;
  const base = gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + lbeta(a, b + x + s) - lbeta(a, b);
  const alive = -(r + x) * Math.log(alpha + T);
  if (x + s === 0) return base + alive;
  const dropped = Math.log(a) - Math.log(b + x + s - 1) - (r + x) * Math.log(alpha + tx);
  const top = Math.max(alive, dropped);
  return base + top + Math.log(Math.exp(alive - top) + Math.exp(dropped - top));
}

describe('BG/NBD likelihood', () => {
  const points = [
    [0.243, 4.414, 0.793, 2.426],
    [1.7, 30, 0.05, 12],
    [0.02, 0.8, 4, 0.3],
  ];
  for (const s of [0, 1] as const) {
    it(`${s ? 'MBG/NBD' : 'BG/NBD'}: equals the per-customer formula, with an extreme customer`, () => {
      const d = prepareBtyd(withExtreme);
      for (const p of points) {
        let byHand = 0;
        for (let i = 0; i < withExtreme.T.length; i++)
          byHand += bgByHand(s, p, withExtreme.frequency[i], withExtreme.recency[i], withExtreme.T[i]);
        const ll = bgLikelihood(s, d, p);
        expect(Math.abs(ll - byHand)).toBeLessThan(1e-9 * Math.abs(byHand));
      }
    });

    it(`${s ? 'MBG/NBD' : 'BG/NBD'}: the Hessian equals central differences of the gradient`, () => {
      const d = prepareBtyd(sample);
      for (const p of points) {
        const H = new Float64Array(16);
        bgLikelihood(s, d, p, undefined, H);
        for (let j = 0; j < 4; j++) {
          const h = 1e-6 * p[j];
          const [up, down] = [new Float64Array(4), new Float64Array(4)];
          bgLikelihood(
            s,
            d,
            p.map((v, k) => (k === j ? v + h : v)),
            up,
          );
          bgLikelihood(
            s,
            d,
            p.map((v, k) => (k === j ? v - h : v)),
            down,
          );
          for (let i = 0; i < 4; i++) {
            const numeric = (up[i] - down[i]) / (2 * h);
            const scale = Math.sqrt(Math.abs(H[i * 5] * H[j * 5]));
            expect(Math.abs(H[i * 4 + j] - numeric)).toBeLessThan(1e-5 * scale);
            expect(H[i * 4 + j]).toBe(H[j * 4 + i]);
          }
        }
      }
    });
  }
});

describe('Pareto/NBD one-time buyers with α ≫ β', () => {
  it('equal a direct integration of the model, whichever parameter vectors came before', () => {
    // α/β = 16: at τ = 0 the closed form's series argument is 1 − β/α = 0.94 (hundreds of terms,
    // once for all of them); at T it is ~0.6.
    const [alpha, beta] = [41.9, 2.62];
    const T = [18, 35.5, 60, 88];
    const d = prepareBtyd({ frequency: T.map(() => 0), recency: T.map(() => 0), T });
    for (const [r, s] of [
      [0.87, 2.08],
      [0.3, 0.5],
      [0.87, 2.08],
    ]) {
      let byHand = 0;
      for (const t of T) {
        // L = α^r β^s [(α+T)^−r (β+T)^−s + ∫_0^T s (α+τ)^−r (β+τ)^−(s+1) dτ]
        const alive = Math.exp(-r * Math.log1p(t / alpha) - s * Math.log1p(t / beta));
        const died = gaussLegendre(
          (tau) => (s * Math.exp(-r * Math.log1p(tau / alpha) - s * Math.log1p(tau / beta))) / (beta + tau),
          0,
          t,
          200,
        );
        byHand += Math.log(alive + died);
      }
      const ll = pnbdLogLikelihood(d, new Float64Array([r, alpha, s, beta]));
      expect(Math.abs(ll - byHand)).toBeLessThan(1e-11 * Math.abs(byHand));
    }
  });
});

describe('compressing only where it pays', () => {
  const n = 300_000;

  it('keeps rows that hardly repeat as they are, index i → i', () => {
    // Continuous times: every row distinct but one pair in a thousand.
    const x = Float64Array.from({ length: n }, (_, i) => i % 7);
    const T = Float64Array.from(
      { length: n },
      (_, i) => 30 + (((i % 1000 === 1 ? i - 1 : i) * 0.618034) % 10),
    );
    const tx = Float64Array.from(T, (t, i) => (x[i] === 0 ? 0 : t / 2));
    expect(duplicateShareBound([x, tx, T])).toBeLessThan(0.2);
    const c = compressIfWorthwhile([x, tx, T]);
    expect(c.size).toBe(n);
    expect(c.index[12345]).toBe(12345);
    expect(c.columns[2]).toBe(T);
  });

  it('compresses rows that repeat, even when the copies sit next to each other', () => {
    // Each row four times in a row (a file sorted by its values): a stride sample would miss them.
    const T = Float64Array.from({ length: n }, (_, i) => 30 + Math.floor(i / 4) * 1e-4);
    const zeros = new Float64Array(n);
    expect(duplicateShareBound([zeros, zeros, T])).toBeGreaterThan(0.2);
    const c = compressIfWorthwhile([zeros, zeros, T]);
    expect(c.size).toBe(n / 4);
    expect(Array.from(c.weights.subarray(0, 3))).toEqual([4, 4, 4]);
    expect(c.size).toBe(compressRows([zeros, zeros, T]).size);
  });

  it('gives the same likelihood compressed, uncompressed or told it is compressed', () => {
    const p = [0.243, 4.414, 0.793, 2.426];
    const plain = bgLikelihood(0, prepareBtyd(sample), p);
    const c = compressRows([sample.frequency, sample.recency, sample.T]);
    const told = prepareBtyd({
      frequency: c.columns[0],
      recency: c.columns[1],
      T: c.columns[2],
      weights: c.weights,
      compressed: true,
    });
    expect(told.size).toBe(c.size);
    expect(Math.abs(bgLikelihood(0, told, p) / plain - 1)).toBeLessThan(1e-14);
  });
});

describe('warm-up subsample', () => {
  it('keeps every repeat buyer when they are few, and each group its number of customers', () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => (i % 25 === 0 ? 1 + (i % 3) : 0));
    const T = Float64Array.from({ length: n }, (_, i) => 10 + i * 1e-4); // all distinct
    const tx = Float64Array.from(T, (t, i) => (x[i] ? t / 3 : 0));
    const d = prepareBtyd({ frequency: x, recency: tx, T });
    const sub = subsampleBtyd(d, 20_000);
    expect(sub.repeatRows).toBe(d.repeatRows); // 4,000 of 100,000
    // …and every 10th of the 96,000 others (10 = ⌈96,000 / 10,000⌉).
    expect(sub.size).toBe(4000 + 9600);
    let repeatWeight = 0;
    let total = 0;
    for (let i = 0; i < sub.size; i++) {
      total += sub.w[i];
      if (sub.x[i] > 0) repeatWeight += sub.w[i];
    }
    expect(repeatWeight).toBe(4000);
    expect(total).toBeCloseTo(n, 6);
  });
});

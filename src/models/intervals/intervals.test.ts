import { describe, expect, it } from 'vitest';
import { npsInterval, wilsonInterval, Z95 } from './index.js';

describe('wilsonInterval', () => {
  it("matches Newcombe (1998, Stat. Med. 17:857, table II, method 3)'s published Wilson intervals", () => {
    // Published to 4 decimals: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605; 0/20 → 0–0.1611; 1/29 → 0.0061–0.1718.
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [k, n, low, high] of cases) {
      const w = wilsonInterval(k, n)!;
      expect(Math.abs(w.low - low), `${k}/${n} low`).toBeLessThanOrEqual(0.00005 + 1e-12);
      expect(Math.abs(w.high - high), `${k}/${n} high`).toBeLessThanOrEqual(0.00005 + 1e-12);
    }
  });

  it('agrees to 4 decimals with the roots of the score test, solved as a quadratic', () => {
    // The Wilson limits are the π with |p̂ − π| = z·√(π(1 − π)/n), i.e. the roots of
    // (1 + z²/n)·π² − (2p̂ + z²/n)·π + p̂² = 0.
    for (const [k, n] of [
      [3, 7],
      [30, 30],
      [12, 40],
      [599, 1000],
      [1, 2],
    ]) {
      const p = k / n;
      const a = 1 + (Z95 * Z95) / n;
      const b = -(2 * p + (Z95 * Z95) / n);
      const c = p * p;
      const root = Math.sqrt(b * b - 4 * a * c);
      const w = wilsonInterval(k, n)!;
      expect(w.value).toBe(p);
      expect(w.low).toBeCloseTo((-b - root) / (2 * a), 4);
      expect(w.high).toBeCloseTo((-b + root) / (2 * a), 4);
    }
  });

  it('is empty without answers and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(5, 4)).toThrow(/exceed n = 4/);
    expect(() => wilsonInterval(-1, 4)).toThrow(/whole numbers/);
    expect(() => wilsonInterval(1, 2.5)).toThrow(/whole number/);
  });
});

describe('npsInterval', () => {
  it('agrees to 4 decimals with the variance of the per-answer score (+1 promoter, 0 passive, −1 detractor)', () => {
    // An independent route: NPS is the mean of X ∈ {+1, 0, −1}; its standard error is the
    // population standard deviation of the answers' X divided by √n.
    for (const [promoters, passives, detractors] of [
      [50, 30, 20],
      [7, 2, 21],
      [1, 0, 0],
      [13, 13, 4],
      [400, 350, 250],
    ]) {
      const xs = [
        ...Array<number>(promoters).fill(1),
        ...Array<number>(passives).fill(0),
        ...Array<number>(detractors).fill(-1),
      ];
      const n = xs.length;
      const mean = xs.reduce((s, x) => s + x, 0) / n;
      const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
      const half = 1.96 * Math.sqrt(variance / n);
      const r = npsInterval(promoters, detractors, n)!;
      expect(r.value).toBeCloseTo(mean, 12);
      expect(r.low).toBeCloseTo(Math.max(-1, mean - half), 4);
      expect(r.high).toBeCloseTo(Math.min(1, mean + half), 4);
    }
  });

  it('worked example of docs/metrics/satisfaction.md: 50 promoters, 30 passives, 20 detractors', () => {
    // NPS = 0.5 − 0.2 = 0.3; Var = (0.5 + 0.2 − 0.09) / 100 = 0.0061; half-width 1.96 × 0.0781 = 0.1531.
    const r = npsInterval(50, 20, 100)!;
    expect(r.value).toBeCloseTo(0.3, 12);
    expect(r.low).toBeCloseTo(0.1469, 4);
    expect(r.high).toBeCloseTo(0.4531, 4);
  });

  it('stays within −1 … 1, and is a point when all answers are of one kind', () => {
    expect(npsInterval(0, 3, 3)).toEqual({ value: -1, low: -1, high: -1 });
    const r = npsInterval(29, 0, 30)!;
    expect(r.high).toBe(1);
    expect(npsInterval(0, 0, 0)).toBeNull();
    expect(() => npsInterval(3, 3, 5)).toThrow(/exceed/);
  });
});

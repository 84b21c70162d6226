import { describe, expect, it } from 'vitest';
import { readNumericCsv } from '../test-support/data.js';
import {
  bgbbConditionalExpectedPurchases,
  bgbbExpectedPurchases,
  bgbbProbabilityAlive,
  bgbbProbabilityOfPurchases,
  fitBgBb,
} from './bgbb.js';

describe('BG/BB on the donations data (Fader, Hardie & Shang 2010)', () => {
  const d = readNumericCsv('lifetimes/donations.csv');
  const fit = fitBgBb({ frequency: d.frequency, recency: d.recency, periods: d.periods, weights: d.weights });

  it('reproduces the published fit', () => {
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(11104);
    const ref = { alpha: 1.2035, beta: 0.7497, gamma: 0.6568, delta: 2.7838 };
    for (const [k, v] of Object.entries(ref))
      expect(Math.abs(fit.params[k as 'alpha'] / v - 1)).toBeLessThan(1e-3);
    expect(Math.abs(fit.logLikelihood + 33225.58)).toBeLessThan(0.01);
  });

  it('reproduces the published predictions', () => {
    const p = fit.params;
    expect(
      [
        bgbbProbabilityAlive(p, 0, 0, 6),
        bgbbProbabilityAlive(p, 2, 4, 6),
        bgbbProbabilityAlive(p, 6, 6, 6),
      ].map((v) => v.toFixed(2)),
    ).toEqual(['0.11', '0.59', '0.93']);
    let next5 = 0;
    for (let i = 0; i < d.frequency.length; i++)
      next5 += d.weights[i] * bgbbConditionalExpectedPurchases(p, 5, d.frequency[i], d.recency[i], 6);
    expect(next5.toFixed(1)).toBe('12884.2');
    expect((11104 * bgbbProbabilityOfPurchases(p, 6, 0)).toFixed(1)).toBe('3454.9');
    expect((11104 * bgbbProbabilityOfPurchases(p, 6, 6)).toFixed(1)).toBe('1253.1');
  });

  it('P(X(n) = x) sums to one with mean E[X(n)] (second method)', () => {
    let mass = 0;
    let mean = 0;
    for (let x = 0; x <= 6; x++) {
      mass += bgbbProbabilityOfPurchases(fit.params, 6, x);
      mean += x * bgbbProbabilityOfPurchases(fit.params, 6, x);
    }
    expect(mass).toBeCloseTo(1, 12);
    expect(mean).toBeCloseTo(bgbbExpectedPurchases(fit.params, 6), 12);
  });

  it('rejects non-integer periods and frequency above recency', () => {
    expect(() => fitBgBb({ frequency: [2], recency: [1], periods: [6] })).toThrow(
      /frequency <= recency.*rows: 1/,
    );
    expect(() => fitBgBb({ frequency: [1], recency: [1], periods: [6.5] })).toThrow(/whole-number/);
  });
});

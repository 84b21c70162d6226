import { describe, expect, it } from 'vitest';
import { numericGradient } from '../optimize/index.js';
import { cdnowSample, readNumericCsv } from '../test-support/data.js';
import {
  fitGammaGamma,
  gammaGammaConditionalSpend,
  gammaGammaLikelihood,
  gammaGammaMeanSpend,
} from './gamma-gamma.js';

describe('Gamma-Gamma spend model', () => {
  it('reproduces the published CDNOW fit on the 946 repeat buyers', () => {
    const s = cdnowSample();
    const f = fitGammaGamma({ frequency: s.frequency, monetary: s.monetary });
    expect(f.customers).toBe(946);
    expect(f.params.p.toFixed(2)).toBe('6.25');
    expect(f.params.q.toFixed(2)).toBe('3.74');
    expect(f.params.gamma.toFixed(2)).toBe('15.45'); // published 15.44 (rounded from 15.4477)
    expect(Math.abs(f.params.gamma - 15.44)).toBeLessThan(0.01);
    expect(Math.abs(f.logLikelihood + 4055.92)).toBeLessThan(0.01);
  });

  it('conditional expected spend of the first ten customers and E[M] (Hardie)', () => {
    const s = cdnowSample();
    const p = { p: 6.25, q: 3.74, gamma: 15.44 };
    const published = [24.65, 18.91, 35.17, 35.17, 35.17, 71.46, 18.91, 35.17, 27.28, 35.17];
    // Hardie's sheet rounds the monetary values; lifetimes asserts these within 0.1
    published.forEach((v, i) =>
      expect(Math.abs(gammaGammaConditionalSpend(p, s.frequency[i], s.monetary[i]) - v)).toBeLessThan(0.1),
    );
    expect(gammaGammaMeanSpend(p).toFixed(2)).toBe('35.22');
  });

  it('reproduces the cross-checked fits (full cohort without the m = 0 repeater; apparel)', () => {
    const c = readNumericCsv('derived/cdnow_master_summary_39w.csv');
    const keep = Array.from(c.frequency.keys()).filter((i) => c.frequency[i] > 0 && c.monetary_value[i] > 0);
    expect(keep.length).toBe(9450);
    const f = fitGammaGamma({
      frequency: keep.map((i) => c.frequency[i]),
      monetary: keep.map((i) => c.monetary_value[i]),
    });
    expect(Math.abs(f.logLikelihood + 40763.4763)).toBeLessThan(0.01);
    for (const [k, v] of Object.entries({ p: 6.27534, q: 3.62444, gamma: 14.9837 })) {
      expect(Math.abs(f.params[k as 'p'] / v - 1)).toBeLessThan(1e-3);
    }
    const a = readNumericCsv('derived/apparel_summary_104w.csv');
    const fa = fitGammaGamma({ frequency: a.frequency, monetary: a.monetary_value });
    expect(fa.customers).toBe(387);
    expect(Math.abs(fa.logLikelihood + 1670.663)).toBeLessThan(0.01);
    for (const [k, v] of Object.entries({ p: 3.099, q: 5.6537, gamma: 56.504 })) {
      expect(Math.abs(fa.params[k as 'p'] / v - 1)).toBeLessThan(1e-3);
    }
  });

  it('analytic gradient and Hessian agree with finite differences (second method)', () => {
    const s = cdnowSample();
    const data = { frequency: s.frequency, monetary: s.monetary };
    const at = [6, 3.5, 16];
    const exact = gammaGammaLikelihood(data, at);
    const ng = numericGradient((t) => gammaGammaLikelihood(data, t).logLikelihood, at, 1e-6);
    for (let i = 0; i < 3; i++) expect(exact.gradient[i]).toBeCloseTo(ng[i], 3);
    for (let i = 0; i < 3; i++) {
      const row = numericGradient((t) => gammaGammaLikelihood(data, t).gradient[i], at, 1e-6);
      for (let j = 0; j < 3; j++)
        expect(Math.abs(exact.hessian[i * 3 + j] - row[j])).toBeLessThan(
          1e-4 * Math.max(1, Math.abs(row[j])),
        );
    }
  });

  it('L2 penalty: the penalised optimum satisfies ∂LL/∂θ / N = 2λθ and shrinks the parameters', () => {
    const s = cdnowSample();
    const data = { frequency: s.frequency, monetary: s.monetary };
    const plain = fitGammaGamma(data);
    const lambda = 0.01;
    const pen = fitGammaGamma(data, { penalty: lambda });
    expect(pen.converged).toBe(true);
    const theta = [pen.params.p, pen.params.q, pen.params.gamma];
    const { gradient } = gammaGammaLikelihood(data, theta);
    theta.forEach((t, i) => expect(gradient[i] / pen.customers).toBeCloseTo(2 * lambda * t, 5));
    expect(pen.params.gamma).toBeLessThan(plain.params.gamma);
  });

  it('refuses non-positive spend among repeat buyers, naming the rows', () => {
    expect(() => fitGammaGamma({ frequency: [0, 2, 1, 3], monetary: [0, 10, 0, -1] })).toThrow(
      /2 row\(s\) with monetary value <= 0 among repeat buyers \(x > 0\) \(first: row 3, row 4\)/,
    );
  });
});

import { describe, expect, it } from 'vitest';
import { digamma, gammaln, hyp2f1, lbeta, log2F1, logAddExp, logSubExp } from './index.js';

describe('special functions', () => {
  it('log-gamma and log-beta agree with factorials', () => {
    expect(gammaln(5)).toBeCloseTo(Math.log(24), 12);
    expect(Math.exp(lbeta(2, 3))).toBeCloseTo(1 / 12, 14);
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 12);
  });

  it('2F1 matches closed forms', () => {
    // 2F1(1,1;2;z) = −ln(1−z)/z
    for (const z of [0.1, 0.5, 0.9, 0.999]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log1p(-z) / z, 10);
    }
    // 2F1(a,b;b;z) = (1−z)^−a
    expect(hyp2f1(2.5, 3, 3, 0.7)).toBeCloseTo(0.3 ** -2.5, 9);
    // 2F1(1/2,1;3/2;z²) = atanh(z)/z
    expect(hyp2f1(0.5, 1, 1.5, 0.64)).toBeCloseTo(Math.atanh(0.8) / 0.8, 12);
  });

  it('2F1 stays finite in log space where the plain value overflows', () => {
    // (1−z)^−a with a = 800: e^(800·ln 10) overflows a double, its log does not.
    expect(log2F1(800, 5, 5, 0.9)).toBeCloseTo(800 * Math.log(10), 6);
  });

  it('log-add and log-subtract exponentials without overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logSubExp(1000, 1000 + Math.log(0.5))).toBeCloseTo(1000 + Math.log(0.5), 12);
    expect(logSubExp(3, 3)).toBe(Number.NEGATIVE_INFINITY);
  });
});

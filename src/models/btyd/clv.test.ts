import { describe, expect, it } from 'vitest';
import { fitGammaGamma, gammaGammaConditionalSpend } from '../spend/gamma-gamma.js';
import { cdnowSample } from '../test-support/data.js';
import { fitBg } from './bgnbd.js';
import { clvDiscountedResidual, clvMonthlySteps } from './clv.js';
import { purchaseModel } from './models.js';

describe('customer lifetime value', () => {
  const s = cdnowSample();
  const model = purchaseModel('bgnbd', fitBg('bgnbd', s).params);
  const gg = fitGammaGamma({ frequency: s.frequency, monetary: s.monetary });
  const spend = Array.from(s.frequency, (x, i) => gammaGammaConditionalSpend(gg.params, x, s.monetary[i]));

  it('12-month CLV, monthly steps of 4.345 weeks at 1 % a month, matches lifetimes on CDNOW', () => {
    const clv = clvMonthlySteps(model, s, spend, { months: 12, unitsPerMonth: 4.345, monthlyRate: 0.01 });
    const total = clv.reduce((a, b) => a + b, 0);
    expect(total.toFixed(1)).toBe('71509.9');
    expect((total / clv.length).toFixed(2)).toBe('30.34');
  });

  it('without discounting both methods equal spend × E[Y(H)]', () => {
    const steps = clvMonthlySteps(model, s, spend, { months: 12, unitsPerMonth: 4.345, monthlyRate: 0 });
    const dert = clvDiscountedResidual(model, s, spend, { months: 12, unitsPerMonth: 4.345, annualRate: 0 });
    for (const i of [0, 1, 5, 100]) {
      const direct =
        spend[i] * model.conditionalExpectedPurchases(12 * 4.345, s.frequency[i], s.recency[i], s.T[i]);
      expect(steps[i]).toBeCloseTo(direct, 10);
      expect(dert[i]).toBeCloseTo(direct, 10);
    }
  });

  it('continuous discounting: the Stieltjes sum converges to the integral (finer steps agree)', () => {
    const opts = { months: 24, unitsPerMonth: 4.345, annualRate: 0.15 };
    const coarse = clvDiscountedResidual(model, s, spend, { ...opts, stepsPerMonth: 4 });
    const fine = clvDiscountedResidual(model, s, spend, { ...opts, stepsPerMonth: 64 });
    const sum = (a: Float64Array) => a.reduce((x, y) => x + y, 0);
    expect(Math.abs(sum(coarse) / sum(fine) - 1)).toBeLessThan(1e-5);
    // Discounting lowers value: at 15 % a year over two years by less than 15 %.
    const undiscounted = sum(clvDiscountedResidual(model, s, spend, { ...opts, annualRate: 0 }));
    expect(sum(fine)).toBeLessThan(undiscounted);
    expect(sum(fine)).toBeGreaterThan(undiscounted * 0.85);
  });
});

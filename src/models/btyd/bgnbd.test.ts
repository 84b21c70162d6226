import { describe, expect, it } from 'vitest';
import { cdnowSample, cdnowTransactions, readNumericCsv } from '../test-support/data.js';
import {
  bgConditionalExpectedPurchases,
  bgExpectedPurchases,
  bgProbabilityAlive,
  bgProbabilityOfPurchases,
  fitBg,
} from './bgnbd.js';
import { dayNumber, summarizePurchases } from './from-transactions.js';
import { purchaseModel } from './models.js';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('BG/NBD on CDNOW (Fader, Hardie & Lee 2005)', () => {
  const fit = fitBg('bgnbd', cdnowSample());

  it('reproduces the published fit, log-likelihood and standard errors', () => {
    expect(fit.converged).toBe(true);
    const published = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };
    for (const [k, v] of Object.entries(published))
      expect(rel(fit.params[k as keyof typeof published], v)).toBeLessThan(1e-3);
    expect(fit.logLikelihood).toBeCloseTo(-9582.43, 1);
    expect(Math.abs(fit.logLikelihood + 9582.43)).toBeLessThan(0.01);
    expect(fit.stdErrors.r.toFixed(4)).toBe('0.0126');
    expect(fit.stdErrors.alpha.toFixed(3)).toBe('0.378');
    expect(fit.stdErrors.a.toFixed(3)).toBe('0.186');
    expect(fit.stdErrors.b.toFixed(3)).toBe('0.705');
  });

  const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

  it('E[X(t)] matches the published values', () => {
    const times = [0.1429, 1, 3, 31.8571, 32];
    const expected = [0.0078, 0.0532, 0.1506, 1.0405, 1.0437];
    times.forEach((t, i) =>
      expect(bgExpectedPurchases('bgnbd', fit.params, t).toFixed(4)).toBe(expected[i].toFixed(4)),
    );
    // At t = 78 (z = 0.95) the published 1.8576 comes from a spreadsheet whose 2F1 sum is truncated;
    // our value is confirmed below by a second method (Σ n·P(X = n)); the two differ by 4e-4.
    expect(Math.abs(bgExpectedPurchases('bgnbd', fit.params, 78) - 1.8576)).toBeLessThan(5e-4);
  });

  it('E[X(t)] equals Σ n·P(X(t) = n) and the probabilities sum to one (second method)', () => {
    for (const t of [1, 30, 78]) {
      let mass = 0;
      let mean = 0;
      for (let n = 0; n < 3000; n++) {
        const pn = bgProbabilityOfPurchases('bgnbd', p, t, n);
        mass += pn;
        mean += n * pn;
      }
      expect(mass).toBeCloseTo(1, 10);
      expect(mean).toBeCloseTo(bgExpectedPurchases('bgnbd', p, t), 10);
    }
  });

  it('conditional expectation, P(alive) and P(X(t) = n) match the published values', () => {
    expect(bgConditionalExpectedPurchases('bgnbd', p, 39, 2, 30.43, 38.86).toFixed(3)).toBe('1.226');
    expect(bgProbabilityAlive('bgnbd', p, 2, 30.43, 38.86).toFixed(4)).toBe('0.7266');
    expect(bgProbabilityOfPurchases('bgnbd', p, 2, 10).toPrecision(6)).toBe('1.07869e-7');
    expect(bgProbabilityOfPurchases('bgnbd', p, 39, 0).toFixed(7)).toBe('0.5737864');
    const published = [
      0.0019995214, 0.0015170236, 0.001163315, 0.0009003148, 0.0007023638, 0.0005517902, 0.0004361913,
      0.0003467171, 0.0002769613, 0.000222226,
    ];
    published.forEach((v, i) => expect(bgProbabilityOfPurchases('bgnbd', p, 30, 11 + i)).toBeCloseTo(v, 10));
  });

  it('from raw transactions with same-day merging: fit, holdout sums and mean P(alive)', () => {
    const records = cdnowTransactions('lifetimes/CDNOW_sample.txt', 0, 2, false);
    const s = summarizePurchases(records, {
      calibrationEnd: dayNumber('1997-09-30'),
      holdoutEnd: dayNumber('1998-06-30'),
      daysPerUnit: 7,
    });
    expect(s.customerId.length).toBe(2357);
    const raw = fitBg('bgnbd', s);
    expect(Math.abs(raw.logLikelihood + 9582.43)).toBeLessThan(0.01);
    const model = purchaseModel('bgnbd', raw.params);
    let predicted = 0;
    let alive = 0;
    let actual = 0;
    for (let i = 0; i < s.frequency.length; i++) {
      predicted += model.conditionalExpectedPurchases(39, s.frequency[i], s.recency[i], s.T[i]);
      alive += model.probabilityAlive(s.frequency[i], s.recency[i], s.T[i]);
      actual += s.holdoutFrequency![i];
    }
    expect(actual).toBe(1882);
    expect(predicted.toFixed(1)).toBe('1653.4');
    expect((alive / s.frequency.length).toFixed(4)).toBe('0.8134');
  });

  it('reproduces the cross-checked fit on the full 23,570-customer cohort', () => {
    const c = readNumericCsv('derived/cdnow_master_summary_39w.csv');
    const f = fitBg('bgnbd', { frequency: c.frequency, recency: c.recency, T: c.T });
    const ref = { r: 0.251624, alpha: 4.78894, a: 0.72343, b: 2.16108 };
    for (const [k, v] of Object.entries(ref))
      expect(rel(f.params[k as keyof typeof ref], v)).toBeLessThan(1e-3);
    expect(Math.abs(f.logLikelihood + 95368.4439)).toBeLessThan(0.01);
    const model = purchaseModel('bgnbd', f.params);
    let predicted = 0;
    let actual = 0;
    for (let i = 0; i < c.frequency.length; i++) {
      predicted += model.conditionalExpectedPurchases(39, c.frequency[i], c.recency[i], c.T[i]);
      actual += c.holdout_frequency[i];
    }
    expect(actual).toBe(19684);
    expect(predicted.toFixed(1)).toBe('16873.7');
  });

  it('reproduces the cross-checked fit on apparel', () => {
    const c = readNumericCsv('derived/apparel_summary_104w.csv');
    const f = fitBg('bgnbd', { frequency: c.frequency, recency: c.recency, T: c.T });
    const ref = { r: 0.60731, alpha: 20.957, a: 1.2755, b: 8.8608 };
    for (const [k, v] of Object.entries(ref))
      expect(rel(f.params[k as keyof typeof ref], v)).toBeLessThan(1e-3);
    expect(Math.abs(f.logLikelihood + 5857.0197)).toBeLessThan(0.01);
  });
});

describe('MBG/NBD', () => {
  it('reproduces the published CDNOW fit', () => {
    const f = fitBg('mbgnbd', cdnowSample());
    const ref = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
    for (const [k, v] of Object.entries(ref))
      expect(f.params[k as keyof typeof ref].toFixed(3)).toBe(v.toFixed(3));
    expect(Math.abs(f.logLikelihood + 9582.13)).toBeLessThan(0.01);
  });

  it('one-time buyers: certainly alive under BG/NBD, not under MBG/NBD', () => {
    const p = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
    expect(bgProbabilityAlive('bgnbd', p, 0, 0, 38)).toBe(1);
    // MBG/NBD: 1 / (1 + a/b · ((α+T)/α)^r), by hand
    const hand = 1 / (1 + (0.891 / 1.614) * ((6.183 + 38) / 6.183) ** 0.525);
    expect(bgProbabilityAlive('mbgnbd', p, 0, 0, 38)).toBeCloseTo(hand, 12);
    expect(hand).toBeLessThan(0.5);
  });

  it('E[X(t)] equals Σ n·P(X(t) = n)', () => {
    const p = { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 };
    let mass = 0;
    let mean = 0;
    for (let n = 0; n < 3000; n++) {
      const pn = bgProbabilityOfPurchases('mbgnbd', p, 30, n);
      mass += pn;
      mean += n * pn;
    }
    expect(mass).toBeCloseTo(1, 10);
    expect(mean).toBeCloseTo(bgExpectedPurchases('mbgnbd', p, 30), 10);
  });
});

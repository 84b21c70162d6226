import { describe, expect, it } from 'vitest';
import { ModelInputError } from '../errors.js';
import { cdnowTransactions, readNumericCsv } from '../test-support/data.js';
import { fitBg } from './bgnbd.js';
import { dayNumber, holdoutComparison, summarizePurchases } from './from-transactions.js';
import { purchaseModel } from './models.js';
import { compressRows, validateSummary } from './summary.js';

const problemOf = (f: () => void) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ModelInputError)
      return e.problems.map((p) => `${p.rule}: ${p.count} [${p.rows.join(',')}]`);
    throw e;
  }
  return [];
};

describe('summary validation', () => {
  it('names every broken rule with its count and rows', () => {
    const s = {
      frequency: [1, -1, 2.5, 0, 3, 1, Number.NaN, 2],
      recency: [1, 0, 2, 4, 9, 1, 1, 1],
      T: [2, 3, 3, 5, 8, 0, 1, Number.POSITIVE_INFINITY],
    };
    expect(problemOf(() => validateSummary(s))).toEqual([
      'NaN or infinite frequency, recency or T: 2 [6,7]',
      'frequency x < 0 or not a whole number: 2 [1,2]',
      'T <= 0: 1 [5]',
      'recency t_x > T: 2 [4,5]',
      'frequency x = 0 but recency t_x != 0: 1 [3]',
    ]);
    expect(() => validateSummary(s)).toThrow(/invalid customer summary \(8 rows\):\n {2}2 row\(s\) with NaN/);
  });

  it('refuses empty and mismatched input', () => {
    expect(() => validateSummary({ frequency: [], recency: [], T: [] })).toThrow(/no customers/);
    expect(() => validateSummary({ frequency: [1], recency: [1, 2], T: [3] })).toThrow(/differ in length/);
  });

  it('fits refuse invalid data instead of returning nonsense', () => {
    expect(() => fitBg('bgnbd', { frequency: [1, 2], recency: [5, 1], T: [4, 9] })).toThrow(/t_x > T/);
  });
});

describe('compressRows', () => {
  it('merges identical rows with summed weights and maps each row to its unique row', () => {
    const c = compressRows(
      [
        [1, 2, 1, 1, -0],
        [5, 5, 5, 6, 0],
      ],
      [1, 2, 3, 4, 5],
    );
    expect(c.size).toBe(4);
    expect(Array.from(c.weights)).toEqual([4, 2, 4, 5]);
    expect(Array.from(c.index)).toEqual([0, 1, 0, 2, 3]);
  });
});

describe('summary from transactions', () => {
  it('rebuilds the published full-cohort summary from CDNOW_master.txt with same-day merging', () => {
    const records = cdnowTransactions('lifetimes/CDNOW_master.txt', 0, 1, true);
    expect(records.customer.length).toBe(69659);
    const s = summarizePurchases(records, {
      calibrationEnd: dayNumber('1997-09-30'),
      holdoutEnd: dayNumber('1998-06-30'),
      daysPerUnit: 7,
    });
    const ref = readNumericCsv('derived/cdnow_master_summary_39w.csv');
    expect(s.customerId.length).toBe(23570);
    let worst = 0;
    for (let i = 0; i < s.customerId.length; i++) {
      const j = Number(s.customerId[i]) - 1;
      expect(s.frequency[i]).toBe(ref.frequency[j]);
      expect(s.holdoutFrequency![i]).toBe(ref.holdout_frequency[j]);
      worst = Math.max(
        worst,
        Math.abs(s.recency[i] - ref.recency[j]),
        Math.abs(s.T[i] - ref.T[j]),
        Math.abs(s.monetary[i] - ref.monetary_value[j]),
      );
    }
    expect(worst).toBeLessThan(1e-6); // the file has 6 decimals
  });

  it('holdout comparison per calibration-frequency bucket', () => {
    // Three customers by hand: A buys days 0, 7 (cal) and 20 (holdout); B buys day 3 twice; C after calibration.
    const s = summarizePurchases(
      { customer: ['A', 'A', 'A', 'B', 'B', 'C'], day: [0, 7, 20, 3, 3, 15], amount: [10, 20, 5, 1, 2, 9] },
      { calibrationEnd: 14, holdoutEnd: 28, daysPerUnit: 7 },
    );
    expect(s.customerId).toEqual(['A', 'B']);
    expect(Array.from(s.frequency)).toEqual([1, 0]);
    expect(Array.from(s.recency)).toEqual([1, 0]);
    expect(Array.from(s.T)).toEqual([2, 11 / 7]);
    expect(Array.from(s.monetary)).toEqual([20, 0]);
    expect(Array.from(s.holdoutFrequency!)).toEqual([1, 0]);
    expect(s.holdoutLength).toBe(2);
    const model = purchaseModel('bgnbd', { r: 0.5, alpha: 2, a: 1, b: 3 });
    const buckets = holdoutComparison(model, s, 3);
    expect(buckets.map((b) => [b.frequency, b.customers, b.actual])).toEqual([
      [0, 1, 0],
      [1, 1, 1],
    ]);
    expect(buckets[1].predicted).toBeCloseTo(model.conditionalExpectedPurchases(2, 1, 1, 2), 12);
  });

  it('rejects impossible dates', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(() => dayNumber('1997-02-30')).toThrow(/impossible date/);
    expect(() => dayNumber('yesterday')).toThrow(/not a date/);
  });
});

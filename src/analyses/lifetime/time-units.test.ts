/** The time unit of a summary file: given, inferred from whole days ÷ 7, or unknown. */
import { describe, expect, it } from 'vitest';
import { inferTimeUnit, unitsPerMonth } from './time-units.js';

const times = (values: number[]) => [Float64Array.from(values)];

describe('inferTimeUnit', () => {
  it('takes the unit given', () => {
    expect(inferTimeUnit(times([1.5, 2.25]), 'day')).toEqual({
      unit: 'day',
      source: 'given',
      text: 'day (as given by --time-unit)',
    });
  });

  it('infers weeks when every time is a whole number of days ÷ 7 (to the file’s decimals)', () => {
    // 272 / 7 = 38.857… written 38.86, 213 / 7 = 30.43, 12 / 7 = 1.71 …: 10 fractions of a week.
    const weekly = [38.86, 30.43, 1.71, 5, 29.43, 35.71, 0.57, 10.14, 20.29, 3.43, 7.86, 0];
    const r = inferTimeUnit(times(weekly), undefined);
    expect(r.unit).toBe('week');
    expect(r.text).toBe(
      "week (inferred: every recency and T is a whole number of days ÷ 7, to the file's 2 decimal(s))",
    );
    // At full precision too (272 / 7 as a double).
    const exact = weekly.map((w) => Math.round(w * 7) / 7);
    expect(inferTimeUnit(times(exact), undefined).unit).toBe('week');
  });

  it('does not guess: whole numbers, other fractions, or too little evidence are unknown', () => {
    expect(inferTimeUnit(times([272, 213, 12, 0]), undefined)).toEqual({
      unit: null,
      source: 'unknown',
      text: 'unknown (recency and T are whole numbers: days or weeks?)',
    });
    // 38.8 is 271.6 days ÷ 7: not a whole number of days.
    expect(inferTimeUnit(times([38.8, 30.43]), undefined).text).toBe(
      'unknown (recency and T are not whole numbers of days or of days ÷ 7)',
    );
    expect(inferTimeUnit(times([38.86, 30.43, 7]), undefined).text).toBe(
      'unknown (only 2 time(s) are fractions of a week: too few to tell the unit)',
    );
  });
});

describe('unitsPerMonth', () => {
  it('counts a month as 365.25 / 12 = 30.4375 days', () => {
    expect(unitsPerMonth('day')).toBe(30.4375);
    expect(unitsPerMonth('week')).toBeCloseTo(4.348214, 6);
  });
});

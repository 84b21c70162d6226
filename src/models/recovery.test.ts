/**
 * Parameter recovery: for 20 seeds of 100,000 simulated customers with parameters unlike CDNOW's
 * (time in days, heavier buyers), every fit converges and the true parameters lie within three
 * standard errors in at least 90 % of (seed, parameter) cases.
 */
import { describe, expect, it } from 'vitest';
import { fitBgBb } from './btyd/bgbb.js';
import { fitBg } from './btyd/bgnbd.js';
import { fitParetoNbd } from './btyd/pnbd.js';
import type { FitResult } from './fit.js';
import { simulateBgBb, simulateSummary } from './simulate/btyd.js';
import { fitGammaGamma } from './spend/gamma-gamma.js';

const SEEDS = Array.from({ length: 20 }, (_, i) => 1000 + i);
const N = 100_000;
const T_RANGE = { Tmin: 30, Tmax: 365 };

function coverage(truth: Record<string, number>, fits: FitResult[]): number {
  let inside = 0;
  let total = 0;
  for (const f of fits) {
    for (const [k, v] of Object.entries(truth)) {
      total++;
      if (Math.abs(f.params[k] - v) <= 3 * f.stdErrors[k]) inside++;
    }
  }
  return inside / total;
}

function check(truth: Record<string, number>, fits: FitResult[]): void {
  expect(fits.map((f) => f.converged)).toEqual(fits.map(() => true));
  expect(coverage(truth, fits)).toBeGreaterThanOrEqual(0.9);
}

describe('parameter recovery, 20 × 100,000 simulated customers', () => {
  it('BG/NBD', () => {
    const truth = { r: 2, alpha: 60, a: 2.5, b: 8 };
    check(
      truth,
      SEEDS.map((seed) => fitBg('bgnbd', simulateSummary(seed, N, { model: 'bgnbd', ...truth }, T_RANGE))),
    );
  });

  it('MBG/NBD', () => {
    const truth = { r: 1.2, alpha: 25, a: 1.5, b: 4 };
    check(
      truth,
      SEEDS.map((seed) => fitBg('mbgnbd', simulateSummary(seed, N, { model: 'mbgnbd', ...truth }, T_RANGE))),
    );
  });

  it('Pareto/NBD and Gamma-Gamma', () => {
    const truth = { r: 1.5, alpha: 40, s: 1.2, beta: 60 };
    const spend = { p: 2, q: 5, gamma: 400 };
    const sims = SEEDS.map((seed) =>
      simulateSummary(seed, N, { model: 'pnbd', ...truth }, { ...T_RANGE, spend }),
    );
    check(
      truth,
      sims.map((s) => fitParetoNbd(s)),
    );
    check(
      spend,
      sims.map((s) => fitGammaGamma(s)),
    );
  });

  it('BG/BB', () => {
    const truth = { alpha: 0.8, beta: 2.5, gamma: 1.5, delta: 6 };
    check(
      truth,
      SEEDS.map((seed) => fitBgBb(simulateBgBb(seed, N, 8, truth))),
    );
  });
});

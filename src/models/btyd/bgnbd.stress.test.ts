/**
 * Stress suite (slow; run apart from the default tests): BG/NBD and MBG/NBD fits on random
 * parameter sets must never say `converged` short of the brute-force optimum (see
 * test-support/stress.ts for the sets and the brute force).
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  drawStressSet,
  LL_TOLERANCE,
  runStressSet,
  type StressOutcome,
  stressReport,
  WARM_UP_ABOVE,
} from '../test-support/stress.js';
import { type BgVariant, bgLogLikelihood, fitBg } from './bgnbd.js';

const dropout = () => [
  [0.3, 1],
  [1, 8],
  [3, 3],
];

function suite(variant: BgVariant, name: string, sets: number, firstSeed: number): void {
  describe(`${name} stress: ${sets} random parameter sets`, () => {
    const outcomes: StressOutcome[] = [];
    afterAll(() => console.log(stressReport(name, outcomes)));
    for (let i = 0; i < sets; i++) {
      const set = drawStressSet(firstSeed + i, variant);
      it(`set ${set.seed}: a converged fit is the brute-force optimum (within ${LL_TOLERANCE})`, () => {
        const o = runStressSet(
          set,
          (s) => fitBg(variant, s),
          (d, t, g) => bgLogLikelihood(variant, d, t, g),
          dropout,
        );
        outcomes.push(o);
        expect(Number.isFinite(o.fit.logLikelihood)).toBe(true);
        if (o.fit.converged) expect(o.shortfall).toBeLessThanOrEqual(LL_TOLERANCE);
        expect(o.fit.converged).toBe(o.fit.status === 'converged' || o.fit.status === 'boundary');
      });
    }
    it('sends a good share of the sets through the subsample warm start', () => {
      expect(outcomes.filter((o) => o.uniqueRows > WARM_UP_ABOVE).length).toBeGreaterThanOrEqual(sets / 3);
    });
  });
}

suite('bgnbd', 'BG/NBD', 50, 101);
suite('mbgnbd', 'MBG/NBD', 15, 501);

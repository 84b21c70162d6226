/**
 * Stress suite (slow; run apart from the default tests): Pareto/NBD fits on random parameter sets
 * must never say `converged` short of the brute-force optimum (see test-support/stress.ts).
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
import { fitParetoNbd, pnbdLogLikelihood } from './pnbd.js';

const SETS = 15;
const dropout = (meanT: number) => [
  [0.3, meanT / 5],
  [1, meanT],
  [3, 5 * meanT],
];

describe(`Pareto/NBD stress: ${SETS} random parameter sets`, () => {
  const outcomes: StressOutcome[] = [];
  afterAll(() => console.log(stressReport('Pareto/NBD', outcomes)));
  for (let i = 0; i < SETS; i++) {
    const set = drawStressSet(901 + i, 'pnbd');
    it(`set ${set.seed}: a converged fit is the brute-force optimum (within ${LL_TOLERANCE})`, () => {
      const o = runStressSet(set, (s) => fitParetoNbd(s), pnbdLogLikelihood, dropout);
      outcomes.push(o);
      expect(Number.isFinite(o.fit.logLikelihood)).toBe(true);
      if (o.fit.converged) expect(o.shortfall).toBeLessThanOrEqual(LL_TOLERANCE);
      expect(o.fit.converged).toBe(o.fit.status === 'converged' || o.fit.status === 'boundary');
    });
  }
  it('sends a good share of the sets through the subsample warm start', () => {
    expect(outcomes.filter((o) => o.uniqueRows > WARM_UP_ABOVE).length).toBeGreaterThanOrEqual(SETS / 3);
  });
});

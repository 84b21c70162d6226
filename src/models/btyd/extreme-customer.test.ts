/**
 * One customer with x = 2,000,000 repeat purchases (t_x = 38.5, T = 39 weeks) added to the CDNOW
 * sample: BG/NBD used to take 10.7 s (two million logarithms per likelihood evaluation) and
 * Pareto/NBD to stop at once (its ₂F₁ series needed millions of terms, so the likelihood was
 * not finite at the start). Both must reach an optimum that BFGS from widely spread starts,
 * straight on the likelihood, does not beat.
 */
import { describe, expect, it } from 'vitest';
import { gammaln, gaussLegendre } from '../special/index.js';
import { cdnowSample } from '../test-support/data.js';
import { bruteForceOptimum, LL_TOLERANCE } from '../test-support/stress.js';
import { bgLogLikelihood, fitBg } from './bgnbd.js';
import { fitParetoNbd, pnbdLogLikelihood } from './pnbd.js';
import { prepareBtyd } from './summary.js';

const c = cdnowSample();
const s = {
  frequency: [...c.frequency, 2_000_000],
  recency: [...c.recency, 38.5],
  T: [...c.T, 39],
};
const d = prepareBtyd(s);
const extreme = prepareBtyd({ frequency: [2_000_000], recency: [38.5], T: [39] });

describe('an extreme customer (x = 2,000,000) in the CDNOW sample', () => {
  it("BG/NBD: that customer's log-likelihood equals the log-gamma form of the formula", () => {
    const [r, alpha, a, b] = [0.25, 4.4, 0.8, 2.4];
    const x = 2_000_000;
    // Fader, Hardie & Lee (2005), eq. 6, term by term with ln Γ.
    const A1 = gammaln(r + x) - gammaln(r) + r * Math.log(alpha);
    const A2 = gammaln(a + b) + gammaln(b + x) - gammaln(b) - gammaln(a + b + x);
    const A3 = -(r + x) * Math.log(alpha + 39);
    const A4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + 38.5);
    const byHand = A1 + A2 + Math.max(A3, A4) + Math.log1p(Math.exp(-Math.abs(A3 - A4)));
    const ll = bgLogLikelihood('bgnbd', extreme, new Float64Array([r, alpha, a, b]));
    expect(Math.abs(ll - byHand)).toBeLessThan(1e-8 * Math.abs(byHand));
  });

  it('BG/NBD fits to an optimum no spread start beats', () => {
    const f = fitBg('bgnbd', s);
    expect(f.converged).toBe(true);
    expect(Object.values(f.params).every((v) => Number.isFinite(v) && v > 0)).toBe(true);
    const brute = bruteForceOptimum(
      d,
      (dd, t, g) => bgLogLikelihood('bgnbd', dd, t, g),
      [0.2426, 4.4136, 0.7929, 2.4259],
      () => [
        [0.3, 1],
        [1, 8],
        [3, 3],
      ],
    );
    expect(brute.logLikelihood - f.logLikelihood).toBeLessThanOrEqual(LL_TOLERANCE);
  });

  it("Pareto/NBD: that customer's log-likelihood equals a direct integration of the model", () => {
    const [r, alpha, s, beta] = [0.55, 10.6, 0.6, 11.7];
    const [x, tx, T] = [2_000_000, 38.5, 39];
    // L = Γ(r+x)α^r β^s/Γ(r) · [(α+T)^−(r+x) (β+T)^−s + ∫_tx^T s (α+τ)^−(r+x) (β+τ)^−(s+1) dτ];
    // the integrand falls by e^−x·τ/(α+tx) after t_x, so integrate (in τ, 400 panels) where it lives.
    const logAt = (tau: number) =>
      Math.log(s) - (r + x) * Math.log(alpha + tau) - (s + 1) * Math.log(beta + tau);
    const ref = logAt(tx);
    const width = (80 * (alpha + tx)) / (r + x);
    const integral = gaussLegendre((tau) => Math.exp(logAt(tau) - ref), tx, Math.min(T, tx + width), 400);
    const alive = -(r + x) * Math.log(alpha + T) - s * Math.log(beta + T);
    const died = ref + Math.log(integral);
    const byHand =
      gammaln(r + x) -
      gammaln(r) +
      r * Math.log(alpha) +
      s * Math.log(beta) +
      Math.max(alive, died) +
      Math.log1p(Math.exp(-Math.abs(alive - died)));
    const ll = pnbdLogLikelihood(extreme, new Float64Array([r, alpha, s, beta]));
    expect(Math.abs(ll - byHand)).toBeLessThan(1e-8 * Math.abs(byHand));
  });

  it('Pareto/NBD: finite at its starting values, and fits to an optimum no spread start beats', () => {
    expect(Number.isFinite(pnbdLogLikelihood(d, new Float64Array([1, 1, 1, 32])))).toBe(true);
    const f = fitParetoNbd(s);
    expect(f.converged).toBe(true);
    expect(Number.isFinite(f.logLikelihood)).toBe(true);
    const brute = bruteForceOptimum(d, pnbdLogLikelihood, [0.5533, 10.578, 0.6063, 11.67], (meanT) => [
      [0.3, meanT / 5],
      [1, meanT],
      [3, 5 * meanT],
    ]);
    expect(brute.logLikelihood - f.logLikelihood).toBeLessThanOrEqual(LL_TOLERANCE);
  });
});

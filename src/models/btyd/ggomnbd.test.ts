import { describe, expect, it } from 'vitest';
import { numericGradient } from '../optimize/index.js';
import { gammaln, gaussLegendre } from '../special/index.js';
import { cdnowSample } from '../test-support/data.js';
import {
  fitGGomNbd,
  ggomnbdConditionalExpectedPurchases,
  ggomnbdExpectedPurchases,
  ggomnbdLogLikelihood,
  ggomnbdProbabilityAlive,
  ggomnbdProbabilityOfPurchases,
} from './ggomnbd.js';
import {
  pnbdConditionalExpectedPurchases,
  pnbdExpectedPurchases,
  pnbdLogLikelihood,
  pnbdProbabilityAlive,
} from './pnbd.js';
import { prepareBtyd } from './summary.js';

describe('GGom/NBD', () => {
  const pareto = { r: 0.5533, alpha: 10.578, s: 0.6063, beta: 11.67 };
  // b → 0 with β/b fixed is Pareto/NBD: a second, closed-form method for every quantity.
  const b = 1e-9;
  const limit = { r: pareto.r, alpha: pareto.alpha, b, s: pareto.s, beta: b * pareto.beta };

  it('reduces to Pareto/NBD as b → 0 (likelihood, P(alive), expectations)', () => {
    const d = prepareBtyd(cdnowSample());
    const viaQuadrature = ggomnbdLogLikelihood(d, [limit.r, limit.alpha, limit.b, limit.s, limit.beta]);
    const closedForm = pnbdLogLikelihood(
      d,
      new Float64Array([pareto.r, pareto.alpha, pareto.s, pareto.beta]),
    );
    expect(Math.abs(viaQuadrature - closedForm)).toBeLessThan(1e-3);
    expect(ggomnbdProbabilityAlive(limit, 26, 30.86, 31)).toBeCloseTo(
      pnbdProbabilityAlive(pareto, 26, 30.86, 31),
      6,
    );
    expect(ggomnbdExpectedPurchases(limit, 20)).toBeCloseTo(pnbdExpectedPurchases(pareto, 20), 6);
    expect(ggomnbdConditionalExpectedPurchases(limit, 39, 2, 30.43, 38.86)).toBeCloseTo(
      pnbdConditionalExpectedPurchases(pareto, 39, 2, 30.43, 38.86),
      6,
    );
  });

  it('P(X(t) = n) sums to one with mean E[X(t)], away from the Pareto limit', () => {
    const p = { r: 0.6, alpha: 9, b: 0.05, s: 0.8, beta: 2 };
    let mass = 0;
    let mean = 0;
    for (let n = 0; n < 400; n++) {
      const pn = ggomnbdProbabilityOfPurchases(p, 30, n);
      mass += pn;
      mean += n * pn;
    }
    expect(mass).toBeCloseTo(1, 8);
    expect(mean).toBeCloseTo(ggomnbdExpectedPurchases(p, 30), 6);
  });

  it('likelihood equals a brute-force integration, gradient equals central differences, far from Pareto/NBD', () => {
    const d = prepareBtyd(cdnowSample());
    // Steep Gompertz hazards (b·T up to 12, β ≪ 1 and β ≫ 1) and a mild one.
    for (const [r, alpha, b, s, beta] of [
      [2, 30, 0.3, 3, 0.1],
      [1, 3, 0.5, 0.2, 10],
      [0.6, 9, 0.05, 0.8, 2],
    ]) {
      // L_i = Γ(r+x)α^r/Γ(r) [(α+T)^−(r+x) S(T) + ∫_tx^T (α+τ)^−(r+x) f(τ) dτ], the integral in τ on 500 panels.
      const logS = (tau: number) => -s * Math.log1p(Math.expm1(b * tau) / beta);
      const f = (tau: number) => ((s * b) / beta) * Math.exp(b * tau + ((s + 1) / s) * logS(tau));
      let byHand = 0;
      for (let i = 0; i < d.size; i++) {
        const [x, tx, T] = [d.x[i], d.tx[i], d.T[i]];
        const died = tx < T ? gaussLegendre((tau) => (alpha + tau) ** -(r + x) * f(tau), tx, T, 500) : 0;
        const alive = (alpha + T) ** -(r + x) * Math.exp(logS(T));
        byHand += d.w[i] * (gammaln(r + x) - gammaln(r) + r * Math.log(alpha) + Math.log(alive + died));
      }
      const theta = [r, alpha, b, s, beta];
      const grad = new Float64Array(5);
      const ll = ggomnbdLogLikelihood(d, theta, grad);
      expect(Math.abs(ll - byHand)).toBeLessThan(1e-8 * Math.abs(byHand));
      const numeric = numericGradient((q) => ggomnbdLogLikelihood(d, q), theta, 1e-7);
      for (let k = 0; k < 5; k++)
        expect(Math.abs(grad[k] - numeric[k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric[k])));
    }
  });

  it('fits CDNOW to the published optimum on the b → 0 boundary', () => {
    const f = fitGGomNbd(cdnowSample());
    expect(f.converged).toBe(true);
    // Published: r 0.553, α 10.578, b 0.0002, s 0.603, β 0.0026, LL −9594.98 — a point on the flat
    // ridge towards b → 0 where GGom/NBD is Pareto/NBD; our optimiser goes further along it.
    expect(Math.abs(f.logLikelihood + 9594.98)).toBeLessThan(0.01);
    expect(Math.abs(f.params.r / 0.553 - 1)).toBeLessThan(1e-3);
    expect(Math.abs(f.params.alpha / 10.578 - 1)).toBeLessThan(1e-3);
    expect(f.params.b).toBeLessThan(0.0002);
    expect(Math.abs(f.params.s - 0.603)).toBeLessThan(0.005);
    expect(Math.abs(f.params.beta / f.params.b - pareto.beta)).toBeLessThan(0.2);
  });
});

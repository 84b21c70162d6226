import { describe, expect, it } from 'vitest';
import { invert, minimize, numericGradient, numericHessian } from './index.js';

describe('minimize', () => {
  it('finds the minimum of the Rosenbrock function from the classic start', () => {
    const r = minimize(
      (x, g) => {
        const [a, b] = x;
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      [-1.2, 1],
    );
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 7);
    expect(r.x[1]).toBeCloseTo(1, 7);
  });

  it('reports failure when the objective is not finite at the start', () => {
    const r = minimize(() => Number.NaN, [0]);
    expect(r.converged).toBe(false);
  });
});

describe('derivatives', () => {
  it('numeric gradient and Hessian of a quadratic form are exact to rounding', () => {
    // f = x² + 3xy + 5y²  → ∇ = (2x+3y, 3x+10y), H = [[2,3],[3,10]]
    const f = (v: Float64Array) => v[0] ** 2 + 3 * v[0] * v[1] + 5 * v[1] ** 2;
    const g = numericGradient(f, [1, 2]);
    expect(g[0]).toBeCloseTo(8, 6);
    expect(g[1]).toBeCloseTo(23, 6);
    const H = numericHessian((v) => numericGradient(f, v, 1e-4), [1, 2], 1e-4);
    expect(Array.from(H).map((v) => Math.round(v * 1e4) / 1e4)).toEqual([2, 3, 3, 10]);
    const Hi = invert(H, 2)!;
    // inverse of [[2,3],[3,10]] = [[10,−3],[−3,2]]/11
    expect(Hi[0]).toBeCloseTo(10 / 11, 5);
    expect(Hi[1]).toBeCloseTo(-3 / 11, 5);
    expect(invert(new Float64Array([1, 2, 2, 4]), 2)).toBeNull();
  });
});

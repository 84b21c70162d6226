import { describe, expect, it } from 'vitest';
import { Random } from '../simulate/random.js';
import {
  factorAnalysis,
  kaiserFactors,
  principalAxis,
  squaredMultipleCorrelations,
} from './factor-analysis.js';
import { correlationMatrix, type Matrix, multiply, svd, symmetricEigen, transpose } from './matrix.js';
import { principalComponents, principalComponentsBySvd } from './pca.js';
import { varimax, varimaxCriterion, varimaxPairwise } from './varimax.js';

/**
 * Harman (1976) "Modern Factor Analysis", five socio-economic variables of 12 Los Angeles census
 * tracts (total population, median school years, total employment, professional services, median
 * house value): the correlation matrix and SAS PROC FACTOR's output for `METHOD=PRIN PRIORS=SMC
 * ROTATE=VARIMAX` as printed in the SAS example reproduced at
 * http://philender.com/courses/multivariate/output/fa.html (the same example is SAS/STAT's
 * PROC FACTOR Example "Principal Factor Analysis").
 */
const HARMAN: Matrix = [
  [1.0, 0.00975, 0.97245, 0.43887, 0.02241],
  [0.00975, 1.0, 0.15428, 0.69141, 0.86307],
  [0.97245, 0.15428, 1.0, 0.51472, 0.12193],
  [0.43887, 0.69141, 0.51472, 1.0, 0.77765],
  [0.02241, 0.86307, 0.12193, 0.77765, 1.0],
];
const SAS_PRIORS = [0.968593, 0.822273, 0.969182, 0.785718, 0.847008];
const SAS_EIGENVALUES = [2.7343, 1.7161, 0.0395, -0.0245, -0.0726];
const SAS_PATTERN = [
  [0.62533, 0.76621],
  [0.71369, -0.55516],
  [0.71448, 0.67935],
  [0.87899, -0.15847],
  [0.74215, -0.57806],
];
const SAS_COMMUNALITIES = [0.978115, 0.81756, 0.972001, 0.797741, 0.884943];
const SAS_TRANSFORMATION = [
  [0.78894, 0.61446],
  [-0.61446, 0.78894],
];
/** The rotated pattern as printed for Y1–Y4 (Y5's line is cut off in the page's copy). */
const SAS_ROTATED = [
  [0.02254, 0.98874],
  [0.90419, 0.00055],
  [0.14625, 0.97499],
  [0.79085, 0.41509],
];

/** `b`'s columns put in `a`'s order and sign (matching each column of `a` to its closest in `b`). */
function align(a: Matrix, b: Matrix): Matrix {
  const m = a[0].length;
  const used = new Set<number>();
  const map: [number, number][] = [];
  for (let j = 0; j < m; j++) {
    let best = -1;
    let bestDot = 0;
    for (let k = 0; k < m; k++) {
      if (used.has(k)) continue;
      const dot = a.reduce((s, row, i) => s + row[j] * b[i][k], 0);
      if (best < 0 || Math.abs(dot) > Math.abs(bestDot)) {
        best = k;
        bestDot = dot;
      }
    }
    used.add(best);
    map.push([best, Math.sign(bestDot) || 1]);
  }
  return b.map((row) => map.map(([k, sign]) => row[k] * sign));
}

function expectClose(actual: Matrix, expected: Matrix, digits: number) {
  expected.forEach((row, i) => {
    row.forEach((x, j) => {
      expect(actual[i][j], `[${i}][${j}]`).toBeCloseTo(x, digits);
    });
  });
}

/** n rows of d features driven by two latent factors (features 0–2 by one, 3–5 by the other). */
function twoFactorData(n: number, seed: number): Float64Array {
  const r = new Random(seed);
  const d = 6;
  const data = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const f1 = r.normal();
    const f2 = r.normal();
    for (let f = 0; f < d; f++) {
      const w = [0.9, 0.8, 0.7, 0.2, 0.1, 0.3][f];
      const v = [0.1, 0.3, 0.2, 0.8, 0.9, 0.6][f];
      data[i * d + f] = 10 * f + (w * f1 + v * f2 + 0.5 * r.normal()) * (f + 1);
    }
  }
  return data;
}

describe('decompositions', () => {
  it('eigen-decomposition and SVD agree with hand values', () => {
    const e = symmetricEigen([
      [2, 1],
      [1, 2],
    ]);
    expect(e.values[0]).toBeCloseTo(3, 14);
    expect(e.values[1]).toBeCloseTo(1, 14);
    expect(Math.abs(e.vectors[0][0])).toBeCloseTo(Math.SQRT1_2, 14);
    // A = [[3, 0], [4, 5]]: AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5, so s = √45, √5.
    const a = [
      [3, 0],
      [4, 5],
      [0, 0],
    ];
    const { u, values, v } = svd(a);
    expect(values[0]).toBeCloseTo(Math.sqrt(45), 12);
    expect(values[1]).toBeCloseTo(Math.sqrt(5), 12);
    const back = multiply(
      u.map((row) => row.map((x, j) => x * values[j])),
      transpose(v),
    );
    expectClose(back, a, 12);
  });
});

describe('PCA', () => {
  it('eigen-decomposition of R and SVD of the standardised data give the same loadings up to sign', () => {
    const data = twoFactorData(2000, 4);
    const byEigen = principalComponents(correlationMatrix(data, 6));
    const bySvd = principalComponentsBySvd(data, 6);
    byEigen.eigenvalues.forEach((v, j) => {
      expect(bySvd.eigenvalues[j]).toBeCloseTo(v, 10);
    });
    expect(byEigen.eigenvalues.reduce((s, v) => s + v, 0)).toBeCloseTo(6, 10);
    expect(byEigen.cumulative[5]).toBeCloseTo(1, 12);
    // Up to the sign of each component (both orient the largest loading positive, but check by alignment).
    const signs = byEigen.loadings[0].map((_, j) =>
      Math.sign(byEigen.loadings.reduce((s, row, i) => s + row[j] * bySvd.loadings[i][j], 0)),
    );
    expectClose(
      bySvd.loadings.map((row) => row.map((x, j) => x * signs[j])),
      byEigen.loadings,
      8,
    );
    // Two latent factors: two eigenvalues above 1.
    expect(kaiserFactors(correlationMatrix(data, 6))).toBe(2);
  });
});

describe('factor analysis and varimax against a published example (Harman 1976 in SAS PROC FACTOR)', () => {
  it('principal factors with SMC priors: priors, eigenvalues, pattern and communalities', () => {
    const smc = squaredMultipleCorrelations(HARMAN)!;
    smc.forEach((h, i) => {
      expect(h).toBeCloseTo(SAS_PRIORS[i], 5);
    });
    const one = principalAxis(HARMAN, { factors: 2, maxIterations: 1 });
    one.eigenvalues.forEach((v, j) => {
      expect(v).toBeCloseTo(SAS_EIGENVALUES[j], 4);
    });
    expectClose(align(SAS_PATTERN, one.loadings), SAS_PATTERN, 4);
    one.communalities.forEach((h, i) => {
      expect(h).toBeCloseTo(SAS_COMMUNALITIES[i], 5);
    });
    // …and varimax of the pattern computed here gives SAS's rotated pattern.
    expectClose(align(SAS_ROTATED, varimax(one.loadings).loadings.slice(0, 4)), SAS_ROTATED, 4);
  });

  it('varimax of the published pattern gives the published rotation, by both algorithms', () => {
    for (const rotate of [varimax, varimaxPairwise]) {
      const { loadings, rotation } = rotate(SAS_PATTERN);
      expectClose(align(SAS_ROTATED, loadings.slice(0, 4)), SAS_ROTATED, 4);
      expectClose(align(SAS_TRANSFORMATION, rotation), SAS_TRANSFORMATION, 4);
    }
  });

  it('the SVD iteration and the pairwise rotations reach the same varimax solution', () => {
    const r = new Random(9);
    for (let trial = 0; trial < 5; trial++) {
      const p = 8;
      const m = 2 + (trial % 3);
      const unrotated = Array.from({ length: p }, () => Array.from({ length: m }, () => r.normal() * 0.5));
      for (const normalize of [true, false]) {
        const a = varimax(unrotated, { normalize });
        const b = varimaxPairwise(unrotated, { normalize });
        expect(a.converged && b.converged).toBe(true);
        expect(varimaxCriterion(b.loadings)).toBeCloseTo(varimaxCriterion(a.loadings), 9);
        expectClose(align(a.loadings, b.loadings), a.loadings, 7);
        // An orthogonal rotation: communalities unchanged.
        unrotated.forEach((row, i) => {
          const h = row.reduce((s, x) => s + x * x, 0);
          expect(a.loadings[i].reduce((s, x) => s + x * x, 0)).toBeCloseTo(h, 12);
        });
      }
    }
  });

  it.each(['principal-component', 'principal-axis'] as const)(
    'factor analysis (%s) of two-factor data: two factors, each feature on its own factor after varimax',
    (extraction) => {
      const solution = factorAnalysis(correlationMatrix(twoFactorData(5000, 8), 6), { extraction });
      expect(solution.loadings[0]).toHaveLength(2);
      expect(solution.extraction.converged).toBe(true);
      expect(solution.extraction.heywood).toBe(false);
      const main = solution.loadings.map((row) => (Math.abs(row[0]) > Math.abs(row[1]) ? 0 : 1));
      expect(main.slice(0, 3).every((f) => f === main[0])).toBe(true);
      expect(main.slice(3).every((f) => f === main[3])).toBe(true);
      expect(main[0]).not.toBe(main[3]);
      // Variance explained = Σ communalities, ordered largest first.
      const total = solution.extraction.communalities.reduce((s, h) => s + h, 0);
      expect(solution.variance.reduce((s, v) => s + v, 0)).toBeCloseTo(total, 10);
      expect(solution.variance[0]).toBeGreaterThanOrEqual(solution.variance[1]);
    },
  );
});

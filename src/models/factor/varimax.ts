/**
 * Varimax rotation (Kaiser 1958) of a loadings matrix: the orthogonal rotation that maximises the
 * variance of the squared loadings within each factor, so that each feature loads on few factors.
 * With Kaiser normalisation (the default, as in R's `stats::varimax` and SAS PROC FACTOR) rows are
 * scaled to unit length first and back after. Two algorithms that must agree:
 *
 * - `varimax` — the SVD iteration of R's `stats::varimax`: T ← U Vᵀ from the SVD of
 *   Xᵀ (Z³ − Z diag(ZᵀZ) / p), Z = X T, until T stops changing (R stops when the criterion grows
 *   by less than 1e-5 of itself, which can leave the last digits unsettled);
 * - `varimaxPairwise` — Kaiser's original: rotate each pair of factors by the angle that maximises
 *   the criterion for that pair (in closed form), sweeping all pairs until no angle is needed.
 */
import { identity, type Matrix, multiply, svd, transpose } from './matrix.js';

export interface RotationOptions {
  /** Kaiser normalisation (default true). */
  normalize?: boolean;
  /** Convergence: largest change of the rotation matrix (SVD) or largest angle (pairwise). Default 1e-10. */
  tolerance?: number;
  maxIterations?: number;
}

export interface Rotation {
  /** The rotated loadings (p × m). */
  loadings: Matrix;
  /** The orthogonal m × m rotation: rotated = unrotated · rotation. */
  rotation: Matrix;
  iterations: number;
  converged: boolean;
}

/** The varimax criterion Σⱼ [p Σᵢ λᵢⱼ⁴ − (Σᵢ λᵢⱼ²)²] / p² of loadings (raw, not normalised). */
export function varimaxCriterion(loadings: Matrix): number {
  const p = loadings.length;
  const m = p > 0 ? loadings[0].length : 0;
  let total = 0;
  for (let j = 0; j < m; j++) {
    let s2 = 0;
    let s4 = 0;
    for (const row of loadings) {
      s2 += row[j] ** 2;
      s4 += row[j] ** 4;
    }
    total += (p * s4 - s2 * s2) / (p * p);
  }
  return total;
}

function rowNorms(loadings: Matrix, normalize: boolean): number[] {
  return loadings.map((row) => (normalize ? Math.sqrt(row.reduce((s, x) => s + x * x, 0)) || 1 : 1));
}

/**
 * Varimax by the SVD iteration (R's `stats::varimax`).
 *
 * @example varimax(unrotated).loadings
 */
export function varimax(loadings: Matrix, options: RotationOptions = {}): Rotation {
  const { normalize = true, tolerance = 1e-10, maxIterations = 1000 } = options;
  const p = loadings.length;
  const m = p > 0 ? loadings[0].length : 0;
  if (m < 2)
    return { loadings: loadings.map((r) => [...r]), rotation: identity(m), iterations: 0, converged: true };
  const norms = rowNorms(loadings, normalize);
  const x = loadings.map((row, i) => row.map((v) => v / norms[i]));
  const xt = transpose(x);
  let t = identity(m);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    const z = multiply(x, t);
    const columnSquares = z[0].map((_, j) => z.reduce((s, row) => s + row[j] * row[j], 0));
    const target = z.map((row) => row.map((v, j) => v * v * v - (v * columnSquares[j]) / p));
    const b = multiply(xt, target);
    const { u, v } = svd(b);
    const next = multiply(u, transpose(v));
    let step = 0;
    next.forEach((row, i) => {
      row.forEach((x, j) => {
        step = Math.max(step, Math.abs(x - t[i][j]));
      });
    });
    t = next;
    if (step < tolerance) {
      converged = true;
      break;
    }
  }
  const rotated = multiply(x, t).map((row, i) => row.map((v) => v * norms[i]));
  return { loadings: rotated, rotation: t, iterations, converged };
}

/**
 * Varimax by Kaiser's pairwise rotations: for factors j < k, with uᵢ = xᵢⱼ² − xᵢₖ², vᵢ = 2xᵢⱼxᵢₖ,
 * the angle φ = ¼ atan2(D − 2AB/p, C − (A² − B²)/p), A = Σu, B = Σv, C = Σ(u² − v²), D = 2Σuv.
 *
 * @example varimaxPairwise(unrotated).loadings
 */
export function varimaxPairwise(loadings: Matrix, options: RotationOptions = {}): Rotation {
  const { normalize = true, tolerance = 1e-10, maxIterations = 1000 } = options;
  const p = loadings.length;
  const m = p > 0 ? loadings[0].length : 0;
  const norms = rowNorms(loadings, normalize);
  const x = loadings.map((row, i) => row.map((v) => v / norms[i]));
  const t = identity(m);
  let iterations = 0;
  let converged = m < 2;
  while (!converged && iterations < maxIterations) {
    iterations++;
    let largest = 0;
    for (let j = 0; j < m; j++) {
      for (let k = j + 1; k < m; k++) {
        let a = 0;
        let b = 0;
        let c = 0;
        let d = 0;
        for (const row of x) {
          const u = row[j] * row[j] - row[k] * row[k];
          const v = 2 * row[j] * row[k];
          a += u;
          b += v;
          c += u * u - v * v;
          d += 2 * u * v;
        }
        const phi = Math.atan2(d - (2 * a * b) / p, c - (a * a - b * b) / p) / 4;
        largest = Math.max(largest, Math.abs(phi));
        const cos = Math.cos(phi);
        const sin = Math.sin(phi);
        for (const row of [...x, ...t]) {
          const xj = row[j];
          const xk = row[k];
          row[j] = cos * xj + sin * xk;
          row[k] = -sin * xj + cos * xk;
        }
      }
    }
    if (largest < tolerance) converged = true;
  }
  return { loadings: x.map((row, i) => row.map((v) => v * norms[i])), rotation: t, iterations, converged };
}

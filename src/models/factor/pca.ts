/**
 * Principal component analysis of standardised features, two ways that must agree: from the
 * eigen-decomposition of the correlation matrix R = V Λ Vᵀ, and from the singular value
 * decomposition of the z-score matrix Z / √n = U S Vᵀ (then Λ = S²). Loadings are the correlations
 * between features and components, V · √Λ; each component's sign makes its largest loading positive.
 */
import { correlationMatrix, type Matrix, orientColumns, svd, symmetricEigen } from './matrix.js';

export interface Pca {
  /** Variance of each component (the eigenvalues of R), largest first; they sum to d. */
  eigenvalues: number[];
  /** d × d: `loadings[feature][component]`. */
  loadings: Matrix;
  /** Share of the total variance per component (eigenvalue ÷ d). */
  share: number[];
  /** Running total of `share`. */
  cumulative: number[];
}

function summary(eigenvalues: number[], loadings: Matrix): Pca {
  const d = eigenvalues.length;
  const share = eigenvalues.map((v) => v / d);
  let sum = 0;
  const cumulative = share.map((s) => {
    sum += s;
    return sum;
  });
  return { eigenvalues, loadings: orientColumns(loadings), share, cumulative };
}

/**
 * PCA from a correlation matrix (eigen-decomposition). Negative eigenvalues of a matrix that is
 * not quite positive semi-definite (rounding) count as 0.
 *
 * @example principalComponents([[1, 0.6], [0.6, 1]]).eigenvalues // [1.6, 0.4]
 */
export function principalComponents(correlation: Matrix): Pca {
  const { values, vectors } = symmetricEigen(correlation);
  const eigenvalues = values.map((v) => Math.max(0, v));
  return summary(
    eigenvalues,
    vectors.map((row) => row.map((x, j) => x * Math.sqrt(eigenvalues[j]))),
  );
}

/**
 * PCA by singular value decomposition of the standardised data (row-major, d columns): the second
 * computation of the same thing, used to check `principalComponents`. O(n d²) memory as row arrays:
 * for tests and small data.
 */
export function principalComponentsBySvd(data: Float64Array, d: number): Pca {
  const n = data.length / d;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mean[f] += data[i * d + f] / n;
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) sd[f] += (data[i * d + f] - mean[f]) ** 2 / n;
  const z = Array.from({ length: n }, (_, i) =>
    Array.from({ length: d }, (_, f) => (data[i * d + f] - mean[f]) / Math.sqrt(sd[f]) / Math.sqrt(n)),
  );
  const { values, v } = svd(z);
  return summary(
    values.map((s) => s * s),
    v.map((row) => row.map((x, j) => x * values[j])),
  );
}

export { correlationMatrix };

/**
 * Small dense matrices (a few dozen rows at most: features × factors) as arrays of rows, and the
 * two decompositions factor analysis needs, both by Jacobi rotations (Golub & Van Loan §8.5, §8.6):
 * the eigen-decomposition of a symmetric matrix and the singular value decomposition. Jacobi is
 * slow for large matrices and exact to rounding for small ones, which is all that is needed here.
 */

export type Matrix = number[][];

/** The n × n identity. */
export function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** Aᵀ. */
export function transpose(a: Matrix): Matrix {
  return a.length === 0 ? [] : a[0].map((_, j) => a.map((row) => row[j]));
}

/** A · B. */
export function multiply(a: Matrix, b: Matrix): Matrix {
  const inner = b.length;
  const cols = inner > 0 ? b[0].length : 0;
  return a.map((row) => {
    const out = new Array<number>(cols).fill(0);
    for (let k = 0; k < inner; k++) {
      const v = row[k];
      for (let j = 0; j < cols; j++) out[j] += v * b[k][j];
    }
    return out;
  });
}

export interface Eigen {
  /** Eigenvalues, largest first. */
  values: number[];
  /** Eigenvectors as columns: `vectors[i][j]` is component i of the j-th eigenvector. */
  vectors: Matrix;
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations, until the
 * off-diagonal part is below 1e-15 of the matrix's norm. Each vector's sign is the one that makes
 * its largest-magnitude component positive.
 *
 * @example symmetricEigen([[2, 1], [1, 2]]).values // [3, 1]
 */
export function symmetricEigen(matrix: Matrix): Eigen {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v = identity(n);
  let norm = 0;
  for (const row of a) for (const x of row) norm += x * x;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off <= 1e-30 * norm || off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (a[p][q] === 0) continue;
        // The rotation that zeroes a[p][q]: tan θ = t, the smaller root of t² + 2τt − 1 = 0.
        const tau = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j][j] - a[i][i]);
  const vectors = v.map((row) => order.map((j) => row[j]));
  orientColumns(vectors);
  return { values: order.map((j) => a[j][j]), vectors };
}

export interface Svd {
  /** m × n (thin), orthonormal columns. */
  u: Matrix;
  /** Singular values, largest first. */
  values: number[];
  /** n × n orthogonal. */
  v: Matrix;
}

/**
 * The thin singular value decomposition A = U · diag(s) · Vᵀ of an m × n matrix (m ≥ n) by
 * one-sided Jacobi rotations (Hestenes): columns of A are rotated in pairs until orthogonal.
 *
 * @example svd([[3, 0], [0, 4]]).values // [4, 3]
 */
export function svd(matrix: Matrix): Svd {
  const m = matrix.length;
  const n = m > 0 ? matrix[0].length : 0;
  if (m < n) throw new Error(`svd: ${m} × ${n} has fewer rows than columns; decompose its transpose`);
  const a = matrix.map((row) => [...row]);
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let rotated = false;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < m; i++) {
          alpha += a[i][p] * a[i][p];
          beta += a[i][q] * a[i][q];
          gamma += a[i][p] * a[i][q];
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const x = a[i][p];
          const y = a[i][q];
          a[i][p] = c * x - s * y;
          a[i][q] = s * x + c * y;
        }
        for (let i = 0; i < n; i++) {
          const x = v[i][p];
          const y = v[i][q];
          v[i][p] = c * x - s * y;
          v[i][q] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = Array.from({ length: n }, (_, j) => Math.sqrt(a.reduce((s, row) => s + row[j] * row[j], 0)));
  const order = Array.from({ length: n }, (_, j) => j).sort((i, j) => norms[j] - norms[i]);
  return {
    u: a.map((row) => order.map((j) => (norms[j] > 0 ? row[j] / norms[j] : 0))),
    values: order.map((j) => norms[j]),
    v: v.map((row) => order.map((j) => row[j])),
  };
}

/** Flips the sign of each column whose largest-magnitude entry is negative (in place). */
export function orientColumns(a: Matrix): Matrix {
  const cols = a.length > 0 ? a[0].length : 0;
  for (let j = 0; j < cols; j++) {
    let largest = 0;
    for (const row of a) if (Math.abs(row[j]) > Math.abs(largest)) largest = row[j];
    if (largest < 0) for (const row of a) row[j] = -row[j];
  }
  return a;
}

/**
 * The correlation matrix (Pearson) of the d columns of row-major `data`, in two passes (means, then
 * centred cross-products). A constant column has NaN correlations.
 */
export function correlationMatrix(data: Float64Array, d: number): Matrix {
  const n = data.length / d;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0; f < d; f++) mean[f] += data[i * d + f];
  for (let f = 0; f < d; f++) mean[f] /= n;
  const cross = new Float64Array(d * d);
  const x = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let f = 0; f < d; f++) x[f] = data[i * d + f] - mean[f];
    for (let f = 0; f < d; f++) for (let g = f; g < d; g++) cross[f * d + g] += x[f] * x[g];
  }
  return Array.from({ length: d }, (_, f) =>
    Array.from({ length: d }, (_, g) => {
      const [p, q] = f <= g ? [f, g] : [g, f];
      return f === g ? 1 : cross[p * d + q] / Math.sqrt(cross[p * d + p] * cross[q * d + q]);
    }),
  );
}

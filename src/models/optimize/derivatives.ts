/** Numerical derivatives and small dense linear algebra for standard errors. */

/** Central-difference gradient of `f` at `x` with relative step `h`. */
export function numericGradient(
  f: (x: Float64Array) => number,
  x: ArrayLike<number>,
  h = 1e-5,
): Float64Array {
  const n = x.length;
  const g = new Float64Array(n);
  const xp = Float64Array.from(x);
  for (let i = 0; i < n; i++) {
    const step = h * Math.max(1, Math.abs(x[i]));
    xp[i] = x[i] + step;
    const fp = f(xp);
    xp[i] = x[i] - step;
    const fm = f(xp);
    xp[i] = x[i];
    g[i] = (fp - fm) / (2 * step);
  }
  return g;
}

/**
 * Hessian by central differences of an analytic gradient (or of a numeric one), symmetrised.
 * Returned row-major, n×n.
 */
export function numericHessian(
  gradient: (x: Float64Array) => Float64Array,
  x: ArrayLike<number>,
  h = 1e-5,
): Float64Array {
  const n = x.length;
  const H = new Float64Array(n * n);
  const xp = Float64Array.from(x);
  for (let i = 0; i < n; i++) {
    const step = h * Math.max(1, Math.abs(x[i]));
    xp[i] = x[i] + step;
    const gp = gradient(xp);
    xp[i] = x[i] - step;
    const gm = gradient(xp);
    xp[i] = x[i];
    for (let j = 0; j < n; j++) H[i * n + j] = (gp[j] - gm[j]) / (2 * step);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const m = (H[i * n + j] + H[j * n + i]) / 2;
      H[i * n + j] = m;
      H[j * n + i] = m;
    }
  }
  return H;
}

/** Inverse of a small dense row-major matrix by Gauss–Jordan with partial pivoting; null if singular. */
export function invert(A: Float64Array, n: number): Float64Array | null {
  const M = Float64Array.from(A);
  const I = new Float64Array(n * n);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r * n + c]) > Math.abs(M[piv * n + c])) piv = r;
    const pv = M[piv * n + c];
    if (!Number.isFinite(pv) || Math.abs(pv) < 1e-300) return null;
    if (piv !== c) {
      for (let k = 0; k < n; k++) {
        [M[c * n + k], M[piv * n + k]] = [M[piv * n + k], M[c * n + k]];
        [I[c * n + k], I[piv * n + k]] = [I[piv * n + k], I[c * n + k]];
      }
    }
    for (let k = 0; k < n; k++) {
      M[c * n + k] /= pv;
      I[c * n + k] /= pv;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const fct = M[r * n + c];
      if (fct === 0) continue;
      for (let k = 0; k < n; k++) {
        M[r * n + k] -= fct * M[c * n + k];
        I[r * n + k] -= fct * I[c * n + k];
      }
    }
  }
  return I;
}

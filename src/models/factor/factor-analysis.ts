/**
 * Exploratory factor analysis of a correlation matrix: extraction of m factors, then varimax.
 * Principal-axis extraction (Harman 1976, ch. 8; SAS PROC FACTOR `METHOD=PRINCIPAL` / `PRINIT`):
 * the diagonal of R is replaced by communality estimates (squared multiple correlations to start,
 * SMC = 1 − 1/(R⁻¹)ᵢᵢ), the reduced matrix is eigen-decomposed, loadings = V √Λ for its m largest
 * eigenvalues, and the communalities (row sums of squared loadings) go back on the diagonal until
 * they settle. With priors of 1 and one iteration this is principal-component extraction, which
 * `factorAnalysis` uses by default.
 */
import { type Matrix, orientColumns, symmetricEigen } from './matrix.js';
import { type Rotation, varimax } from './varimax.js';

export interface ExtractionOptions {
  /** Factors to extract. */
  factors: number;
  /** Starting communalities: squared multiple correlations (default) or 1 (principal components). */
  priors?: 'smc' | 'one';
  /** Iterations of the communalities (default 100; 1 = SAS `METHOD=PRINCIPAL`, no iteration). */
  maxIterations?: number;
  /** Stop when no communality changes more than this (default 1e-6). */
  tolerance?: number;
}

export interface Extraction {
  /** p × m unrotated loadings, each factor's largest loading positive. */
  loadings: Matrix;
  /** Σⱼ loading² per feature: the variance the common factors explain. */
  communalities: number[];
  /** Eigenvalues of the last reduced correlation matrix, largest first. */
  eigenvalues: number[];
  iterations: number;
  converged: boolean;
  /** A communality reached 1 (a Heywood case): capped at 1, the solution is suspect. */
  heywood: boolean;
  /** The squared multiple correlations could not be computed (R singular): priors of 1 were used. */
  singular: boolean;
}

/**
 * Squared multiple correlation of each variable with all the others, 1 − 1/(R⁻¹)ᵢᵢ, from the
 * eigen-decomposition of R; null when R is singular (an eigenvalue below 1e-10).
 */
export function squaredMultipleCorrelations(correlation: Matrix): number[] | null {
  const { values, vectors } = symmetricEigen(correlation);
  if (values.some((v) => v < 1e-10)) return null;
  return correlation.map((_, i) => 1 - 1 / vectors[i].reduce((s, x, j) => s + (x * x) / values[j], 0));
}

/**
 * Principal-axis extraction of `factors` common factors from a correlation matrix.
 *
 * @example principalAxis(r, { factors: 2, maxIterations: 1 }) // SAS METHOD=PRINCIPAL PRIORS=SMC
 */
export function principalAxis(correlation: Matrix, options: ExtractionOptions): Extraction {
  const { factors: m, priors = 'smc', maxIterations = 100, tolerance = 1e-6 } = options;
  const smc = priors === 'smc' ? squaredMultipleCorrelations(correlation) : null;
  let communalities = smc ?? correlation.map(() => 1);
  let result: Omit<Extraction, 'iterations' | 'converged' | 'heywood' | 'singular'> | null = null;
  let iterations = 0;
  let converged = false;
  let heywood = false;
  while (iterations < maxIterations) {
    iterations++;
    const reduced = correlation.map((row, i) => row.map((x, j) => (i === j ? communalities[i] : x)));
    const { values, vectors } = symmetricEigen(reduced);
    const loadings = vectors.map((row) =>
      row.slice(0, m).map((x, j) => x * Math.sqrt(Math.max(0, values[j]))),
    );
    const next = loadings.map((row) => row.reduce((s, x) => s + x * x, 0));
    heywood = next.some((h) => h >= 1);
    result = { loadings, communalities: next, eigenvalues: values };
    // A communality above 1 is capped (SAS's HEYWOOD option) and convergence judged on the capped values.
    const capped = next.map((h) => Math.min(h, 1));
    const change = Math.max(...capped.map((h, i) => Math.abs(h - communalities[i])));
    communalities = capped;
    if (change <= tolerance) {
      converged = true;
      break;
    }
  }
  const out = result as Omit<Extraction, 'iterations' | 'converged' | 'heywood' | 'singular'>;
  return {
    ...out,
    loadings: orientColumns(out.loadings.map((r) => [...r])),
    iterations,
    converged: converged || maxIterations === 1,
    heywood,
    singular: priors === 'smc' && smc === null,
  };
}

/**
 * The number of factors by Kaiser's rule: eigenvalues of the correlation matrix of at least 1, at
 * least one factor and at most p − 1.
 */
export function kaiserFactors(correlation: Matrix): number {
  const { values } = symmetricEigen(correlation);
  const count = values.filter((v) => v >= 1).length;
  return Math.max(1, Math.min(count, correlation.length - 1));
}

export interface FactorSolution {
  extraction: Extraction;
  rotation: Rotation;
  /** Rotated loadings (p × m), factors ordered by the variance they explain, each largest loading positive. */
  loadings: Matrix;
  /** Σᵢ loading² per rotated factor: the variance it explains (of p in all). */
  variance: number[];
}

export interface FactorAnalysisOptions {
  /** Factors to extract (default: Kaiser's rule). */
  factors?: number;
  /**
   * 'principal-component' (default): loadings of the first principal components, communalities
   * Σ loading² (SPSS's default extraction; never a Heywood case). 'principal-axis': iterated
   * principal axes from SMC priors (the common-factor model; collinear features can push a
   * communality to 1).
   */
  extraction?: 'principal-component' | 'principal-axis';
}

/**
 * Factor analysis as Clientele runs it: `factors` factors (default: Kaiser's rule) extracted by
 * principal components (default) or principal axes, varimax with Kaiser normalisation, factors
 * ordered by explained variance.
 *
 * @example factorAnalysis(correlationMatrix(z, 6)).loadings
 */
export function factorAnalysis(correlation: Matrix, options: FactorAnalysisOptions = {}): FactorSolution {
  const { factors = kaiserFactors(correlation), extraction: method = 'principal-component' } = options;
  const extraction =
    method === 'principal-axis'
      ? principalAxis(correlation, { factors })
      : principalAxis(correlation, { factors, priors: 'one', maxIterations: 1 });
  const rotation = varimax(extraction.loadings);
  const ss = rotation.loadings[0].map((_, j) => rotation.loadings.reduce((s, row) => s + row[j] * row[j], 0));
  const order = ss.map((_, j) => j).sort((a, b) => ss[b] - ss[a]);
  const loadings = orientColumns(rotation.loadings.map((row) => order.map((j) => row[j])));
  return { extraction, rotation, loadings, variance: order.map((j) => ss[j]) };
}

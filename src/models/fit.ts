/**
 * Maximum-likelihood fitting shared by every model: BFGS on log-parameters, robust restarts,
 * an optional L2 penalty, and standard errors from the Hessian of the summed log-likelihood.
 */
import { invert, minimize, numericGradient, numericHessian } from './optimize/index.js';

/**
 * A model's log-likelihood over its prepared data, in natural parameters. Returns the summed
 * (weighted) log-likelihood and, when `grad` is given, writes ∂LL/∂θ into it.
 */
export type LogLikelihood = (params: Float64Array, grad?: Float64Array) => number;

export interface FitOptions {
  /** L2 penalty λ: the objective is −LL/N + λ Σθ² (as lifetimes' `penalizer_coef`). Default 0. */
  penalty?: number;
  /** Starting parameters (natural scale); default: the model's data-based guess. */
  start?: number[];
  maxIterations?: number;
  /** Compute standard errors (a Hessian at the optimum: 2k gradient evaluations). Default true. */
  standardErrors?: boolean;
}

export interface FitResult<P extends string = string> {
  model: string;
  params: Record<P, number>;
  stdErrors: Record<P, number>;
  /** Summed log-likelihood at the estimate, in the data's own time unit. */
  logLikelihood: number;
  converged: boolean;
  iterations: number;
  /** max |∂(−LL/N)/∂ ln θ| at the estimate. */
  gradientNorm: number;
  message: string;
  seconds: number;
  /** Number of customers (total weight). */
  customers: number;
  /** Unique rows the likelihood was evaluated on. */
  uniqueRows: number;
  /** Without standard errors: inverse Hessian of the mean objective in log-parameters (for warm starts). */
  inverseHessianLog?: Float64Array;
}

export interface FitProblem<P extends string> {
  model: string;
  names: readonly P[];
  ll: LogLikelihood;
  customers: number;
  uniqueRows: number;
  starts: number[][];
  /** Use a central-difference gradient instead of the model's analytic one. */
  numericGradient?: boolean;
  /** Analytic Hessian of the summed LL in natural parameters (row-major k×k), for standard errors. */
  hessian?: (params: Float64Array) => Float64Array;
  /** Cheaper problem (e.g. a subsample) whose optimum is used as the single start. */
  warmUp?: () => FitProblem<P>;
}

/** Fits a model by maximum likelihood; see FitProblem. */
export function fitMaximumLikelihood<P extends string>(
  problem: FitProblem<P>,
  options: FitOptions = {},
): FitResult<P> {
  const t0 = performance.now();
  const { names, ll, customers } = problem;
  const k = names.length;
  const lambda = options.penalty ?? 0;
  const theta = new Float64Array(k);
  const gradNat = new Float64Array(k);

  const objective = (logp: Float64Array, g: Float64Array): number => {
    for (let i = 0; i < k; i++) theta[i] = Math.exp(logp[i]);
    let value: number;
    if (problem.numericGradient) {
      value = -ll(theta) / customers;
      const ng = numericGradient((lp) => -ll(lp.map(Math.exp)) / customers, logp, 1e-6);
      for (let i = 0; i < k; i++) g[i] = ng[i];
    } else {
      value = -ll(theta, gradNat) / customers;
      for (let i = 0; i < k; i++) g[i] = (-gradNat[i] / customers) * theta[i];
    }
    for (let i = 0; i < k; i++) {
      value += lambda * theta[i] * theta[i];
      g[i] += 2 * lambda * theta[i] * theta[i];
    }
    return value;
  };

  let starts = options.start ? [options.start] : problem.starts;
  let initialInverseHessian: Float64Array | undefined;
  if (!options.start && problem.warmUp) {
    // Fit a subsample first; its optimum and its curvature (the objective is a mean, so the
    // subsample's Hessian is close to the full one) start the full fit a few steps from the end.
    const warmProblem = problem.warmUp();
    const warm = fitMaximumLikelihood(warmProblem, { ...options, penalty: lambda, standardErrors: false });
    if (warm.converged) {
      starts = [names.map((n) => warm.params[n]), ...starts];
      initialInverseHessian = warm.inverseHessianLog;
    }
  }
  let best: ReturnType<typeof minimize> | null = null;
  let iterations = 0;
  for (const [i, start] of starts.entries()) {
    const r = minimize(
      objective,
      start.map((v) => Math.log(v)),
      {
        maxIterations: options.maxIterations ?? 1000,
        gradientTolerance: 1e-9,
        hessianAtStart: !(i === 0 && initialInverseHessian),
        initialInverseHessian: i === 0 ? initialInverseHessian : undefined,
      },
    );
    iterations += r.iterations;
    if (
      !best ||
      (Number.isFinite(r.value) && (r.value < best.value - 1e-12 || (!best.converged && r.converged)))
    ) {
      best = r;
    }
    if (best.converged) break;
  }
  const result = best!;
  const params = new Float64Array(k);
  for (let i = 0; i < k; i++) params[i] = Math.exp(result.x[i]);

  // Standard errors: inverse Hessian of the summed −LL (plus penalty) in natural parameters.
  const gradientOfTotal = (p: Float64Array): Float64Array => {
    const g = new Float64Array(k);
    if (problem.numericGradient) {
      const ng = numericGradient((q) => -ll(q), p, 1e-6);
      for (let i = 0; i < k; i++) g[i] = ng[i];
    } else {
      ll(p, g);
      for (let i = 0; i < k; i++) g[i] = -g[i];
    }
    for (let i = 0; i < k; i++) g[i] += 2 * lambda * customers * p[i];
    return g;
  };
  const wantErrors = options.standardErrors !== false;
  let H: Float64Array | null = null;
  if (wantErrors && problem.hessian) {
    H = problem.hessian(params).map((v) => -v);
    for (let i = 0; i < k; i++) H[i * k + i] += 2 * lambda * customers;
  } else if (wantErrors) {
    H = numericHessian(gradientOfTotal, params, problem.numericGradient ? 1e-4 : 1e-6);
  }
  const cov = H ? invert(H, k) : null;
  const out = {} as Record<P, number>;
  const se = {} as Record<P, number>;
  names.forEach((name, i) => {
    out[name] = params[i];
    const v = cov ? cov[i * k + i] : Number.NaN;
    se[name] = v > 0 ? Math.sqrt(v) : Number.NaN;
  });
  return {
    model: problem.model,
    params: out,
    stdErrors: se,
    logLikelihood: ll(params),
    converged: result.converged,
    iterations,
    gradientNorm: result.gradientNorm,
    message: result.message,
    seconds: (performance.now() - t0) / 1000,
    customers,
    uniqueRows: problem.uniqueRows,
    inverseHessianLog: wantErrors ? undefined : inverseHessianInLogSpace(objective, result.x),
  };
}

/** Inverse of the exact (finite-difference) Hessian of the objective at x, if positive definite. */
function inverseHessianInLogSpace(objective: (x: Float64Array, g: Float64Array) => number, x: Float64Array) {
  const k = x.length;
  const H = numericHessian((v) => {
    const g = new Float64Array(k);
    objective(v, g);
    return g;
  }, x);
  return invert(H, k) ?? undefined;
}

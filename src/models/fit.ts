/**
 * Maximum-likelihood fitting shared by every model: BFGS on log-parameters, an optional L2
 * penalty, and a checked answer. Large data are first fitted on a subsample whose optimum starts
 * the full fit; the first start that converges is then checked (fit-diagnosis.ts) and, when it
 * ends near an edge of the parameter space, is not a clean optimum, or came from a thin
 * subsample, every other and some dispersed starting points are fitted too and the best is kept.
 */
import { type Diagnosis, diagnose, type Edges, type FitStatus } from './fit-diagnosis.js';
import { type MinimizeResult, minimize, numericGradient } from './optimize/index.js';

export type { Edges, FitStatus } from './fit-diagnosis.js';

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
  /** True for a checked optimum: `status` is `converged` or `boundary`. */
  converged: boolean;
  /** What the estimate is; see FitStatus. `message` says it in words. */
  status: FitStatus;
  /** Parameters at the edge of the parameter space (status `boundary`), → 0 (`low`) or → ∞ (`high`). */
  edges: Edges<P>;
  /** Starting points fitted (1 unless the first answer had to be checked against others). */
  starts: number;
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
  /** Cheaper problem (e.g. a subsample) whose optimum is the first start. */
  warmUp?: () => FitProblem<P>;
  /** Further, widely spread starting points, fitted only when the first answer must be checked. */
  dispersedStarts?: number[][];
  /** Typical size of each parameter (default 1); beyond 10⁴× or below 10⁻⁴× it is at an edge. */
  scales?: number[];
  /** Rows with repeat purchases; a warm-up subsample with fewer than 5,000 is too thin to trust. */
  repeatRows?: number;
  /** What an optimum at these edges means for the model, e.g. "every customer has the same p". */
  describeEdge?: (params: Record<P, number>, edges: Edges<P>) => string | undefined;
}

/** A warm-up subsample that lost repeat buyers to the sampling, down to fewer than this, is checked against other starts. */
const THIN_SUBSAMPLE = 5_000;
/** An end point this many times beyond a parameter's typical size is checked against other starts. */
const CHECK_FACTOR = 1e3;

function better(r: MinimizeResult, best: MinimizeResult | null): boolean {
  if (!best) return true;
  if (!Number.isFinite(r.value)) return false;
  return (
    r.value < best.value - 1e-12 * Math.max(1, Math.abs(best.value)) ||
    (!best.converged && r.converged && r.value <= best.value)
  );
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

  const scales = problem.scales ?? names.map(() => 1);
  const starts = options.start ? [options.start, ...problem.starts] : [...problem.starts];
  let initialInverseHessian: Float64Array | undefined;
  let mustCheck = false;
  if (!options.start && problem.warmUp) {
    // Fit a subsample first; its optimum and its curvature (the objective is a mean, so the
    // subsample's Hessian is close to the full one) start the full fit a few steps from the end.
    const warmProblem = problem.warmUp();
    const warm = fitMaximumLikelihood(warmProblem, { ...options, penalty: lambda, standardErrors: false });
    if (warm.converged) {
      starts.unshift(names.map((n) => warm.params[n]));
      initialInverseHessian = warm.inverseHessianLog;
    }
    // A subsample that lost repeat buyers to the sampling, down to few of them, can have its
    // optimum somewhere else entirely (often at an edge); then the full fit must not trust it
    // alone. (One that kept every repeat buyer the data have says what the data say.)
    const sampled = warmProblem.repeatRows ?? Number.POSITIVE_INFINITY;
    const thin = sampled < THIN_SUBSAMPLE && sampled < (problem.repeatRows ?? Number.POSITIVE_INFINITY);
    mustCheck = thin || warm.status !== 'converged';
  }
  let best: MinimizeResult | null = null;
  let iterations = 0;
  let tried = 0;
  const run = (start: number[], warm: boolean) => {
    const r = minimize(
      objective,
      start.map((v) => Math.log(v)),
      {
        maxIterations: options.maxIterations ?? 1000,
        gradientTolerance: 1e-9,
        hessianAtStart: !(warm && initialInverseHessian),
        initialInverseHessian: warm ? initialInverseHessian : undefined,
      },
    );
    iterations += r.iterations;
    tried++;
    if (better(r, best)) best = r;
  };
  let next = 0;
  while (next < starts.length) {
    run(starts[next], next === 0);
    next++;
    if (best!.converged) break;
  }
  const gradientAt = (x: Float64Array) => {
    const g = new Float64Array(k);
    objective(x, g);
    return g;
  };
  // The optimiser's own gradient where it stopped (the same objective on the same data).
  const gradientOf = (r: MinimizeResult) => (x: Float64Array) =>
    x.every((v, i) => v === r.x[i]) ? Float64Array.from(r.gradient) : gradientAt(x);
  const check = (r: MinimizeResult): Diagnosis<P> =>
    diagnose({
      names,
      scales,
      customers,
      repeatRows: problem.repeatRows,
      x: r.x,
      value: r.value,
      optimizerConverged: r.converged,
      optimizerMessage: r.message,
      iterations,
      gradient: gradientOf(r),
      step: problem.numericGradient ? 1e-4 : 1e-5,
      naturalHessian: problem.hessian ? (t) => naturalHessianOfObjective(problem, t, lambda) : undefined,
      describeEdge: problem.describeEdge,
    });
  let result: MinimizeResult = best!;
  let diagnosis = check(result);
  const nearEdge = result.x.some((lx, i) => Math.abs(lx - Math.log(scales[i])) > Math.log(CHECK_FACTOR));
  if (mustCheck || nearEdge || diagnosis.status !== 'converged') {
    for (const start of [...starts.slice(next), ...(problem.dispersedStarts ?? [])]) run(start, false);
    if (best !== result) {
      result = best!;
      diagnosis = check(result);
    }
    if (diagnosis.escape) {
      run(diagnosis.escape, false);
      if (best !== result) {
        result = best!;
        diagnosis = check(result);
      }
    }
  }
  // The objective is −LL/N + λΣθ²: the log-likelihood follows from its value.
  const logLikelihoodAt = (value: number, theta: Float64Array) => {
    let penalty = 0;
    for (let i = 0; i < k; i++) penalty += lambda * theta[i] * theta[i];
    return -(value - penalty) * customers;
  };
  const params = new Float64Array(k);
  for (let i = 0; i < k; i++) params[i] = Math.exp(result.x[i]);
  const wantErrors = options.standardErrors !== false;
  const out = {} as Record<P, number>;
  const se = {} as Record<P, number>;
  names.forEach((name, i) => {
    out[name] = params[i];
    se[name] = wantErrors ? diagnosis.stdErrors[i] : Number.NaN;
  });
  return {
    model: problem.model,
    params: out,
    stdErrors: se,
    logLikelihood: logLikelihoodAt(result.value, params),
    converged: diagnosis.status === 'converged' || diagnosis.status === 'boundary',
    status: diagnosis.status,
    edges: diagnosis.edges,
    starts: tried,
    iterations,
    gradientNorm: result.gradientNorm,
    message: tried > 1 ? `${diagnosis.message} (best of ${tried} starting points)` : diagnosis.message,
    seconds: (performance.now() - t0) / 1000,
    customers,
    uniqueRows: problem.uniqueRows,
    inverseHessianLog: wantErrors ? undefined : diagnosis.inverseHessianLog,
  };
}

/** Hessian of the total objective −LL + λNΣθ² in natural parameters, from the model's analytic one. */
function naturalHessianOfObjective<P extends string>(
  problem: FitProblem<P>,
  theta: Float64Array,
  lambda: number,
): Float64Array {
  const k = problem.names.length;
  const H = problem.hessian!(theta).map((v) => -v);
  for (let i = 0; i < k; i++) H[i * k + i] += 2 * lambda * problem.customers;
  return H;
}

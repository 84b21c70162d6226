/**
 * What a fit's end point is: an interior optimum, an optimum at the edge of the parameter space,
 * a flat likelihood that does not determine the parameters, or no optimum at all — and the
 * standard errors that go with it. Everything is judged on the Hessian in log-parameters (its
 * steps are relative, so it can be taken at a = 10⁻⁹ as well as at a = 10⁹).
 */
import { invert, numericHessian, symmetricEigen } from './optimize/index.js';

/**
 * `converged`: an interior optimum — gradient zero to tolerance, Hessian positive definite, no
 * better optimum from the other starting points. `boundary`: the best point found lies at the
 * edge of the parameter space (a parameter → 0 or → ∞); the likelihood is at its supremum there.
 * `not_identified`: the likelihood is flat in some direction, so the data do not determine the
 * parameters. `not_converged`: the optimiser stopped without reaching an optimum.
 */
export type FitStatus = 'converged' | 'boundary' | 'not_identified' | 'not_converged';

/** Which parameters sit at the edge of the parameter space, and on which side. */
export type Edges<P extends string> = Partial<Record<P, 'low' | 'high'>>;

/** A parameter this many times above, or below 1/this of, its typical size is at an edge. */
export const EDGE_FACTOR = 1e4;
/** Smallest eigenvalue of the Hessian (scaled to a unit diagonal) taken as positive curvature. */
const MIN_CURVATURE = 1e-9;
/** Largest standard error of ln θ for a parameter to count as determined by the data. */
const MAX_LOG_SE = 10;
/** Largest predicted gain in log-likelihood (a Newton step) still counted as "at the optimum". */
const MAX_NEWTON_GAIN = 1e-3;

export interface DiagnosisInput<P extends string> {
  names: readonly P[];
  /** Typical size of each parameter (natural scale). */
  scales: readonly number[];
  /** Customers (the objective is the total −LL divided by this). */
  customers: number;
  /** Rows with repeat purchases, for the message. */
  repeatRows?: number;
  /** Log-parameters at the end point, the mean objective there and its gradient in x. */
  x: Float64Array;
  value: number;
  optimizerConverged: boolean;
  optimizerMessage: string;
  iterations: number;
  /** Gradient of the mean objective in log-parameters. */
  gradient: (x: Float64Array) => Float64Array;
  /** Step of the finite-difference Hessian (larger when the gradient is itself numeric). */
  step: number;
  /** Hessian of the total objective in natural parameters, when the model has one. */
  naturalHessian?: (theta: Float64Array) => Float64Array;
  describeEdge?: (params: Record<P, number>, edges: Edges<P>) => string | undefined;
}

export interface Diagnosis<P extends string> {
  status: FitStatus;
  message: string;
  edges: Edges<P>;
  stdErrors: Float64Array;
  /** Inverse Hessian of the mean objective in log-parameters (for warm starts), if positive definite. */
  inverseHessianLog?: Float64Array;
  /** Lower-edge parameters the likelihood would rather increase: worth a start away from the edge. */
  escape: number[] | null;
}

const fmt = (v: number) => (Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toPrecision(4));

/** Classifies the end point of a fit; see FitStatus. */
export function diagnose<P extends string>(input: DiagnosisInput<P>): Diagnosis<P> {
  const { names, scales, customers, x } = input;
  const k = names.length;
  const theta = Float64Array.from(x, Math.exp);
  const stdErrors = new Float64Array(k).fill(Number.NaN);
  const edges: Edges<P> = {};
  const named = (list: number[]) => list.map((i) => names[i]).join(', ');
  if (!Number.isFinite(input.value)) {
    return {
      status: 'not_converged',
      message:
        `the log-likelihood is not finite at the starting values (${names.map((n, i) => `${n} = ${fmt(theta[i])}`).join(', ')}): ` +
        'the model cannot be evaluated on these data there; check the data for extreme customers',
      edges,
      stdErrors,
      escape: null,
    };
  }
  const g = input.gradient(x).map((v) => v * customers);
  // Hessian of the total objective in log-parameters: numerically from the gradient, or from
  // the model's analytic Hessian by the chain rule, H_log = D·H·D + diag(θ ∂F/∂θ).
  let H: Float64Array;
  if (input.naturalHessian) {
    const Hn = input.naturalHessian(theta);
    H = new Float64Array(k * k);
    for (let i = 0; i < k; i++) {
      for (let j = 0; j < k; j++) H[i * k + j] = theta[i] * Hn[i * k + j] * theta[j];
      H[i * k + i] += g[i];
    }
  } else {
    H = numericHessian(input.gradient, x, input.step).map((v) => v * customers);
  }
  const low: number[] = [];
  const high: number[] = [];
  for (let i = 0; i < k; i++) {
    const ratio = theta[i] / scales[i];
    if (ratio < 1 / EDGE_FACTOR) low.push(i);
    else if (ratio > EDGE_FACTOR) high.push(i);
  }
  for (const i of low) edges[names[i]] = 'low';
  for (const i of high) edges[names[i]] = 'high';
  const interior = names.map((_, i) => i).filter((i) => !low.includes(i) && !high.includes(i));
  const sub = new Float64Array(interior.length ** 2);
  interior.forEach((i, a) => {
    interior.forEach((j, b) => {
      sub[a * interior.length + b] = H[i * k + j];
    });
  });
  const curvature = flattest(sub, interior.length);
  const cov = curvature.value > MIN_CURVATURE ? invert(sub, interior.length) : null;
  let gain = 0;
  if (cov) {
    interior.forEach((i, a) => {
      stdErrors[i] = theta[i] * Math.sqrt(Math.max(cov[a * interior.length + a], 0));
      interior.forEach((j, b) => {
        gain += 0.5 * g[i] * cov[a * interior.length + b] * g[j];
      });
    });
  }
  const fullInverse =
    interior.length === k && cov
      ? cov.map((v) => v * customers)
      : (invert(H, k)?.map((v) => v * customers) ?? undefined);
  // A lone lower-edge parameter whose natural-scale gradient says "increase me": the log scale
  // hides that slope (∂F/∂ln θ = θ ∂F/∂θ → 0), so the optimiser can stop there without being at
  // an optimum. (Several parameters at an edge together move along a ridge; one alone says little.)
  const escapeFrom =
    low.length === 1 && high.length === 0
      ? low.filter((i) => g[i] < 0 && (-g[i] / theta[i]) * scales[i] > 1e-6)
      : [];
  const escapeStart = escapeFrom.length
    ? Array.from(theta, (v, i) => (escapeFrom.includes(i) ? 0.1 * scales[i] : v))
    : null;
  const base = {
    edges,
    escape: escapeStart,
    inverseHessianLog: fullInverse && positiveDiagonal(fullInverse, k) ? fullInverse : undefined,
  };
  if (!input.optimizerConverged) {
    return {
      ...base,
      stdErrors: stdErrors.fill(Number.NaN),
      status: 'not_converged',
      message:
        `no optimum reached: ${input.optimizerMessage} after ${input.iterations} iterations ` +
        `(largest gradient ${fmt(Math.max(...g.map(Math.abs)))}); try a small penalty or a simpler model`,
    };
  }
  // Not identified: no positive curvature in some direction, or a parameter so loosely tied down
  // that its 95 % interval would span more than a factor e^40.
  const loose = cov
    ? interior.filter((_, a) => !(Math.sqrt(cov[a * interior.length + a]) <= MAX_LOG_SE))
    : [];
  if (!cov || loose.length > 0) {
    const flat = cov
      ? loose
      : curvature.vector
          .map((v, a) => [Math.abs(v), interior[a]] as const)
          .filter(([v]) => v > 0.3)
          .map(([, i]) => i);
    const fewRows = input.repeatRows !== undefined ? ` (${input.repeatRows} rows with repeat purchases)` : '';
    return {
      ...base,
      stdErrors: stdErrors.fill(Number.NaN),
      status: 'not_identified',
      message:
        `the data do not determine the parameters: the log-likelihood is (almost) flat along ${flat.length > 1 ? 'a combination of ' : ''}${named(flat)}, ` +
        `so ${flat.length > 1 ? 'they have' : 'it has'} no meaningful standard errors${fewRows}; usual causes are very few repeat buyers or a short observation period — use more data or a simpler model`,
    };
  }
  if (gain > MAX_NEWTON_GAIN) {
    return {
      ...base,
      stdErrors: stdErrors.fill(Number.NaN),
      status: 'not_converged',
      message: `stopped short of the optimum: a Newton step would still gain ${fmt(gain)} in log-likelihood`,
    };
  }
  if (low.length + high.length > 0) {
    const where = [...low.map((i) => `${names[i]} → 0`), ...high.map((i) => `${names[i]} → ∞`)].join(', ');
    const values = [...low, ...high].map((i) => `${names[i]} = ${fmt(theta[i])}`).join(', ');
    const params = Object.fromEntries(names.map((n, i) => [n, theta[i]])) as Record<P, number>;
    const note = input.describeEdge?.(params, edges);
    return {
      ...base,
      stdErrors,
      status: 'boundary',
      message:
        `best fit at the edge of the parameter space: ${where} (${values})${note ? `; ${note}` : ''}. ` +
        `These are limits, not estimates, and have no standard errors; the other parameters are estimated as usual`,
    };
  }
  return { ...base, stdErrors, status: 'converged', message: 'optimum found' };
}

/** Smallest eigenvalue of H scaled to a unit diagonal, and its direction (0 if H is empty). */
function flattest(H: Float64Array, n: number): { value: number; vector: number[] } {
  if (n === 0) return { value: Number.POSITIVE_INFINITY, vector: [] };
  const d = Array.from({ length: n }, (_, i) => H[i * n + i]);
  if (d.some((v) => !(v > 0))) {
    const i = d.findIndex((v) => !(v > 0));
    return { value: Number.NEGATIVE_INFINITY, vector: d.map((_, j) => (j === i ? 1 : 0)) };
  }
  const C = H.map((v, idx) => v / Math.sqrt(d[Math.floor(idx / n)] * d[idx % n]));
  const e = symmetricEigen(C, n);
  return { value: e.values[0], vector: e.vectors[0] };
}

function positiveDiagonal(A: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (!(A[i * n + i] > 0)) return false;
  return true;
}

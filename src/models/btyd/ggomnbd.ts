/**
 * GGom/NBD (Bemmaor & Glady 2012): Poisson purchases at rate λ ~ Gamma(r, α) while alive; the
 * lifetime has a Gompertz hazard η·b·e^(bτ) with η ~ Gamma(s, β), so the population survival is
 * S(τ) = (β / (β + e^(bτ) − 1))^s. As b → 0 with β/b fixed it becomes Pareto/NBD (β_P = β/b).
 *
 * The likelihood has no closed form: the death-time integral is computed by Gauss–Legendre
 * quadrature (see logDeathIntegral), and its parameter derivatives at the same nodes, so the
 * gradient is analytic (a central-difference gradient costs ten likelihoods and made a fit of
 * the CDNOW sample take 11 s).
 */
import { type FitOptions, type FitProblem, type FitResult, fitMaximumLikelihood } from '../fit.js';
import { gaussLegendre, logAddExp, GL_W as W, GL_X as X } from '../special/index.js';
import { fitParetoNbd } from './pnbd.js';
import { expandToRows, purchasesGivenLifetime, risingSums } from './shared.js';
import { type BtydData, prepareBtyd, type RfmSummary } from './summary.js';

export type GGomNbdParamName = 'r' | 'alpha' | 'b' | 's' | 'beta';
export type GGomNbdParams = Record<GGomNbdParamName, number>;
export const GGOMNBD_PARAMS: readonly GGomNbdParamName[] = ['r', 'alpha', 'b', 's', 'beta'];

const PANELS = 8;
// Module-local copies: the hot loops below must not go through module bindings.
const GL_X = Float64Array.from(X);
const GL_W = Float64Array.from(W);

/** ln S(τ) = s·ln(β / (β + e^(bτ) − 1)). */
function logSurvival(b: number, s: number, beta: number, tau: number): number {
  return -s * Math.log1p(Math.expm1(b * tau) / beta);
}

/** Integrand decay (in e-folds) beyond which the rest of the death-time integral is negligible. */
const TAIL_EFOLDS = 60;
/** E-folds of integrand variation one 16-point panel integrates to ~1e-13 relative. */
const EFOLDS_PER_PANEL = 6;
/** Width in w of one panel, so that every bend of the integrand (at least 1 wide) is resolved. */
const W_PER_PANEL = 2;
/** Panels for the steepest integrands. */
const MAX_PANELS = 64;

/** L(τ) = ln(1 + (e^(bτ) − 1)/β), so that S(τ) = e^(−sL) and f(τ) dτ = s e^(−sL) dL. */
const gompertzL = (b: number, beta: number, tau: number) => Math.log1p(Math.expm1(b * tau) / beta);

/**
 * ln ∫_{t0}^{t1} (α+τ)^(−(r+x)) f(τ) dτ, f the lifetime density (−∞ when t0 = t1), and its
 * gradient in (r, α, b, s, β) written into `g`.
 *
 * The integrand has two bends: (α+τ)^(−(r+x)) turns at τ − t0 ≈ α + t0, and the lifetime part
 * f(τ) dτ = s e^(−sL) dL (see gompertzL) at e^(bτ) − 1 ≈ β, which for small β is a bend of width
 * β/b. Either can be far narrower than the other, so the integral is taken in w = ln(α+τ) + L(τ):
 * both parts change by at most their own e-folds per unit of w, and each bend spans at least one
 * unit. Gauss–Legendre in w on as many panels as those e-folds need (1 for most customers); τ at
 * each node by Newton's method from the previous node. For heavy buyers, whose (α+τ)^(−(r+x))
 * falls by e^(−60) within a sliver after t0, only that sliver is integrated. The parameter
 * derivatives are integrated at the same nodes.
 */
function logDeathIntegral(p: GGomNbdParams, x: number, t0: number, t1: number, g?: Float64Array): number {
  if (t1 <= t0) return Number.NEGATIVE_INFINITY;
  const { r, alpha, b, s, beta } = p;
  const rx = r + x;
  const y0 = Math.log(alpha + t0);
  let tEnd = t1;
  if (rx * (Math.log(alpha + t1) - y0) > TAIL_EFOLDS)
    tEnd = Math.min(t1, (alpha + t0) * Math.exp(TAIL_EFOLDS / rx) - alpha);
  const yEnd = Math.log(alpha + tEnd);
  const L0 = gompertzL(b, beta, t0);
  const L1 = gompertzL(b, beta, tEnd);
  const w0 = y0 + L0;
  const w1 = yEnd + L1;
  if (!(w1 > w0)) return Number.NEGATIVE_INFINITY;
  // ln[(α+τ)^(−(r+x)) s e^(−sL)] has two monotone parts; their changes bound its e-folds.
  const variation = rx * (yEnd - y0) + (s + 1) * (L1 - L0);
  const panels = Math.min(
    MAX_PANELS,
    Math.max(1, Math.ceil(variation / EFOLDS_PER_PANEL), Math.ceil((w1 - w0) / W_PER_PANEL)),
  );
  const ref = -rx * y0 - s * L0;
  let total = 0;
  let dr = 0;
  let dalpha = 0;
  let db = 0;
  let ds = 0;
  let dbeta = 0;
  const h = (w1 - w0) / panels;
  let y = y0;
  let wPrev = w0;
  let tau = t0;
  let E1 = Math.expm1(b * t0);
  let L = L0;
  let Ly = ((alpha + t0) * b * (E1 + 1)) / (beta + E1);
  for (let k = 0; k < panels; k++) {
    const mid = w0 + (k + 0.5) * h;
    for (let i = 0; i < 16; i++) {
      const j = i < 8 ? 7 - i : i - 8;
      const w = mid + 0.5 * h * (i < 8 ? -GL_X[j] : GL_X[j]);
      // Solve y + L(e^y − α) = w for y = ln(α+τ) by Newton's method (the derivative 1 + dL/dy is
      // at least 1), from the previous node moved along its tangent. Once a step is below 1e-6
      // it is applied to (τ, e^(bτ)−1, L, dL/dy) by their derivatives, which leaves them on the
      // curve to O(step²) and keeps y + L = w exactly.
      y += (w - wPrev) / (1 + Ly);
      wPrev = w;
      for (let it = 0; it < 30; it++) {
        tau = Math.exp(y) - alpha;
        E1 = Math.expm1(b * tau);
        L = Math.log1p(E1 / beta);
        Ly = ((alpha + tau) * b * (E1 + 1)) / (beta + E1);
        const step = (w - y - L) / (1 + Ly);
        if (Math.abs(step) < 1e-6) {
          const dTau = (alpha + tau) * step;
          y += step;
          L += Ly * step;
          Ly *= 1 + (1 + (alpha + tau) * b - Ly) * step;
          E1 += b * (E1 + 1) * dTau;
          tau += dTau;
          break;
        }
        y += step;
      }
      tau = Math.min(Math.max(tau, t0), tEnd);
      const v = GL_W[j] * Math.exp(-rx * y - s * L - ref) * (Ly / (1 + Ly));
      total += v;
      if (g) {
        // ∂ ln[(α+τ)^(−(r+x)) f(τ)] at fixed τ, with β + e^(bτ) − 1 written as q.
        const q = beta + E1;
        dr -= v * y;
        dalpha -= (v * rx) / (alpha + tau);
        db += v * (1 / b + tau - ((s + 1) * tau * (E1 + 1)) / q);
        ds += v * (1 / s - L);
        dbeta += v * (-1 / beta + ((s + 1) * E1) / (beta * q));
      }
    }
  }
  if (g) {
    g[0] = dr / total;
    g[1] = dalpha / total;
    g[2] = db / total;
    g[3] = ds / total;
    g[4] = dbeta / total;
  }
  return ref + Math.log(s * total * (h / 2));
}

/** Per-customer log-likelihood parts: ln of the "alive at T" and "died in (t_x, T]" terms. */
function logTerms(p: GGomNbdParams, x: number, tx: number, T: number): [number, number] {
  const alive = -(p.r + x) * Math.log(p.alpha + T) + logSurvival(p.b, p.s, p.beta, T);
  return [alive, logDeathIntegral(p, x, tx, T)];
}

const gDied = new Float64Array(5);

/** Summed log-likelihood of GGom/NBD over prepared data; writes ∂LL/∂(r, α, b, s, β) into `grad`. */
export function ggomnbdLogLikelihood(d: BtydData, theta: ArrayLike<number>, grad?: Float64Array): number {
  const p: GGomNbdParams = { r: theta[0], alpha: theta[1], b: theta[2], s: theta[3], beta: theta[4] };
  const { r, alpha, b, s, beta } = p;
  const lr = risingSums(r, d.xs);
  const logAlpha = Math.log(alpha);
  let ll = 0;
  const G = [0, 0, 0, 0, 0];
  for (let i = 0; i < d.size; i++) {
    const x = d.x[i];
    const T = d.T[i];
    const w = d.w[i];
    const laT = Math.log(alpha + T);
    const E1 = Math.expm1(b * T);
    const LT = Math.log1p(E1 / beta);
    const alive = -(r + x) * laT - s * LT;
    const died = logDeathIntegral(p, x, d.tx[i], T, grad ? gDied : undefined);
    const both = logAddExp(alive, died);
    ll += w * (lr.log[d.xk[i]] + r * logAlpha + both);
    if (grad) {
      const pD = died === Number.NEGATIVE_INFINITY ? 0 : Math.exp(died - both);
      const pA = 1 - pD;
      const q = beta + E1;
      G[0] += w * (lr.inv[d.xk[i]] + logAlpha - pA * laT + pD * gDied[0]);
      G[1] += w * (r / alpha - (pA * (r + x)) / (alpha + T) + pD * gDied[1]);
      G[2] += w * ((-pA * s * T * (E1 + 1)) / q + pD * gDied[2]);
      G[3] += w * (-pA * LT + pD * gDied[3]);
      G[4] += w * ((pA * s * E1) / (beta * q) + pD * gDied[4]);
    }
  }
  if (grad) for (let k = 0; k < 5; k++) grad[k] = G[k];
  return ll;
}

/**
 * Fits GGom/NBD, starting from the Pareto/NBD fit it generalises (b small, β = b·β_Pareto) and
 * from a start with a clearly non-zero b. The optimum may lie on the b → 0 boundary, where the
 * model is Pareto/NBD: then b and β shrink together and their standard errors are large.
 */
export function fitGGomNbd(summary: RfmSummary, options?: FitOptions): FitResult<GGomNbdParamName> {
  const d = prepareBtyd(summary);
  const pareto = fitParetoNbd(summary).params;
  let meanT = 0;
  for (let i = 0; i < d.size; i++) meanT += (d.w[i] * d.T[i]) / d.customers;
  const b0 = 1e-4 / meanT;
  const problem: FitProblem<GGomNbdParamName> = {
    model: 'ggomnbd',
    names: GGOMNBD_PARAMS,
    ll: (theta, grad) => ggomnbdLogLikelihood(d, theta, grad),
    customers: d.customers,
    uniqueRows: d.size,
    repeatRows: d.repeatRows,
    scales: [1, pareto.alpha, 1 / meanT, 1, 1],
    describeEdge: (p, edges) => {
      const notes: string[] = [];
      if (edges.b === 'low')
        notes.push(
          `GGom/NBD is Pareto/NBD here (with Pareto/NBD's β = β/b = ${(p.beta / p.b).toPrecision(4)}): fit Pareto/NBD instead`,
        );
      if (edges.r === 'high' && edges.alpha === 'high')
        notes.push(`every customer buys at the same rate r/α = ${(p.r / p.alpha).toPrecision(3)}`);
      if (edges.s === 'high' && edges.beta === 'high')
        notes.push(
          `every customer has the same drop-out hazard scale s/β = ${(p.s / p.beta).toPrecision(3)}`,
        );
      return notes.length ? notes.join('; ') : undefined;
    },
    starts: [
      [pareto.r, pareto.alpha, b0, pareto.s, b0 * pareto.beta],
      [pareto.r, pareto.alpha, 1 / meanT, 1, 1],
    ],
  };
  return fitMaximumLikelihood(problem, options);
}

/** P(alive | x, t_x, T). */
export function ggomnbdProbabilityAlive(p: GGomNbdParams, x: number, tx: number, T: number): number {
  const [alive, died] = logTerms(p, x, tx, T);
  return Math.exp(alive - logAddExp(alive, died));
}

/** ∫_0^t S(T+u)/S(T) du: expected alive time in the next t, given alive at T. */
function residualAliveTime(p: GGomNbdParams, T: number, t: number): number {
  if (t <= 0) return 0;
  const base = logSurvival(p.b, p.s, p.beta, T);
  return gaussLegendre((u) => Math.exp(logSurvival(p.b, p.s, p.beta, T + u) - base), 0, t, PANELS);
}

/** E[X(t)] for a new customer: (r/α) ∫_0^t S(u) du. */
export function ggomnbdExpectedPurchases(p: GGomNbdParams, t: number): number {
  return (p.r / p.alpha) * residualAliveTime(p, 0, t);
}

/** E[Y(t) | x, t_x, T]: P(alive) · E[λ | x, T] · expected alive time in (T, T+t]. */
export function ggomnbdConditionalExpectedPurchases(
  p: GGomNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  return ggomnbdProbabilityAlive(p, x, tx, T) * ((p.r + x) / (p.alpha + T)) * residualAliveTime(p, T, t);
}

/** P(X(t) = n) for a new customer (see purchasesGivenLifetime). */
export function ggomnbdProbabilityOfPurchases(p: GGomNbdParams, t: number, n: number): number {
  const { b, s, beta } = p;
  return purchasesGivenLifetime(
    p.r,
    p.alpha,
    t,
    n,
    (tau) => Math.exp(logSurvival(b, s, beta, tau)),
    (tau) => ((s * b) / beta) * Math.exp(b * tau + logSurvival(b, s + 1, beta, tau)),
    p.alpha,
  );
}

/** P(alive) and E[Y(t)] for every customer of a summary. */
export function ggomnbdPredict(p: GGomNbdParams, summary: RfmSummary, t: number) {
  return expandToRows(prepareBtyd(summary), (x, tx, T) => [
    ggomnbdProbabilityAlive(p, x, tx, T),
    ggomnbdConditionalExpectedPurchases(p, t, x, tx, T),
  ]);
}

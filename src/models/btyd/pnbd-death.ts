/**
 * The Pareto/NBD likelihood's death term,
 * ln[α^r β^s (s/(r+s+x)) A₀] = ln ∫_{t_x}^{T} s α^r β^s (α+τ)^(−(r+x)) (β+τ)^(−(s+1)) dτ
 * (Γ(r+x)/Γ(r) is outside), with its gradient in (r, α, s, β).
 *
 * Two ways: Fader & Hardie's closed form A₀ = F(t_x) − F(T) through a ₂F₁ power series — exact and
 * cheap for most customers — or Gauss–Legendre quadrature of the integral itself, used where the
 * series is slow (its argument z near 1, e.g. α ≪ β, where it needs ~40/(1−z) terms) or where
 * F(t_x) − F(T) cancels (t_x close to T). The two agree to ~1e-12 relative.
 */
import { logSubExp, GL_W as W, GL_X as X } from '../special/index.js';
import { hypSeries } from './pnbd-series.js';

// Module-local copies: the hot loops below must not go through module bindings.
const GL_X = Float64Array.from(X);
const GL_W = Float64Array.from(W);

/** ln F(t) with F(t) = ₂F₁(·) / (max(α,β) + t)^(r+s+x), and its gradient in (r, α, s, β). */
function logF(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  t: number,
  g: Float64Array,
): number {
  const ap = r + s + x;
  if (alpha >= beta) {
    const mt = alpha + t;
    const z = (alpha - beta) / mt;
    const lm = Math.log(mt);
    const S = hypSeries(ap, s + 1, z, Math.log(beta + t) - lm);
    g[0] = S.dA - lm;
    g[1] = (S.dZ * (beta + t)) / (mt * mt) - ap / mt;
    g[2] = S.dA + S.dB - lm;
    g[3] = -S.dZ / mt;
    return S.logG - ap * lm;
  }
  const mt = beta + t;
  const z = (beta - alpha) / mt;
  const lm = Math.log(mt);
  const S = hypSeries(ap, r + x, z, Math.log(alpha + t) - lm);
  g[0] = S.dA + S.dB - lm;
  g[1] = -S.dZ / mt;
  g[2] = S.dA - lm;
  g[3] = (S.dZ * (alpha + t)) / (mt * mt) - ap / mt;
  return S.logG - ap * lm;
}

const gTx = new Float64Array(4);
const zero = {
  r: Number.NaN,
  alpha: Number.NaN,
  s: Number.NaN,
  beta: Number.NaN,
  value: 0,
  g: new Float64Array(4),
};
const gT = new Float64Array(4);
const gA0 = new Float64Array(4);

/** Below this 1 − z the series needs hundreds of terms and the quadrature is cheaper. */
const SERIES_MIN_1MZ = 0.1;
/** Below this ln F(t_x) − ln F(T) the difference F(t_x) − F(T) loses over four digits. */
const MIN_LOG_GAP = 1e-4;

/**
 * ln[α^r β^s (s/(r+s+x)) A₀] — the part of the likelihood for customers who died between t_x
 * and T — with its gradient in `g` (left untouched and −∞ returned when t_x = T).
 */
export function logDeathTerm(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  tx: number,
  T: number,
  g: Float64Array,
): number {
  if (tx >= T) return Number.NEGATIVE_INFINITY;
  // A one-time buyer's F(0) is shared by all of them (computed once, however many terms it
  // takes), so only F(T)'s series decides; else the slower of F(t_x) and F(T), at t_x.
  const oneTime = x === 0 && tx === 0;
  const at = oneTime ? T : tx;
  const oneMinusZ = (Math.min(alpha, beta) + at) / (Math.max(alpha, beta) + at);
  if (oneMinusZ < SERIES_MIN_1MZ) return logDeathQuadrature(r, alpha, s, beta, x, tx, T, g);
  let lx: number;
  if (oneTime) {
    // Every one-time buyer shares F(0): computed once per parameter vector.
    if (!(zero.r === r && zero.alpha === alpha && zero.s === s && zero.beta === beta)) {
      zero.value = logF(r, alpha, s, beta, 0, 0, zero.g);
      zero.r = r;
      zero.alpha = alpha;
      zero.s = s;
      zero.beta = beta;
    }
    lx = zero.value;
    gTx.set(zero.g);
  } else lx = logF(r, alpha, s, beta, x, tx, gTx);
  const lT = logF(r, alpha, s, beta, x, T, gT);
  if (!(lx - lT >= MIN_LOG_GAP)) return logDeathQuadrature(r, alpha, s, beta, x, tx, T, g);
  const lA0 = logSubExp(lx, lT);
  const wx = Math.exp(lx - lA0);
  const wT = Math.exp(lT - lA0);
  const ap = r + s + x;
  for (let k = 0; k < 4; k++) gA0[k] = wx * gTx[k] - wT * gT[k];
  const logAlpha = Math.log(alpha);
  const logBeta = Math.log(beta);
  g[0] = gA0[0] - 1 / ap + logAlpha;
  g[1] = gA0[1] + r / alpha;
  g[2] = gA0[2] + 1 / s - 1 / ap + logBeta;
  g[3] = gA0[3] + s / beta;
  return r * logAlpha + s * logBeta + Math.log(s) - Math.log(ap) + lA0;
}

/** Decay (in e-folds) beyond which the rest of the integral is negligible. */
const TAIL_EFOLDS = 60;
/** E-folds of integrand variation one 16-point panel integrates to ~1e-13 relative. */
const EFOLDS_PER_PANEL = 6;
/** Width in w of one panel, so that each bend of the integrand (at least 1 wide in w) is resolved. */
const W_PER_PANEL = 2;
const MAX_PANELS = 64;

/**
 * The death term by quadrature, in w = ln(α+τ) + ln(β+τ): the integrand's bends at τ ≈ α and
 * τ ≈ β each span at least one unit of w however far apart α and β are, and τ follows from w in
 * closed form (a quadratic). With A = α+t_x, B = β+t_x and σ = τ − t_x:
 * s(α+τ)^(−(r+x))(β+τ)^(−(s+1)) dτ = s(A+σ)^(1−r−x)(B+σ)^(−s)/(A+B+2σ) dw, and α^r A^(−r) is
 * written (1 + t_x/α)^(−r) (likewise for β^s) so large r, s cancel nothing. Gauss–Legendre on as
 * many panels as the integrand's e-folds need; for heavy buyers only the sliver after t_x where
 * it has not yet fallen by e^(−60). The parameter derivatives are integrated at the same nodes.
 */
function logDeathQuadrature(
  r: number,
  alpha: number,
  s: number,
  beta: number,
  x: number,
  tx: number,
  T: number,
  g: Float64Array,
): number {
  const rx = r + x;
  const A = alpha + tx;
  const B = beta + tx;
  let sigmaEnd = T - tx;
  if (rx * Math.log1p(sigmaEnd / A) > TAIL_EFOLDS)
    sigmaEnd = Math.min(sigmaEnd, A * Math.expm1(TAIL_EFOLDS / rx));
  const la1 = Math.log1p(sigmaEnd / A);
  const lb1 = Math.log1p(sigmaEnd / B);
  const V = la1 + lb1;
  if (!(V > 0)) return Number.NEGATIVE_INFINITY;
  const variation = Math.abs(1 - rx) * la1 + s * lb1 + Math.log1p((2 * sigmaEnd) / (A + B));
  const panels = Math.min(
    MAX_PANELS,
    Math.max(1, Math.ceil(variation / EFOLDS_PER_PANEL), Math.ceil(V / W_PER_PANEL)),
  );
  const logA = Math.log(A);
  // ln(A/α) and ln(B/β), exactly.
  const qa = Math.log1p(tx / alpha);
  const qb = Math.log1p(tx / beta);
  const aSmall = A >= B;
  const big = Math.max(A, B);
  const AB = A * B;
  const sum = A + B;
  let total = 0;
  let dr = 0;
  let dalpha = 0;
  let ds = 0;
  let dbeta = 0;
  const h = V / panels;
  for (let k = 0; k < panels; k++) {
    const mid = (k + 0.5) * h;
    for (let i = 0; i < 16; i++) {
      const j = i < 8 ? i : i - 8;
      const v = mid + 0.5 * h * (i < 8 ? -GL_X[j] : GL_X[j]);
      // (A+σ)(B+σ) = AB·e^v, solved for σ without cancellation; then A+B+2σ = √D and
      // ln(1+σ/A) + ln(1+σ/B) = v.
      const em = Math.expm1(v);
      const root = Math.sqrt(sum * sum + 4 * AB * em);
      const sigma = Math.min((2 * AB * em) / (sum + root), sigmaEnd);
      // The smaller log directly, the other as the difference (no cancellation either way).
      const small = Math.log1p(sigma / big);
      const la = aSmall ? small : v - small;
      const lb = aSmall ? v - small : small;
      const f = (GL_W[j] * Math.exp((1 - rx) * la - s * lb)) / root;
      total += f;
      // ∂ ln[α^r β^s (α+τ)^(−(r+x)) (β+τ)^(−(s+1))] at fixed τ = t_x + σ.
      dr -= f * (qa + la);
      dalpha += (f * ((r * (tx + sigma)) / alpha - x)) / (A + sigma);
      ds -= f * (qb + lb);
      dbeta += (f * ((s * (tx + sigma)) / beta - 1)) / (B + sigma);
    }
  }
  g[0] = dr / total;
  g[1] = dalpha / total;
  g[2] = 1 / s + ds / total;
  g[3] = dbeta / total;
  return Math.log(s) - r * qa + (1 - x) * logA - s * qb + Math.log((total * h) / 2);
}

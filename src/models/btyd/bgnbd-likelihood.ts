/**
 * The BG/NBD and MBG/NBD log-likelihood (Fader, Hardie & Lee 2005, eq. 6; Batislam et al. 2007),
 * its gradient and its Hessian, summed over prepared data. Per customer, with s = 0 (BG/NBD) or
 * 1 (MBG/NBD) and A = (r+x)·ln(α+T), B = ln a − ln(b+x+s−1) − (r+x)·ln(α+t_x):
 *
 *   LL = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x+s) − ln B(a, b) + ln(e^(−A) + [x+s > 0]·e^B).
 *
 * Everything before the last term depends on x alone: it is built once per distinct x and
 * weighted by the customers with that x. Per row that leaves one logarithm for a customer
 * without repeat purchases (BG/NBD) and, otherwise, two logarithms, one exponential and one
 * log1p. The Hessian (for Newton steps and standard errors) costs about one more evaluation.
 */

import { risingSums } from './shared.js';
import type { BtydData } from './summary.js';

/** 0 for BG/NBD, 1 for MBG/NBD: the extra drop-out opportunity at time zero. */
export type Shift = 0 | 1;

/**
 * Summed log-likelihood at p = (r, α, a, b); writes ∂LL/∂p into `grad` and, when given, the 4×4
 * Hessian ∂²LL/∂p² (row-major) into `hess`.
 */
export function bgLikelihood(
  shift: Shift,
  d: BtydData,
  p: ArrayLike<number>,
  grad?: Float64Array,
  hess?: Float64Array,
): number {
  const s = shift;
  const r = p[0];
  const alpha = p[1];
  const a = p[2];
  const b = p[3];
  const H = hess !== undefined;
  const lr = risingSums(r, d.xs, 0, H);
  const lb = risingSums(b, d.xs, s, H);
  const lab = risingSums(a + b, d.xs, s, H);
  const logA = Math.log(a);
  const logAlpha = Math.log(alpha);
  // Per distinct x: the terms of x alone, and ln(b + x + s − 1) and its inverse (the log-odds of
  // having dropped out after the last purchase; b + (x + s − 1) so that a tiny b survives).
  const K = d.xs.length;
  const logBX = new Float64Array(K);
  const invBX = new Float64Array(K);
  let ll = 0;
  let gr = 0;
  let gal = 0;
  let ga = 0;
  let gb = 0;
  let hrr = 0;
  let haa = 0;
  let hab = 0;
  let hbb = 0;
  let N = 0;
  for (let k = 0; k < K; k++) {
    const wk = d.xw[k];
    N += wk;
    ll += wk * (lr.log[k] + lb.log[k] - lab.log[k]);
    gr += wk * lr.inv[k];
    ga -= wk * lab.inv[k];
    gb += wk * (lb.inv[k] - lab.inv[k]);
    if (H) {
      hrr -= wk * lr.inv2[k];
      haa += wk * lab.inv2[k];
      hab += wk * lab.inv2[k];
      hbb += wk * (lab.inv2[k] - lb.inv2[k]);
    }
    const xs = d.xs[k] + s;
    if (xs > 0) {
      logBX[k] = Math.log(b + (xs - 1));
      invBX[k] = 1 / (b + (xs - 1));
    }
  }
  ll += N * r * logAlpha;
  gr += N * logAlpha;
  gal += (N * r) / alpha;
  let hra = N / alpha;
  let hala = (-N * r) / (alpha * alpha);
  let hraRows = 0;
  let hrb = 0;
  let halaRows = 0;
  let halb = 0;
  // Sums of the rows' ∂/∂a terms without their factors 1/a and 1/a².
  let gaRows = 0;
  let haaRows = 0;
  let habRows = 0;
  const { x, tx, T, w, xk } = d;
  const n = d.size;
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    const wi = w[i];
    const rx = r + xi;
    const u = 1 / (alpha + T[i]);
    const l1 = Math.log(alpha + T[i]);
    if (xi + s === 0) {
      ll -= wi * rx * l1;
      gr -= wi * l1;
      gal -= wi * rx * u;
      if (H) {
        hra -= wi * u;
        hala += wi * rx * u * u;
      }
      continue;
    }
    const k = xk[i];
    const v = 1 / (alpha + tx[i]);
    const l2 = Math.log(alpha + tx[i]);
    const A3 = -rx * l1;
    const A4 = logA - logBX[k] - rx * l2;
    // ln(e^A3 + e^A4) and the share p4 of its second term, from one exponential.
    const dd = A4 - A3;
    const e = Math.exp(-Math.abs(dd));
    const q = 1 / (1 + e);
    const p4 = dd > 0 ? q : e * q;
    const p3 = 1 - p4;
    ll += wi * ((dd > 0 ? A4 : A3) + Math.log1p(e));
    gr -= wi * (p3 * l1 + p4 * l2);
    gal -= wi * rx * (p3 * u + p4 * v);
    gaRows += wi * p4;
    gb -= wi * p4 * invBX[k];
    if (H) {
      // ∇²ln(e^A3 + e^A4) = p3∇²A3 + p4∇²A4 + p3p4·DDᵀ, D = ∇A4 − ∇A3 = (l1 − l2, rx(u − v), 1/a, −1/c).
      const c = invBX[k];
      const pp = wi * p3 * p4;
      const D0 = l1 - l2;
      const D1 = rx * (u - v);
      hrr += pp * D0 * D0;
      hra += -wi * (p3 * u + p4 * v) + pp * D0 * D1;
      hala += wi * rx * (p3 * u * u + p4 * v * v) + pp * D1 * D1;
      hraRows += pp * D0;
      hrb -= pp * D0 * c;
      halaRows += pp * D1;
      halb -= pp * D1 * c;
      haaRows += -wi * p4 + pp;
      habRows -= pp * c;
      hbb += (wi * p4 + pp) * c * c;
    }
  }
  if (grad) {
    grad[0] = gr;
    grad[1] = gal;
    grad[2] = ga + gaRows / a;
    grad[3] = gb;
  }
  if (hess) {
    const ia = 1 / a;
    const hraA = hraRows * ia;
    const halaA = halaRows * ia;
    const haaAll = haa + haaRows * ia * ia;
    const habAll = hab + habRows * ia;
    const entries = [
      [hrr, hra, hraA, hrb],
      [hra, hala, halaA, halb],
      [hraA, halaA, haaAll, habAll],
      [hrb, halb, habAll, hbb],
    ];
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) hess[i * 4 + j] = entries[i][j];
  }
  return ll;
}

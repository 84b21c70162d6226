/**
 * Confidence intervals for survey scores (SPEC §4.6): the Wilson score interval for a proportion
 * (CSAT = share of 4–5 answers) and the normal-approximation interval for NPS, a difference of
 * two proportions of one multinomial sample (promoters − detractors). Pure functions of counts.
 */

/** The standard normal quantile for a two-sided 95 % interval, Φ⁻¹(0.975). */
export const Z95 = 1.959963984540054;

export interface Interval {
  /** The point estimate. */
  value: number;
  low: number;
  high: number;
}

function checkCounts(n: number, parts: readonly number[]): void {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`n must be a whole number ≥ 0, got ${n}`);
  let sum = 0;
  for (const k of parts) {
    if (!(Number.isInteger(k) && k >= 0)) throw new RangeError(`counts must be whole numbers ≥ 0, got ${k}`);
    sum += k;
  }
  if (sum > n) throw new RangeError(`the counts (${parts.join(' + ')}) exceed n = ${n}`);
}

/**
 * The Wilson score interval of a proportion `successes / n` (Wilson 1927), null when n = 0:
 *
 *   centre = (p̂ + z²/2n) / (1 + z²/n),  half-width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/4n²).
 *
 * Unlike p̂ ± z·√(p̂(1 − p̂)/n) it stays within 0–1 and does not collapse to a point at 0 % or 100 %.
 *
 * @example wilsonInterval(8, 10) // { value: 0.8, low: 0.4902, high: 0.9433 } (rounded)
 */
export function wilsonInterval(successes: number, n: number, z = Z95): Interval | null {
  checkCounts(n, [successes]);
  if (n === 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/**
 * Net Promoter Score as a share (−1 … 1; × 100 for the usual points) with its normal-approximation
 * interval, null when n = 0. With p₊ = promoters/n and p₋ = detractors/n from one multinomial
 * sample, Var(p₊ − p₋) = (p₊ + p₋ − (p₊ − p₋)²) / n, since Cov(p₊, p₋) = −p₊p₋/n. The interval,
 * NPS ± z·√Var, is clipped to −1 … 1; it is a single point when every answer is in one class.
 *
 * @example npsInterval(50, 20, 100) // { value: 0.3, low: 0.1469, high: 0.4531 } (rounded)
 */
export function npsInterval(promoters: number, detractors: number, n: number, z = Z95): Interval | null {
  checkCounts(n, [promoters, detractors]);
  if (n === 0) return null;
  const p = promoters / n;
  const d = detractors / n;
  const value = p - d;
  const se = Math.sqrt(Math.max(0, p + d - value * value) / n);
  return { value, low: Math.max(-1, value - z * se), high: Math.min(1, value + z * se) };
}

/**
 * The data-quality score (0–100): per check kind, the mean pass rate (1 − failing / rows) of its
 * scored checks, each table and column counting once; the summary is the weighted mean of the
 * kinds that ran. Weights: checks whose failures make results wrong (values out of domain,
 * orphans, future dates, rows lost as rejects) weigh 2; those that may be legitimate (empty
 * optional fields, extreme amounts) weigh 1; duplicates dropped at import harm nothing and weigh 0.
 */
import type { CheckKind, Finding } from './pass.js';

export const CHECK_WEIGHTS: Record<CheckKind, number> = {
  completeness: 1,
  domain: 2,
  orphans: 2,
  future_dated: 2,
  extreme: 1,
  rejects: 2,
  duplicates: 0,
};

/**
 * The score of each kind that ran (100 × mean pass rate of its checks) and the summary score
 * (null when no scored check ran). Duplicates get a kind score too, outside the summary.
 *
 * @example qualityScores([{ check: 'domain', rows: 4, failing: 1, scored: true, … }])
 *   // { byKind: Map { 'domain' => 75 }, score: 75 }
 */
export function qualityScores(findings: readonly Finding[]): {
  byKind: Map<CheckKind, number>;
  score: number | null;
} {
  const rates = new Map<CheckKind, number[]>();
  for (const f of findings) {
    if (f.rows === 0 || !(f.scored || f.check === 'duplicates')) continue;
    rates.set(f.check, [...(rates.get(f.check) ?? []), 1 - f.failing / f.rows]);
  }
  const byKind = new Map<CheckKind, number>();
  for (const [kind, r] of rates) byKind.set(kind, (100 * r.reduce((s, x) => s + x, 0)) / r.length);
  let weighted = 0;
  let weights = 0;
  for (const [kind, s] of byKind) {
    weighted += CHECK_WEIGHTS[kind] * s;
    weights += CHECK_WEIGHTS[kind];
  }
  return { byKind, score: weights > 0 ? weighted / weights : null };
}

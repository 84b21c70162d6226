/**
 * RFM (SPEC §4.1): per customer with a completed purchase, recency (calendar days from the last
 * purchase to as_of), frequency (distinct orders) and monetary (net spend); 1–5 scores by
 * quintile thresholds (recency reversed: recent is 5; customers with equal values share a score);
 * and a named segment from R and FM = round((F + M) / 2), by the rule table in docs/metrics.md.
 */
import type { RunContext } from '../context.js';

/** Segment per R score (5 → 1), then per FM score (1 → 5). */
export const SEGMENT_RULES: Record<number, readonly string[]> = {
  5: ['New', 'Potential loyalist', 'Potential loyalist', 'Champions', 'Champions'],
  4: ['Promising', 'Potential loyalist', 'Potential loyalist', 'Loyal', 'Loyal'],
  3: ['About to sleep', 'About to sleep', 'Need attention', 'Loyal', 'Loyal'],
  2: ['Hibernating', 'Hibernating', 'At risk', 'At risk', 'Cannot lose'],
  1: ['Lost', 'Lost', 'At risk', 'At risk', 'Cannot lose'],
};

/** The named segments, best first. */
export const SEGMENTS = [
  'Champions',
  'Loyal',
  'Potential loyalist',
  'New',
  'Promising',
  'Need attention',
  'About to sleep',
  'At risk',
  'Cannot lose',
  'Hibernating',
  'Lost',
] as const;

const QUINTILES = [0.2, 0.4, 0.6, 0.8] as const;

/** Score 1–5 of `x` against ascending thresholds (bound parameters); `reversed` for recency. */
function score(x: string, thresholds: readonly string[], reversed: boolean): string {
  const above = thresholds.map((t) => `CASE WHEN ${x} > ${t} THEN 1 ELSE 0 END`).join(' + ');
  const below = thresholds.map((t) => `CASE WHEN ${x} < ${t} THEN 1 ELSE 0 END`).join(' + ');
  return reversed ? `(1 + ${below})` : `(1 + ${above})`;
}

export async function rfm(ctx: RunContext): Promise<void> {
  const { sql } = ctx;
  const values = `SELECT customer_id, ${sql.daysBetween('last_at', sql.timestamp('$1'))} AS recency_days,
      orders AS frequency, revenue AS monetary FROM _customer_base`;
  const [q] = await ctx.db.query<{ r: number[] | null; f: number[] | null; m: number[] | null }>(
    `SELECT ${sql.quantiles('recency_days', QUINTILES)} AS r, ${sql.quantiles('frequency', QUINTILES)} AS f,
       ${sql.quantiles(sql.toFloat('monetary'), QUINTILES)} AS m FROM (${values}) v`,
    [ctx.params.asOf],
  );
  if (!q.r || !q.f || !q.m) return;
  const params: (string | number)[] = [ctx.params.asOf, ...q.r, ...q.f, ...q.m];
  const at = (k: number) => QUINTILES.map((_, i) => `$${2 + k * 4 + i}`);
  const fm = `CAST(floor((f_score + m_score + 1) / 2) AS INTEGER)`;
  const segment = `CASE ${Object.entries(SEGMENT_RULES)
    .flatMap(([r, names]) =>
      names.map((name, i) => `WHEN r_score = ${r} AND ${fm} = ${i + 1} THEN '${name}'`),
    )
    .join(' ')} END`;
  await ctx.write(
    'rfm',
    `SELECT customer_id, recency_days, frequency, monetary, r_score, f_score, m_score, ${segment} AS segment
     FROM (SELECT *, ${score('recency_days', at(0), true)} AS r_score, ${score('frequency', at(1), false)} AS f_score,
             ${score(sql.toFloat('monetary'), at(2), false)} AS m_score FROM (${values}) v) s`,
    params,
  );
}

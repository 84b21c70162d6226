/**
 * Influence (SPEC §4.9 and the social-relationship asset of §2), up to as_of, one row per customer
 * with a relation to another customer:
 *
 * - `referrals` — distinct customers referred (relations of kind `referral`, dated up to as_of or
 *   undated, not to themself); `referred_revenue` — their net spend to date (Σ over the referred,
 *   each counted for every customer who referred them); `referred_clv` — their 12-month predictive
 *   CLV (a referred customer without one counts 0; empty when the run has no CLV at all);
 * - `pagerank` — PageRank on the relations graph (`graph.ts`; ranks sum to 1 over the graph, empty
 *   for a customer without relations).
 *
 * KPIs: `referrers`, `top1pct_referral_share` (share of all referrals made by the top 1 % of
 * referrers, at least one), `share_rate` = shares ÷ views and `interaction_rate` = interactions ÷
 * views over all events up to as_of (empty without views).
 */
import type { RunContext } from '../context.js';
import { rankRelations, relationsUpToAsOf } from './graph.js';

/** Event types that count as interactions with content. */
export const INTERACTION_TYPES = ['like', 'comment', 'share'] as const;

/**
 * Writes `influence` for the run and its KPIs.
 *
 * @example await influence(ctx); // after base and value
 */
export async function influence(ctx: RunContext): Promise<void> {
  const { sql, db } = ctx;
  await rankRelations(ctx);
  const [clv] = await db.query<{ n: number }>(
    'SELECT count(clv_12m) AS n FROM customer_value WHERE run_id = $1',
    [ctx.runId],
  );
  const hasClv = Number(clv.n) > 0;
  const written = await ctx.write(
    'influence',
    `SELECT customer_id, sum(referrals) AS referrals, ${sql.toMoney('sum(referred_revenue)')} AS referred_revenue,
       ${hasClv ? `${sql.toFloat('coalesce(sum(referred_clv), 0)')}` : sql.toFloat('NULL')} AS referred_clv,
       max(pagerank) AS pagerank
     FROM (SELECT x.from_id AS customer_id, count(*) AS referrals, coalesce(sum(x.revenue), 0) AS referred_revenue,
             sum(v.clv_12m) AS referred_clv, NULL AS pagerank
           FROM (SELECT r.from_id, r.to_id, b.revenue
                 FROM (SELECT from_id, to_id FROM relations WHERE kind = 'referral' AND ${relationsUpToAsOf(ctx)}
                       GROUP BY from_id, to_id) r
                 LEFT JOIN _customer_base b ON b.customer_id = r.to_id) x
           LEFT JOIN (SELECT customer_id, clv_12m FROM customer_value WHERE run_id = $2) v ON v.customer_id = x.to_id
           GROUP BY x.from_id
           UNION ALL
           SELECT customer_id, 0, 0, NULL, pagerank FROM _influence_rank) u
     GROUP BY customer_id`,
    [ctx.params.asOf, ctx.runId],
  );
  if (written === 0)
    ctx.warn('no relations between customers up to the observation date: referrals and PageRank are empty');
  else if (!hasClv) ctx.warn("no 12-month CLV in this run: the referred customers' CLV is left empty");
  await kpis(ctx, written);
}

async function kpis(ctx: RunContext, written: number): Promise<void> {
  const { db, sql } = ctx;
  if (written === 0) {
    ctx.kpi('referrers', null, 'customers');
    ctx.kpi('top1pct_referral_share', null, 'share');
  } else {
    const { referrals } = await db.columns(
      'SELECT referrals FROM influence WHERE run_id = $1 AND referrals > 0',
      [ctx.runId],
    );
    ctx.kpi('referrers', referrals.length, 'customers');
    ctx.kpi('top1pct_referral_share', topShare(referrals, 0.01), 'share');
  }
  // Sharing over all events: counted per type as stored (a handful of groups), then by lower case.
  const interaction = INTERACTION_TYPES.map((t) => `'${t}'`).join(', ');
  const [e] = await db.query<{ shares: number | null; interactions: number | null; views: number | null }>(
    `SELECT sum(CASE WHEN type = 'share' THEN n ELSE 0 END) AS shares,
       sum(CASE WHEN type IN (${interaction}) THEN n ELSE 0 END) AS interactions,
       sum(CASE WHEN type = 'view' THEN n ELSE 0 END) AS views
     FROM (SELECT lower(type) AS type, n FROM (
             SELECT type, count(*) AS n FROM events WHERE occurred_at <= ${sql.timestamp('$1')} GROUP BY type) g) e`,
    [ctx.params.asOf],
  );
  const views = Number(e.views ?? 0);
  if (views === 0) ctx.warn('no view events: the share and interaction rates (per view) are left empty');
  ctx.kpi('share_rate', views > 0 ? Number(e.shares) / views : null, 'share');
  ctx.kpi('interaction_rate', views > 0 ? Number(e.interactions) / views : null, 'share');
}

/**
 * The share of the total made by the top `fraction` of values (at least one), ties broken
 * arbitrarily; null without values.
 *
 * @example topShare(new Float64Array([5, 1, 1, 1]), 0.01) // 5 / 8
 */
export function topShare(values: Float64Array, fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort().reverse();
  const top = Math.max(1, Math.floor(values.length * fraction));
  let total = 0;
  let made = 0;
  for (let i = 0; i < sorted.length; i++) {
    total += sorted[i];
    if (i < top) made += sorted[i];
  }
  return total > 0 ? made / total : null;
}

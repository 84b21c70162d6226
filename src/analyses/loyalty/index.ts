/**
 * Loyalty and engagement (SPEC §4.7), up to as_of, one row per active customer — a customer with
 * a completed purchase, an event or a referral up to as_of:
 *
 * - `orders` (distinct orders) and `repeat_buyer` (purchases on at least two different days, the
 *   meaning of "repeat" in the repeat-purchase rate and the lifetime models);
 * - `referrals` — distinct customers referred (`relations` of kind `referral` from the customer,
 *   dated up to as_of or undated; a customer referring themself is not counted);
 * - `events`, `activities` (events of type `activity`) and `engagement_score` = Σ event weights
 *   (`ENGAGEMENT_WEIGHTS`; other types weigh 1).
 *
 * KPIs over the active customers: `active_customers`, `referral_rate` (share who referred at least
 * one customer), `participation_rate` (share with at least one activity), `mean_engagement`.
 * Without any referral relation, or any event, the rates that need them are left empty (warned):
 * absent data is not a rate of zero.
 */
import type { RunContext } from '../context.js';

/** Weight of each event type in the engagement score: effort and visibility to others. */
export const ENGAGEMENT_WEIGHTS: Readonly<Record<string, number>> = {
  visit: 1,
  login: 1,
  view: 1,
  like: 2,
  comment: 3,
  share: 4,
  post: 4,
  activity: 5,
};

/** Weight of an event type not in `ENGAGEMENT_WEIGHTS`. */
export const OTHER_EVENT_WEIGHT = 1;

/**
 * Writes `loyalty` for the run and its KPIs.
 *
 * @example await loyalty(ctx); // after base
 */
export async function loyalty(ctx: RunContext): Promise<void> {
  const { sql, db } = ctx;
  const at = sql.timestamp('$1');
  const [seen] = await db.query<{ events: number; referrals: number; self: number }>(
    `SELECT (SELECT count(*) FROM events WHERE occurred_at <= ${at}) AS events,
       (SELECT count(*) FROM relations WHERE kind = 'referral') AS referrals,
       (SELECT count(*) FROM relations WHERE kind = 'referral' AND from_id = to_id) AS self`,
    [ctx.params.asOf],
  );
  if (seen.self > 0) ctx.warn('referrals of a customer to themself are not counted', seen.self);
  const weight = `CASE ${Object.entries(ENGAGEMENT_WEIGHTS)
    .map(([type, w]) => `WHEN type = '${type}' THEN ${w}`)
    .join(' ')} ELSE ${OTHER_EVENT_WEIGHT} END`;
  const written = await ctx.write(
    'loyalty',
    `SELECT customer_id, sum(orders) AS orders, sum(purchase_days) >= 2 AS repeat_buyer, sum(referrals) AS referrals,
       sum(events) AS events, sum(activities) AS activities, ${sql.toFloat('sum(score)')} AS engagement_score
     FROM (SELECT customer_id, orders, purchase_days, 0 AS referrals, 0 AS events, 0 AS activities, 0 AS score
           FROM _customer_base WHERE purchase_days > 0
           UNION ALL
           SELECT customer_id, 0 AS orders, 0 AS purchase_days, 0 AS referrals, count(*) AS events,
             sum(CASE WHEN type = 'activity' THEN 1 ELSE 0 END) AS activities, sum(${weight}) AS score
           FROM (SELECT customer_id, lower(type) AS type FROM events WHERE occurred_at <= ${at}) e
           GROUP BY customer_id
           UNION ALL
           SELECT from_id AS customer_id, 0 AS orders, 0 AS purchase_days, count(DISTINCT to_id) AS referrals,
             0 AS events, 0 AS activities, 0 AS score
           FROM relations WHERE kind = 'referral' AND from_id <> to_id AND (occurred_at IS NULL OR occurred_at <= ${at})
           GROUP BY from_id) u
     GROUP BY customer_id`,
    [ctx.params.asOf],
  );
  ctx.kpi('active_customers', written, 'customers');
  if (written === 0) {
    ctx.warn('no purchases, events or referrals up to the observation date: loyalty not computed');
    return;
  }
  const [k] = await db.query<{ referrers: number; participants: number; engagement: number }>(
    `SELECT sum(CASE WHEN referrals > 0 THEN 1 ELSE 0 END) AS referrers,
       sum(CASE WHEN activities > 0 THEN 1 ELSE 0 END) AS participants, avg(engagement_score) AS engagement
     FROM loyalty WHERE run_id = $1`,
    [ctx.runId],
  );
  if (seen.referrals === 0) ctx.warn('no referral relations: the referral rate is left empty');
  if (seen.events === 0) ctx.warn('no events: the participation rate and engagement are left empty');
  ctx.kpi('referral_rate', seen.referrals > 0 ? Number(k.referrers) / written : null, 'share');
  ctx.kpi('participation_rate', seen.events > 0 ? Number(k.participants) / written : null, 'share');
  ctx.kpi('mean_engagement', seen.events > 0 ? k.engagement : null, 'points');
}

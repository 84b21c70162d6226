/**
 * Satisfaction joined to value: each customer's latest NPS answer up to as_of makes them a
 * promoter (9–10), passive (7–8) or detractor (0–6); per class, the churn rate (churned ÷ customers
 * whose churn flag is known, see `customers.ts`) and the mean and total 12-month CLV and mean
 * historical CLV of `_voice_customers`.
 */
import type { RunContext } from '../context.js';
import { VOICE_CUSTOMERS } from './customers.js';

/** The NPS classes, best first. */
export const NPS_CLASSES = ['promoter', 'passive', 'detractor'] as const;

/** Writes `satisfaction_value` (one row per NPS class that has customers). */
export async function writeSatisfactionValue(ctx: RunContext): Promise<void> {
  const { sql } = ctx;
  const latest = `SELECT customer_id, ${sql.argMin('score', `-(${sql.epochSeconds('occurred_at')})`)} AS score
    FROM feedback WHERE kind = 'nps' AND score >= 0 AND score <= 10 AND occurred_at <= ${sql.timestamp('$1')}
    GROUP BY customer_id`;
  const rows = await ctx.db.query<{
    nps_class: string;
    customers: number;
    valued: number;
    churned: number | null;
    flagged: number;
    mean_clv: number | null;
    total_clv: number | null;
    mean_historical: number | null;
  }>(
    `SELECT CASE WHEN l.score >= 9 THEN 'promoter' WHEN l.score <= 6 THEN 'detractor' ELSE 'passive' END AS nps_class,
       count(*) AS customers, count(v.clv_12m) AS valued, sum(v.churned) AS churned, count(v.churned) AS flagged,
       avg(v.clv_12m) AS mean_clv, sum(v.clv_12m) AS total_clv, avg(v.historical_clv) AS mean_historical
     FROM (${latest}) l LEFT JOIN ${VOICE_CUSTOMERS} v ON v.customer_id = l.customer_id
     GROUP BY CASE WHEN l.score >= 9 THEN 'promoter' WHEN l.score <= 6 THEN 'detractor' ELSE 'passive' END`,
    [ctx.params.asOf],
  );
  if (rows.length === 0) return;
  const total = rows.reduce((s, r) => s + Number(r.customers), 0);
  const flagged = rows.reduce((s, r) => s + Number(r.flagged), 0);
  if (flagged === 0) ctx.warn('no churn flag for the NPS respondents: churn rate by NPS class left empty');
  const order = (c: string) => NPS_CLASSES.indexOf(c as (typeof NPS_CLASSES)[number]);
  await ctx.writeRows(
    'satisfaction_value',
    rows
      .sort((a, b) => order(a.nps_class) - order(b.nps_class))
      .map((r) => ({
        nps_class: r.nps_class,
        customers: Number(r.customers),
        share: Number(r.customers) / total,
        valued: Number(r.valued),
        churned: r.churned === null ? null : Number(r.churned),
        churn_rate: Number(r.flagged) > 0 ? Number(r.churned) / Number(r.flagged) : null,
        mean_clv_12m: r.mean_clv,
        total_clv_12m: r.total_clv,
        mean_historical_clv: r.mean_historical,
      })),
  );
}

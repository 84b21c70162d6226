/**
 * Churn reasons (SPEC §2 seed 004 §8; issue 8 item 8): feedback of kind `churn_reason` up to
 * as_of, by reason = its topic (trimmed, lower case; "unspecified" without one). Per reason: the
 * feedback items; the customers whose latest reason it is (so each customer counts once and the
 * value columns add up); their share of the customers who gave a reason; how many of them are
 * churned by the run (`_voice_customers.churned`); the value lost with them — Σ 12-month CLV (SPEC
 * §4.5: churn cost = predictive CLV of churned/at-risk customers), its mean, and Σ historical CLV
 * (what they had brought).
 */
import type { SqlValue } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { VOICE_CUSTOMERS } from '../satisfaction/customers.js';

/** The reason that means a customer went to a competitor. */
export const COMPETITOR_REASON = 'switched_to_competitor';

/** Writes `churn_reasons`; returns the number of customers who gave a reason. */
export async function writeChurnReasons(ctx: RunContext): Promise<number> {
  const { sql, db } = ctx;
  const reasons = `SELECT customer_id, occurred_at,
      coalesce(NULLIF(lower(trim(topic)), ''), 'unspecified') AS reason
    FROM feedback WHERE kind = 'churn_reason' AND occurred_at <= ${sql.timestamp('$1')}`;
  const feedback = await db.query<{ reason: string; n: number }>(
    `SELECT reason, count(*) AS n FROM (${reasons}) r GROUP BY reason`,
    [ctx.params.asOf],
  );
  if (feedback.length === 0) return 0;
  const latest = `SELECT customer_id, ${sql.argMin('reason', `-(${sql.epochSeconds('occurred_at')})`)} AS reason
    FROM (${reasons}) r GROUP BY customer_id`;
  const customers = await db.query<{
    reason: string;
    customers: number;
    churned: number | null;
    valued: number;
    clv: number | null;
    mean_clv: number | null;
    historical: number | null;
  }>(
    `SELECT l.reason, count(*) AS customers, sum(v.churned) AS churned, count(v.clv_12m) AS valued,
       sum(v.clv_12m) AS clv, avg(v.clv_12m) AS mean_clv, sum(v.historical_clv) AS historical
     FROM (${latest}) l LEFT JOIN ${VOICE_CUSTOMERS} v ON v.customer_id = l.customer_id
     GROUP BY l.reason`,
    [ctx.params.asOf],
  );
  const total = customers.reduce((s, r) => s + Number(r.customers), 0);
  const rows: Record<string, SqlValue>[] = feedback.map(({ reason, n }) => {
    const c = customers.find((r) => r.reason === reason);
    const count = Number(c?.customers ?? 0);
    return {
      reason,
      feedback: Number(n),
      customers: count,
      share: total > 0 ? count / total : null,
      at_risk: c?.churned === null || c?.churned === undefined ? null : Number(c.churned),
      clv_lost: c && Number(c.valued) > 0 ? c.clv : null,
      mean_clv_12m: c?.mean_clv ?? null,
      historical_clv: c?.historical ?? null,
    };
  });
  rows.sort(
    (a, b) => Number(b.customers) - Number(a.customers) || (String(a.reason) < String(b.reason) ? -1 : 1),
  );
  await ctx.writeRows('churn_reasons', rows);
  const competitor = rows.find((r) => r.reason === COMPETITOR_REASON);
  ctx.kpi('churn_reason_customers', total, 'customers');
  ctx.kpi('lost_to_competitor_share', total > 0 ? Number(competitor?.customers ?? 0) / total : null, 'share');
  return total;
}

/**
 * The per-customer figures that demographic segments, clusters and factors all read, gathered once
 * per run into the scratch table `_segment_customers` (one pass over each source, no per-analysis
 * repeat): for every customer with a completed purchase, value, loyalty or feedback up to as_of —
 *
 * - from `rfm`: `buyer` (1), `recency_days`, `frequency`, `monetary` (net spend, money);
 * - from `customer_value`: `clv_12m`; from `loyalty`: `repeat_buyer` (1/0), `referrer` (1/0),
 *   `engagement_score`;
 * - from the canonical `feedback` table (up to as_of): `nps_answers`, `promoters` (9–10),
 *   `detractors` (0–6), `csat_answers`, `satisfied` (CSAT 4–5), and `satisfaction`, the mean of
 *   the customer's NPS (score / 10), CSAT and rating ((score − 1) / 4) answers, from 0 to 1.
 */
import type { RunContext } from '../context.js';

export const FIGURES_TABLE = '_segment_customers';

const made = new WeakMap<RunContext, Promise<void>>();

/** Makes `_segment_customers` for the run (once; later calls wait for the same table). */
export function customerFigures(ctx: RunContext): Promise<void> {
  let table = made.get(ctx);
  if (!table) {
    table = makeFigures(ctx);
    made.set(ctx, table);
  }
  return table;
}

async function makeFigures(ctx: RunContext): Promise<void> {
  const { sql } = ctx;
  const f = sql.toFloat('NULL');
  const money = sql.toMoney('NULL');
  const score = `CASE WHEN kind = 'nps' THEN score / 10.0 ELSE (score - 1) / 4.0 END`;
  const scaled = `CASE WHEN ${score} < 0 THEN 0 WHEN ${score} > 1 THEN 1 ELSE ${score} END`;
  const zeros = (n: number) => Array.from({ length: n }, () => '0').join(', ');
  await ctx.materialize(
    FIGURES_TABLE,
    `SELECT customer_id, max(buyer) AS buyer, max(recency_days) AS recency_days, max(frequency) AS frequency,
       max(monetary) AS monetary, max(clv_12m) AS clv_12m, max(repeat_buyer) AS repeat_buyer, max(referrer) AS referrer,
       max(engagement_score) AS engagement_score, sum(nps_answers) AS nps_answers, sum(promoters) AS promoters,
       sum(detractors) AS detractors, sum(csat_answers) AS csat_answers, sum(satisfied) AS satisfied,
       max(satisfaction) AS satisfaction
     FROM (SELECT customer_id, 1 AS buyer, ${sql.toFloat('recency_days')} AS recency_days, ${sql.toFloat('frequency')} AS frequency,
             ${sql.toMoney('monetary')} AS monetary, ${f} AS clv_12m, 0 AS repeat_buyer, 0 AS referrer, ${f} AS engagement_score,
             0 AS nps_answers, 0 AS promoters, 0 AS detractors, 0 AS csat_answers, 0 AS satisfied, ${f} AS satisfaction
           FROM rfm WHERE run_id = $1
           UNION ALL
           SELECT customer_id, 0, ${f}, ${f}, ${money}, clv_12m, ${zeros(2)}, ${f}, ${zeros(5)}, ${f}
           FROM customer_value WHERE run_id = $1
           UNION ALL
           SELECT customer_id, 0, ${f}, ${f}, ${money}, ${f}, CASE WHEN repeat_buyer THEN 1 ELSE 0 END,
             CASE WHEN referrals > 0 THEN 1 ELSE 0 END, engagement_score, ${zeros(5)}, ${f}
           FROM loyalty WHERE run_id = $1
           UNION ALL
           SELECT customer_id, 0, ${f}, ${f}, ${money}, ${f}, ${zeros(2)}, ${f},
             sum(CASE WHEN kind = 'nps' THEN 1 ELSE 0 END), sum(CASE WHEN kind = 'nps' AND score >= 9 THEN 1 ELSE 0 END),
             sum(CASE WHEN kind = 'nps' AND score <= 6 THEN 1 ELSE 0 END), sum(CASE WHEN kind = 'csat' THEN 1 ELSE 0 END),
             sum(CASE WHEN kind = 'csat' AND score >= 4 THEN 1 ELSE 0 END), ${sql.toFloat(`avg(${scaled})`)}
           FROM feedback WHERE kind IN ('nps', 'csat', 'rating') AND score IS NOT NULL AND occurred_at <= ${sql.timestamp('$2')}
           GROUP BY customer_id) u
     GROUP BY customer_id`,
    [ctx.runId, ctx.params.asOf],
  );
}

/**
 * Customer equity (SPEC §4.3) = Σ predictive CLV over customers, in total and by RFM segment (of
 * this run), acquisition channel and acquisition cohort (the month of `customers.acquired_at`,
 * else of the first purchase), grouped from this run's `customer_value` rows so that equity is
 * the sum of the stored CLVs. Sums are taken as DECIMAL (exact and order-independent, to 4
 * decimals per customer) and turned into floats for the table.
 */
import type { RunContext } from '../context.js';

/** Writes `customer_equity`; returns total equity (null when no customer has a CLV). */
export async function writeCustomerEquity(ctx: RunContext): Promise<number | null> {
  const { sql } = ctx;
  const [{ unknown }] = await ctx.db.query<{ unknown: number }>(
    `SELECT count(*) AS unknown FROM _customer_base WHERE customer_id NOT IN (SELECT customer_id FROM customers)`,
  );
  if (unknown > 0) {
    ctx.warn(
      'customers with purchases but no row in the customers table: equity counts them under channel "unknown" and cohort by first purchase',
      unknown,
    );
  }
  const equity = sql.toFloat(`sum(${sql.toMoney('clv_12m')})`);
  const [{ total }] = await ctx.db.query<{ total: number | null }>(
    `SELECT ${equity} AS total FROM customer_value WHERE run_id = $1`,
    [ctx.runId],
  );
  const measures = `count(*) AS customers, ${equity} AS equity,
    CASE WHEN count(clv_12m) = 0 THEN NULL ELSE ${equity} / count(clv_12m) END AS mean_clv,
    CASE WHEN $2 = 0 THEN NULL ELSE ${equity} / $2 END AS share`;
  const params = [ctx.runId, total ?? 0];
  const breakdowns: [string, string, string][] = [
    ['total', `'all'`, ''],
    ['rfm_segment', 'segment', 'GROUP BY segment'],
    ['acquisition_channel', 'acquisition_channel', 'GROUP BY acquisition_channel'],
    ['acquisition_cohort', `substr(${sql.toText('acquisition_month')}, 1, 7)`, 'GROUP BY acquisition_month'],
  ];
  for (const [dimension, value, group] of breakdowns) {
    await ctx.write(
      'customer_equity',
      `SELECT '${dimension}', ${value}, ${measures} FROM customer_value WHERE run_id = $1 ${group}`,
      params,
    );
  }
  return total;
}

/**
 * The `customer_value` rows: every customer with a completed transaction (`_customer_base`), their
 * BTYD summary and predictions (NULL without a purchase day or without a fitted model), historical
 * CLV, and the breakdowns of customer equity: this run's RFM segment, the acquisition channel
 * (`customers.acquisition_channel`, else 'unknown') and acquisition month (`customers.acquired_at`,
 * else the first purchase), all in one statement (each SELECT joins once).
 */
import type { GammaGammaParams } from '../../models/index.js';
import type { SqlValue } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { daysPerUnit } from '../lifetime/time-units.js';
import { PREDICTIONS_TABLE } from './predictions.js';
import { expectedSpendSql } from './spend.js';
import { SUMMARY_TABLE } from './summary.js';

export interface ValueInputs {
  /** Whether `_value_predictions` holds the purchase model's predictions. */
  predicted: boolean;
  /** Gamma-Gamma parameters, or null for the spend fallback. */
  spend: GammaGammaParams | null;
  /** Margin per unit of spend. */
  marginRatio: number;
}

/** Writes this run's `customer_value`. */
export async function writeCustomerValue(ctx: RunContext, inputs: ValueInputs): Promise<void> {
  const { sql } = ctx;
  const values: SqlValue[] = [ctx.runId, daysPerUnit(ctx.params.timeUnit)];
  const summary = `s.customer_id, s.x, ${sql.toFloat('s.tx_days')} / $2 AS t_x, ${sql.toFloat('s.t_days')} / $2 AS t,
    CASE WHEN s.x > 0 THEN ${sql.toFloat('s.repeat_spend')} / s.x ELSE 0 END AS m`;
  let valued = `SELECT ${summary}, NULL AS p_alive, NULL AS exp_90, NULL AS exp_180, NULL AS exp_365,
      NULL AS exp_spend, NULL AS clv, NULL AS at_risk FROM ${SUMMARY_TABLE} s`;
  if (inputs.predicted) {
    const spend = expectedSpendSql(ctx, inputs.spend, 5);
    values.push(ctx.params.churnThreshold, inputs.marginRatio, ...spend.values);
    valued = `SELECT ${summary}, p.p_alive, p.exp_90, p.exp_180, p.exp_365, ${spend.expr} AS exp_spend,
        p.discounted_purchases * (${spend.expr}) * $4 AS clv, p.p_alive < $3 AS at_risk
      FROM ${SUMMARY_TABLE} s JOIN ${PREDICTIONS_TABLE} p
        ON s.x = p.x AND s.tx_days = p.tx_days AND s.t_days = p.t_days`;
  }
  const acquired = `SELECT b.customer_id, b.margin, coalesce(c.acquisition_channel, 'unknown') AS channel,
      coalesce(${sql.monthStart('c.acquired_at')}, ${sql.monthStart('b.first_at')}) AS month
    FROM _customer_base b LEFT JOIN customers c ON b.customer_id = c.customer_id`;
  const segmented = `SELECT a.customer_id, a.margin, a.channel, a.month, coalesce(r.segment, 'unknown') AS segment
    FROM (${acquired}) a LEFT JOIN (SELECT customer_id, segment FROM rfm WHERE run_id = $1) r
      ON a.customer_id = r.customer_id`;
  await ctx.write(
    'customer_value',
    `SELECT b.customer_id, v.x, v.t_x, v.t, v.m, v.p_alive, v.exp_90, v.exp_180, v.exp_365, v.exp_spend, v.clv,
       b.margin, v.at_risk, b.segment, b.channel, b.month
     FROM (${segmented}) b LEFT JOIN (${valued}) v ON b.customer_id = v.customer_id`,
    values,
  );
}

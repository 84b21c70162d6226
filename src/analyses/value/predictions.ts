/**
 * Predictions per unique summary row (issue 7: "computed once per distinct row and joined back to
 * customers in the engine"). The purchase model's outputs depend on (x, t_x, T) only, so they are
 * computed once per distinct (x, t_x days, T days) and written to the scratch table
 * `_value_predictions`; spend (which depends on m) is a closed form applied per customer in SQL.
 *
 * Per row: P(alive), E[Y(t) | x, t_x, T] for t = 90, 180 and 365 days, and the discounted
 * expected purchases over the CLV horizon, Σᵢ (E[Y(i months)] − E[Y((i−1) months)]) / (1 + d_m)^i
 * for months i = 1…H (lifetimes' `customer_lifetime_value` steps), d_m the monthly discount rate.
 * CLV = that sum × expected margin per purchase.
 */
import type { PurchaseModel } from '../../models/index.js';
import type { RunContext } from '../context.js';
import { predictRows } from '../lifetime/horizons.js';
import { monthlyRate, unitsOfDays, unitsPerMonth } from '../lifetime/time-units.js';
import type { UniqueRows } from './purchase-models.js';
import { SUMMARY_TABLE } from './summary.js';

export const PREDICTIONS_TABLE = '_value_predictions';

/** The purchase horizons of `customer_value`, in days. */
export const PURCHASE_HORIZON_DAYS = [90, 180, 365] as const;

const COLUMNS = ['x', 'tx_days', 't_days', 'p_alive', 'exp_90', 'exp_180', 'exp_365', 'discounted_purchases'];

/** Computes the predictions of every unique row and stores them in `_value_predictions`. */
export async function writePredictions(
  ctx: RunContext,
  model: PurchaseModel,
  rows: UniqueRows,
): Promise<void> {
  const { sql } = ctx;
  const unit = ctx.params.timeUnit;
  ctx.progress('predicting per unique customer summary');
  // The key columns take the summary's own types (the join back compares like with like).
  await ctx.materialize(
    PREDICTIONS_TABLE,
    `SELECT x, tx_days, t_days, ${COLUMNS.slice(3)
      .map((c) => `${sql.toFloat('0')} AS ${c}`)
      .join(', ')} FROM ${SUMMARY_TABLE} WHERE 1 = 0`,
  );
  const horizons = PURCHASE_HORIZON_DAYS.map((d) => unitsOfDays(d, unit));
  const perMonth = unitsPerMonth(unit);
  const p = predictRows(model, rows, horizons, {
    horizon: ctx.params.horizonMonths * perMonth,
    unitsPerMonth: perMonth,
    monthlyRate: monthlyRate(ctx.params.discountRate),
  });
  const discounted = p.discounted as Float64Array;
  function* out() {
    for (let i = 0; i < rows.size; i++) {
      yield [
        BigInt(rows.x[i]),
        BigInt(rows.txDays[i]),
        BigInt(rows.tDays[i]),
        p.pAlive[i],
        ...p.expected.map((e) => e[i]),
        discounted[i],
      ];
    }
  }
  await ctx.db.append(PREDICTIONS_TABLE, COLUMNS, out());
}

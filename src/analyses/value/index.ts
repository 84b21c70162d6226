/**
 * Lifetime value (SPEC §4.2, §4.3, §5; issue 7 "Lifetime value"): per customer P(alive),
 * expected purchases over 90/180/365 days, expected spend per purchase, predictive CLV over the
 * run's horizon (12 months) and historical CLV; customer equity; and every model fitted, in
 * `model_fits`.
 *
 * 1. The BTYD summary is built in SQL from the purchase days (`summary.ts`).
 * 2. BG/NBD, MBG/NBD and Pareto/NBD are fitted on the calibration period and compared on the
 *    holdout; the chosen one is refitted up to as_of (`purchase-models.ts`). Models read the
 *    summary as typed columns of unique rows with weights.
 * 3. Gamma-Gamma gives the expected spend per purchase, with a fallback (`spend.ts`).
 * 4. Predictions are computed once per unique (x, t_x, T) and joined back to customers in SQL
 *    (`predictions.ts`).
 * 5. Predictive CLV = discounted expected purchases × expected spend per purchase × margin ratio,
 *    the margin ratio being Σ margin ÷ Σ net spend of all customers to date (1 without costs).
 *    Historical CLV = margin to date (amount − cost).
 * 6. Customer equity = Σ predictive CLV, by segment, channel and cohort (`equity.ts`).
 *
 * See docs/metrics/value.md for every formula with a worked example.
 */
import type { RunContext } from '../context.js';
import { writeCustomerValue } from './customer-value.js';
import { writeCustomerEquity } from './equity.js';
import { modelFitRow } from './model-fits.js';
import { PREDICTIONS_TABLE, writePredictions } from './predictions.js';
import { finalRows, fitPurchaseModels } from './purchase-models.js';
import { fitSpend } from './spend.js';
import { buildSummary } from './summary.js';

/** Σ margin ÷ Σ net spend over every customer to date; 1 when there is no positive spend. */
async function marginRatio(ctx: RunContext): Promise<number> {
  const [row] = await ctx.db.query<{ revenue: number | null; margin: number | null }>(
    `SELECT ${ctx.sql.toFloat('sum(revenue)')} AS revenue, ${ctx.sql.toFloat('sum(margin)')} AS margin FROM _customer_base`,
  );
  if (!(row.revenue !== null && row.revenue > 0 && row.margin !== null)) {
    ctx.warn('no positive net spend to date: predictive CLV uses spend, not margin');
    return 1;
  }
  return row.margin / row.revenue;
}

/**
 * Wrong values are worse than none: a customer has at most one purchase day per day, so a model
 * that expects more than 365 purchase days in 365 days (or a value that is not a finite number
 * between 0 and 1 for P(alive)) is not used, and the run says why instead of storing its CLV.
 */
async function plausiblePredictions(ctx: RunContext, model: string): Promise<boolean> {
  const [row] = await ctx.db.query<{ bad: number }>(
    `SELECT count(*) AS bad FROM ${PREDICTIONS_TABLE}
     WHERE NOT (exp_365 >= 0 AND exp_365 <= 365 AND p_alive >= 0 AND p_alive <= 1 AND discounted_purchases >= 0 AND discounted_purchases <= 366)
        OR exp_365 IS NULL OR p_alive IS NULL OR discounted_purchases IS NULL`,
  );
  if (row.bad === 0) return true;
  ctx.warn(
    `the fitted ${model} predicts impossible values (more than one purchase day per day, or P(alive) outside 0–1) for ${row.bad} customer summaries: no predictive CLV in this run; check the data or choose another model with --model`,
    row.bad,
  );
  return false;
}

export async function value(ctx: RunContext): Promise<void> {
  await buildSummary(ctx);
  const rows = await finalRows(ctx);
  const purchase = await fitPurchaseModels(ctx, rows);
  const spendCalibration = ctx.params.calibrationEnd !== null ? await fitSpend(ctx, 'calibration') : null;
  const spend = await fitSpend(ctx, 'final');
  const records = [...purchase.records, ...(spendCalibration ? [spendCalibration.record] : []), spend.record];
  await ctx.writeRows(
    'model_fits',
    records.map((r) => modelFitRow(r, ctx.params.timeUnit)),
  );

  const ratio = await marginRatio(ctx);
  ctx.kpi('clv_margin_ratio', ratio, 'ratio');
  let predicted = purchase.model !== null;
  if (purchase.model) {
    await writePredictions(ctx, purchase.model, rows);
    predicted = await plausiblePredictions(ctx, purchase.model.name);
  }
  await writeCustomerValue(ctx, {
    predicted,
    spend: spend.params,
    marginRatio: ratio,
  });
  if (!purchase.model || !predicted) return;
  const equity = await writeCustomerEquity(ctx);
  const [risk] = await ctx.db.query<{
    valued: number;
    alive: number;
    at_risk: number | null;
    cost: number | null;
  }>(
    `SELECT count(clv_12m) AS valued, count(p_alive) AS alive, sum(CASE WHEN at_risk THEN 1 ELSE 0 END) AS at_risk,
       ${ctx.sql.toFloat(`sum(CASE WHEN at_risk THEN ${ctx.sql.toMoney('clv_12m')} ELSE 0 END)`)} AS cost
     FROM customer_value WHERE run_id = $1`,
    [ctx.runId],
  );
  ctx.kpi('customer_equity', equity, ctx.params.currency);
  ctx.kpi('mean_clv', equity !== null && risk.valued > 0 ? equity / risk.valued : null, ctx.params.currency);
  ctx.kpi('at_risk_customers', risk.at_risk ?? 0, 'customers');
  ctx.kpi('at_risk_share', risk.alive > 0 ? (risk.at_risk ?? 0) / risk.alive : null, 'share');
  ctx.kpi('churn_cost', risk.cost ?? 0, ctx.params.currency);
  ctx.kpi('lifetime_model', null, purchase.model.name);
}

/**
 * The BTYD summary (SPEC §4.2) built in SQL from the run's purchase days (`_purchase_days`:
 * one row per customer and local calendar day with a purchase). Per customer, in whole days:
 *
 * - `x` = purchase days − 1 (repeat purchase days), `tx_days` = first to last purchase day,
 *   `t_days` = first purchase day to the as_of day;
 * - `spend` = net spend of all purchase days, `repeat_spend` = the same without the first day,
 *   so that m = repeat_spend / x is the mean spend of the repeat purchase days (money stays
 *   DECIMAL here; it becomes a float only as a model input);
 * - with a calibration end: the same up to the calibration end day (`cal_x`, `cal_tx_days`,
 *   `cal_t_days`, `cal_repeat_spend`; `cal_x` is −1 and `cal_t_days` < 0 for customers who first
 *   bought after it: they are left out of the calibration fits) and
 *   `holdout_days`, the purchase days after the calibration end day up to as_of.
 *
 * Times become the run's time unit (days / 7 for weeks) only when read as model inputs, so the
 * summary compresses to unique rows exactly (integers, not rounded floats).
 */
import type { RunContext } from '../context.js';

export const SUMMARY_TABLE = '_value_summary';

/**
 * Creates `_value_summary` in one grouped pass over the purchase days; the calibration columns only
 * when the run has a calibration end. The first day's spend is `argMin(spend, day)`.
 */
export async function buildSummary(ctx: RunContext): Promise<void> {
  const { sql } = ctx;
  const asOfDay = sql.localDate(sql.timestamp('$1'));
  const calDay = sql.localDate(sql.timestamp('$2'));
  const firstSpend = sql.argMin('spend', 'day');
  const calibration =
    ctx.params.calibrationEnd === null
      ? ''
      : `, sum(CASE WHEN day <= ${calDay} THEN 1 ELSE 0 END) - 1 AS cal_x,
       ${sql.daysBetween('min(day)', `max(CASE WHEN day <= ${calDay} THEN day END)`)} AS cal_tx_days,
       ${sql.daysBetween('min(day)', calDay)} AS cal_t_days,
       sum(CASE WHEN day <= ${calDay} THEN spend ELSE 0 END) - ${firstSpend} AS cal_repeat_spend,
       sum(CASE WHEN day > ${calDay} THEN 1 ELSE 0 END) AS holdout_days`;
  await ctx.materialize(
    SUMMARY_TABLE,
    `SELECT customer_id, count(*) - 1 AS x,
       ${sql.daysBetween('min(day)', 'max(day)')} AS tx_days,
       ${sql.daysBetween('min(day)', asOfDay)} AS t_days,
       sum(spend) AS spend, sum(spend) - ${firstSpend} AS repeat_spend${calibration}
     FROM _purchase_days GROUP BY customer_id`,
    ctx.params.calibrationEnd === null ? [ctx.params.asOf] : [ctx.params.asOf, ctx.params.calibrationEnd],
  );
}

/** Unique (x, tx_days, t_days) rows of the summary at as_of with their number of customers `w`. */
export const FINAL_ROWS = `SELECT x, tx_days, t_days, count(*) AS w FROM ${SUMMARY_TABLE}
  GROUP BY x, tx_days, t_days ORDER BY x, tx_days, t_days`;

/**
 * Unique calibration rows of the customers who first bought before the calibration end day, with
 * their number `w`, holdout purchase days `h` and Σ holdout days² `h2` (for the holdout error).
 */
export const CALIBRATION_ROWS = `SELECT cal_x AS x, cal_tx_days AS tx_days, cal_t_days AS t_days, count(*) AS w,
    sum(holdout_days) AS h, sum(holdout_days * holdout_days) AS h2
  FROM ${SUMMARY_TABLE} WHERE cal_t_days > 0
  GROUP BY cal_x, cal_tx_days, cal_t_days ORDER BY cal_x, cal_tx_days, cal_t_days`;

/**
 * Unique (x, m) rows of the repeat buyers, m = mean spend of the repeat purchase days (a float:
 * a model input), at as_of or at the calibration end.
 */
export function spendRows(ctx: RunContext, stage: 'calibration' | 'final'): string {
  const { sql } = ctx;
  const [x, spend, filter] =
    stage === 'final'
      ? ['x', 'repeat_spend', 'x > 0']
      : ['cal_x', 'cal_repeat_spend', 'cal_x > 0 AND cal_t_days > 0'];
  return `SELECT x, m, count(*) AS w FROM (
      SELECT ${x} AS x, ${sql.toFloat(spend)} / ${x} AS m FROM ${SUMMARY_TABLE} WHERE ${filter}) s
    GROUP BY x, m ORDER BY x, m`;
}

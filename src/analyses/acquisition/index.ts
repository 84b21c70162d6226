/**
 * Acquisition (SPEC §4.4): per acquisition channel and month of acquisition, and per channel over
 * all months (month empty):
 *
 * - `acquired` — customers whose `acquired_at` falls in the month (up to as_of), by
 *   `acquisition_channel`; `converted` — those of them with a completed purchase up to as_of;
 *   `conversion_rate` = converted ÷ acquired.
 * - `acquisition_cost` — Σ costs of kind `acquisition` of the channel (`costs.channel`) in the
 *   month; `cac` = acquisition_cost ÷ acquired (empty when no acquisition cost is recorded).
 * - `mean_clv` — the value per acquired customer: Σ CLV of the acquired customers ÷ acquired (those
 *   who never bought count as 0). CLV is the run's predictive 12-month CLV
 *   (`customer_value.clv_12m`) when the run has one, else the historical margin to date;
 *   `ltv_basis` says which. `ltv_cac` = mean_clv ÷ cac.
 * - `monthly_margin` — margin earned per acquired customer per month since acquisition: Σ margin to
 *   date ÷ Σ months from acquired_at to as_of; `payback_months` = cac ÷ monthly_margin (empty when
 *   the margin is not positive: the cost is not paid back at the rate seen so far).
 *
 * Customers without a channel, and acquisition costs without one, are grouped under `(unknown)`;
 * customers without `acquired_at` cannot be dated and are left out (a counted warning).
 */
import type { RunContext } from '../context.js';

/** The channel name used for customers or costs that do not say theirs. */
export const UNKNOWN_CHANNEL = '(unknown)';

/** Days per month (365.25 / 12), for months since acquisition. */
export const DAYS_PER_MONTH = 30.4375;

export type LtvBasis = 'predictive_clv_12m' | 'historical_margin';

type Totals = {
  acquired: number;
  converted: number;
  cost: number | null;
  cost_rows: number;
  clv: number | null;
};

/**
 * Writes the `acquisition` rows of the run and the KPIs `blended_cac`, `blended_ltv_cac` and
 * `acquisition_conversion_rate`. Needs `customers.acquired_at`; without it, writes nothing and warns.
 *
 * @example await acquisition(ctx); // after base and value
 */
export async function acquisition(ctx: RunContext): Promise<void> {
  const { sql, db } = ctx;
  const at = sql.timestamp('$1');
  const [census] = await db.query<{ customers: number; dated: number; no_channel: number }>(
    `SELECT count(*) AS customers,
       sum(CASE WHEN acquired_at IS NOT NULL AND acquired_at <= ${at} THEN 1 ELSE 0 END) AS dated,
       sum(CASE WHEN acquired_at IS NOT NULL AND acquired_at <= ${at} AND acquisition_channel IS NULL THEN 1 ELSE 0 END) AS no_channel
     FROM customers`,
    [ctx.params.asOf],
  );
  const dated = Number(census.dated ?? 0);
  if (census.customers > dated) {
    ctx.warn(
      'customers without acquired_at (or acquired after the observation date) are left out of acquisition (CAC, conversion)',
      census.customers - dated,
    );
  }
  if (Number(census.no_channel ?? 0) > 0) {
    ctx.warn(
      `customers without acquisition_channel are counted under the channel ${UNKNOWN_CHANNEL}`,
      Number(census.no_channel),
    );
  }
  const [costs] = await db.query<{ rows: number; no_channel: number }>(
    `SELECT count(*) AS rows, sum(CASE WHEN channel IS NULL THEN 1 ELSE 0 END) AS no_channel
     FROM costs WHERE kind = 'acquisition' AND occurred_at <= ${at}`,
    [ctx.params.asOf],
  );
  if (dated === 0 && costs.rows === 0) {
    ctx.warn(
      'no customers with acquired_at and no acquisition costs: acquisition (CAC, LTV:CAC) not computed',
    );
    return;
  }
  if (costs.rows === 0)
    ctx.warn('no acquisition costs (costs of kind acquisition): CAC and LTV:CAC are empty');
  if (Number(costs.no_channel ?? 0) > 0) {
    ctx.warn(
      `acquisition costs without channel are counted under the channel ${UNKNOWN_CHANNEL}`,
      Number(costs.no_channel),
    );
  }

  const [value] = await db.query<{ n: number }>(
    'SELECT count(*) AS n FROM customer_value WHERE run_id = $1 AND clv_12m IS NOT NULL',
    [ctx.runId],
  );
  const basis: LtvBasis = value.n > 0 ? 'predictive_clv_12m' : 'historical_margin';
  if (basis === 'historical_margin') {
    ctx.warn(
      'this run has no predictive CLV: LTV:CAC uses the historical margin to date of the acquired customers',
    );
  }
  await ctx.materialize('_acquisition_months', channelMonths(ctx, basis), [ctx.params.asOf, ctx.runId]);
  await ctx.write('acquisition', metrics(ctx, ['channel', 'month']), [basis]);
  await ctx.write('acquisition', metrics(ctx, ['channel']), [basis]);

  const [t] = await db.query<Totals>(
    `SELECT acquired, converted, ${sql.toFloat('cost')} AS cost, cost_rows, clv FROM (${sums([])}) s`,
  );
  const cost = t.cost_rows > 0 ? t.cost : null;
  ctx.kpi('blended_cac', cost !== null && t.acquired > 0 ? cost / t.acquired : null, ctx.params.currency);
  ctx.kpi('blended_ltv_cac', cost !== null && cost > 0 ? (t.clv ?? 0) / cost : null, 'ratio');
  ctx.kpi('acquisition_conversion_rate', t.acquired > 0 ? t.converted / t.acquired : null, 'share');
}

/**
 * Per channel and month: customers acquired up to as_of ($1) with their conversions, CLV ($2 is the
 * run), margin and days observed, and the acquisition costs — one pass over each table.
 */
function channelMonths(ctx: RunContext, basis: LtvBasis): string {
  const { sql } = ctx;
  const at = sql.timestamp('$1');
  const zero = sql.toMoney('0');
  const clv =
    basis === 'predictive_clv_12m' ? sql.toFloat('coalesce(v.clv_12m, 0)') : sql.toFloat('x.margin');
  // The local calendar day of acquisition is computed once per customer (time-zone conversions are
  // the costly part); month and days to as_of are then date arithmetic.
  const customers = `SELECT x.channel, ${sql.monthStart('x.day')} AS month, x.converted, x.margin,
      ${sql.daysBetween('x.day', sql.localDate(at))} AS exposure_days, ${clv} AS clv
    FROM (SELECT c.customer_id, coalesce(c.acquisition_channel, '${UNKNOWN_CHANNEL}') AS channel,
            ${sql.localDate('c.acquired_at')} AS day,
            CASE WHEN b.purchase_days > 0 THEN 1 ELSE 0 END AS converted,
            coalesce(b.margin, ${zero}) AS margin
          FROM customers c LEFT JOIN _customer_base b ON b.customer_id = c.customer_id
          WHERE c.acquired_at IS NOT NULL AND c.acquired_at <= ${at}) x
    LEFT JOIN (SELECT customer_id, clv_12m FROM customer_value WHERE run_id = $2) v
      ON v.customer_id = x.customer_id`;
  const costs = `SELECT coalesce(channel, '${UNKNOWN_CHANNEL}') AS channel, ${sql.monthStart('occurred_at')} AS month,
      ${sql.toMoney('amount')} AS amount
    FROM costs WHERE kind = 'acquisition' AND occurred_at <= ${at}`;
  return `SELECT channel, month, sum(acquired) AS acquired, sum(converted) AS converted, sum(cost) AS cost,
      sum(cost_rows) AS cost_rows, sum(clv) AS clv, sum(margin) AS margin, sum(exposure_days) AS exposure_days
    FROM (SELECT channel, month, count(*) AS acquired, sum(converted) AS converted, ${zero} AS cost,
            0 AS cost_rows, sum(clv) AS clv, sum(margin) AS margin, sum(exposure_days) AS exposure_days
          FROM (${customers}) a GROUP BY channel, month
          UNION ALL
          SELECT channel, month, 0 AS acquired, 0 AS converted, sum(amount) AS cost, count(*) AS cost_rows,
            ${sql.toFloat('0')} AS clv, ${zero} AS margin, 0 AS exposure_days
          FROM (${costs}) k GROUP BY channel, month) u
    GROUP BY channel, month`;
}

/** `_acquisition_months` summed per `groupBy` (channel and month, channel, or everything). */
function sums(groupBy: readonly ('channel' | 'month')[]): string {
  const keys = groupBy.map((k) => `${k}, `).join('');
  return `SELECT ${keys}sum(acquired) AS acquired, sum(converted) AS converted, sum(cost) AS cost,
      sum(cost_rows) AS cost_rows, sum(clv) AS clv, sum(margin) AS margin, sum(exposure_days) AS exposure_days
    FROM _acquisition_months ${groupBy.length ? `GROUP BY ${groupBy.join(', ')}` : ''}`;
}

/** The acquisition table's rows per channel (and month): ratios of `sums` ($1 is the LTV basis). */
function metrics(ctx: RunContext, groupBy: readonly ('channel' | 'month')[]): string {
  const f = ctx.sql.toFloat;
  const cac = `CASE WHEN cost_rows > 0 AND acquired > 0 THEN ${f('cost')} / acquired END`;
  const monthly = `CASE WHEN exposure_days > 0 THEN ${f('margin')} * ${DAYS_PER_MONTH} / exposure_days END`;
  return `SELECT channel, ${groupBy.includes('month') ? 'month' : 'NULL'} AS month, acquired, converted,
      CASE WHEN acquired > 0 THEN ${f('converted')} / acquired END AS conversion_rate,
      CASE WHEN cost_rows > 0 THEN cost END AS acquisition_cost,
      ${cac} AS cac,
      CASE WHEN acquired > 0 THEN clv / acquired END AS mean_clv,
      CASE WHEN cost_rows > 0 AND acquired > 0 AND cost > 0 THEN clv / ${f('cost')} END AS ltv_cac,
      ${monthly} AS monthly_margin,
      CASE WHEN cost_rows > 0 AND acquired > 0 AND exposure_days > 0 AND margin > 0
        THEN ${f('cost')} * exposure_days / (${f('margin')} * ${DAYS_PER_MONTH} * acquired) END AS payback_months,
      $1 AS ltv_basis
    FROM (${sums(groupBy)}) g`;
}

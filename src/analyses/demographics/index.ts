/**
 * Demographic segments (SPEC §2, seed 004 §6, §11): every customer of the customers table by age
 * band at as_of, gender, region and occupation (dimension `all`: everyone), with value, loyalty and
 * satisfaction side by side:
 *
 * - value: buyers (customers with a completed purchase) and their share, net revenue, revenue per
 *   buyer, mean predictive CLV and its sum (equity);
 * - loyalty: repeat rate (repeat buyers ÷ buyers), referral rate (customers who referred ÷
 *   customers), mean engagement score (0 for customers without events);
 * - satisfaction (SPEC §4.6, from the canonical feedback table up to as_of): NPS in points
 *   (% promoters 9–10 − % detractors 0–6 of the NPS answers), CSAT (share of CSAT answers 4–5),
 *   each with its answer count, and the mean per-customer satisfaction (0–1) of
 *   `clusters/customer-figures.ts`.
 *
 * A missing value is its own segment, `unknown`. Cells of fewer than `SMALL_CELL` customers are
 * flagged (`small_cell`): their rates are noise. Age is whole years from birth_date to the local date
 * of as_of (a birthday on the 29th of February counts from the 1st of March in other years); a birth
 * date after as_of or more than 120 years before it is `unknown` (warned).
 */
import { customerFigures, FIGURES_TABLE } from '../clusters/customer-figures.js';
import type { RunContext } from '../context.js';

/** Fewer customers than this in a cell: flagged. */
export const SMALL_CELL = 30;
/** Age bands in order, with their lower bound in years. */
export const AGE_BANDS: readonly (readonly [string, number])[] = [
  ['under 18', 0],
  ['18-24', 18],
  ['25-34', 25],
  ['35-44', 35],
  ['45-54', 45],
  ['55-64', 55],
  ['65+', 65],
];
export const DIMENSIONS = ['all', 'age_band', 'gender', 'region', 'occupation'] as const;

/** SQL: whole months of age at `asOf` (a date expression), from `birth` (a date column). */
function ageMonths(ctx: RunContext, birth: string, asOf: string): string {
  const { sql } = ctx;
  const day = (x: string) => sql.daysBetween(sql.monthStart(x), x);
  return `(${sql.monthsBetween(birth, asOf)} - CASE WHEN ${day(asOf)} < ${day(birth)} THEN 1 ELSE 0 END)`;
}

/**
 * Writes `demographic_segments` for the run.
 *
 * @example await demographics(ctx); // after rfm, value and loyalty
 */
export async function demographics(ctx: RunContext): Promise<void> {
  const { sql } = ctx;
  const ageIn = (param: string) =>
    ageMonths(ctx, 'birth_date', sql.localDate(sql.timestamp(param), ctx.params.utcOffsetSeconds));
  const band = `CASE WHEN age_months IS NULL OR age_months < 0 OR age_months >= 1440 THEN NULL ${AGE_BANDS.slice(
    1,
  )
    .map(([, years], i) => `WHEN age_months < ${years * 12} THEN '${AGE_BANDS[i][0]}'`)
    .join(' ')} ELSE '${AGE_BANDS.at(-1)![0]}' END`;
  const blank = (x: string) => `CASE WHEN trim(${x}) = '' THEN NULL ELSE trim(${x}) END`;
  await customerFigures(ctx);
  ctx.progress("demographic segments: each customer's segments");
  await ctx.materialize(
    '_demographic_base',
    `SELECT c.customer_id AS customer_id, ${band} AS age_band, ${blank('gender')} AS gender, ${blank('region')} AS region,
       ${blank('occupation')} AS occupation, coalesce(x.buyer, 0) AS buyer, x.monetary AS monetary, x.clv_12m AS clv,
       coalesce(x.repeat_buyer, 0) AS repeat_buyer, coalesce(x.referrer, 0) AS referrer,
       coalesce(x.engagement_score, 0) AS engagement, coalesce(x.nps_answers, 0) AS nps_answers,
       coalesce(x.promoters, 0) AS promoters, coalesce(x.detractors, 0) AS detractors,
       coalesce(x.csat_answers, 0) AS csat_answers, coalesce(x.satisfied, 0) AS satisfied, x.satisfaction AS satisfaction
     FROM (SELECT customer_id, gender, region, occupation, ${ageIn('$1')} AS age_months FROM customers) c
     LEFT JOIN ${FIGURES_TABLE} x ON c.customer_id = x.customer_id`,
    [ctx.params.asOf],
  );
  ctx.progress('demographic segments: counting customers');
  const [seen] = await ctx.db.query<{ customers: number; outside: number; odd_births: number }>(
    `SELECT count(*) AS customers, (SELECT count(*) FROM rfm WHERE run_id = $2) - sum(buyer) AS outside,
       (SELECT count(*) FROM customers WHERE birth_date IS NOT NULL AND (${ageIn('$1')} < 0 OR ${ageIn('$1')} >= 1440)) AS odd_births
     FROM _demographic_base`,
    [ctx.params.asOf, ctx.runId],
  );
  const customers = Number(seen.customers ?? 0);
  if (customers === 0) {
    ctx.warn('no customers table rows: demographic segments not computed');
    return;
  }
  if (Number(seen.outside) > 0) {
    ctx.warn(
      'customers with purchases but no customers table row: left out of the demographic segments',
      Number(seen.outside),
    );
  }
  if (Number(seen.odd_births) > 0) {
    ctx.warn(
      'birth dates after the observation date or over 120 years before it: age band unknown',
      Number(seen.odd_births),
    );
  }
  ctx.progress('demographic segments: value, loyalty and satisfaction per segment');
  const ratio = (a: string, b: string) => `CASE WHEN ${b} > 0 THEN ${sql.toFloat(a)} / ${b} END`;
  const cell = (dimension: string, segment: string) =>
    `SELECT '${dimension}' AS dimension, ${segment} AS segment, count(*) AS customers, ${sql.toFloat('count(*)')} / $1 AS share,
       sum(buyer) AS buyers, ${ratio('sum(buyer)', 'count(*)')} AS buyer_rate, ${sql.toMoney('sum(monetary)')} AS revenue,
       ${ratio('sum(monetary)', 'sum(buyer)')} AS revenue_per_buyer, avg(clv) AS mean_clv, sum(clv) AS equity,
       ${ratio('sum(repeat_buyer)', 'sum(buyer)')} AS repeat_rate, ${ratio('sum(referrer)', 'count(*)')} AS referral_rate,
       avg(engagement) AS mean_engagement, sum(nps_answers) AS nps_answers,
       ${ratio('100 * (sum(promoters) - sum(detractors))', 'sum(nps_answers)')} AS nps, sum(csat_answers) AS csat_answers,
       ${ratio('sum(satisfied)', 'sum(csat_answers)')} AS csat, count(satisfaction) AS respondents,
       avg(satisfaction) AS satisfaction, count(*) < ${SMALL_CELL} AS small_cell
     FROM _demographic_base${segment.startsWith("'") ? '' : ` GROUP BY ${segment}`}`;
  await ctx.write(
    'demographic_segments',
    DIMENSIONS.map((dimension) =>
      dimension === 'all' ? cell('all', `'all'`) : cell(dimension, `coalesce(${dimension}, 'unknown')`),
    ).join('\nUNION ALL\n'),
    [customers],
  );
}

/**
 * Satisfaction (SPEC §4.6; issue 8 item 1), from the feedback up to as_of:
 *
 * - NPS from answers of kind `nps` (score 0–10): promoters score ≥ 9, detractors ≤ 6;
 *   NPS = promoters/n − detractors/n, a share from −1 to 1 (× 100 for the usual points).
 * - CSAT from answers of kind `csat` or `rating` (the two kinds on the 1–5 scale): the share of
 *   scores ≥ 4.
 * - Each cell with its count n, a 95 % interval (Wilson for CSAT; for NPS the normal approximation
 *   with the variance of a difference of multinomial proportions, `models/intervals`) and
 *   `reliable` = n ≥ 30. Cells: overall; per dimension; per month of the answer (workspace time
 *   zone); per RFM segment, region and CLV decile — each of these also per dimension.
 * - Satisfaction joined to value: NPS per CLV decile (cells above), and per NPS class of each
 *   customer's latest NPS answer, the churn rate and CLV (`satisfaction_value`).
 *
 * Answers without a score, or with a score off their kind's scale (a CSAT of 7), are left out and
 * counted in a warning. See docs/metrics/satisfaction.md.
 */
import { npsInterval, wilsonInterval } from '../../models/intervals/index.js';
import type { SqlValue } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { VOICE_CUSTOMERS } from './customers.js';
import { writeSatisfactionValue } from './value.js';

/** Cells with fewer answers than this are marked unreliable. */
export const MIN_RELIABLE_ANSWERS = 30;

/** The breakdowns of the `satisfaction` table: `segment_by` and the column it reads. */
const BREAKDOWNS = [
  { segmentBy: 'all', segment: null, perMonth: false },
  { segmentBy: 'all', segment: null, perMonth: true },
  { segmentBy: 'rfm', segment: 'segment', perMonth: false },
  { segmentBy: 'region', segment: 'region', perMonth: false },
  { segmentBy: 'clv_decile', segment: 'clv_decile', perMonth: false },
] as const;

const CELLS = '_satisfaction_cells';

type Cell = {
  metric: 'nps' | 'csat';
  dimension: string;
  segment: string;
  month: string | null;
  n: number;
  positive: number;
  negative: number;
  score_sum: number;
};

/** SQL condition: a usable answer of kind nps (0–10) or csat/rating (1–5). */
export const SCORED_ANSWER = `((kind = 'nps' AND score >= 0 AND score <= 10)
  OR (kind IN ('csat', 'rating') AND score >= 1 AND score <= 5))`;

/** SQL: the metric an answer counts for. */
const METRIC = `CASE WHEN kind = 'nps' THEN 'nps' ELSE 'csat' END`;

/**
 * Writes `satisfaction` and `satisfaction_value` for the run and the KPIs `nps` (points),
 * `csat` (share), `nps_answers` and `csat_answers`. Needs `_voice_customers`.
 *
 * @example await satisfaction(ctx); // after voiceCustomers
 */
export async function satisfaction(ctx: RunContext): Promise<void> {
  const { sql, db } = ctx;
  const at = sql.timestamp('$1');
  const [seen] = await db.query<{ answers: number; unusable: number }>(
    `SELECT sum(CASE WHEN ${SCORED_ANSWER} THEN 1 ELSE 0 END) AS answers,
       sum(CASE WHEN ${SCORED_ANSWER} THEN 0 ELSE 1 END) AS unusable
     FROM feedback WHERE kind IN ('nps', 'csat', 'rating') AND occurred_at <= ${at}`,
    [ctx.params.asOf],
  );
  if (Number(seen.unusable ?? 0) > 0) {
    ctx.warn(
      'NPS, CSAT or rating answers without a score or off their scale (NPS 0–10, CSAT and rating 1–5) are left out of satisfaction',
      Number(seen.unusable),
    );
  }
  if (Number(seen.answers ?? 0) === 0) {
    ctx.warn('no NPS, CSAT or rating answers up to the observation date: satisfaction not computed');
    return;
  }
  const month = sql.monthStart(sql.localDate('f.occurred_at', ctx.params.utcOffsetSeconds));
  const positive = `CASE WHEN kind = 'nps' AND score >= 9 THEN 1 WHEN kind <> 'nps' AND score >= 4 THEN 1 ELSE 0 END`;
  const negative = `CASE WHEN kind = 'nps' AND score <= 6 THEN 1 WHEN kind <> 'nps' AND score <= 2 THEN 1 ELSE 0 END`;
  await ctx.materialize(
    CELLS,
    `SELECT a.metric, a.dimension, a.month, v.segment, v.region, v.clv_decile, count(*) AS n,
       sum(a.positive) AS positive, sum(a.negative) AS negative, sum(a.score) AS score_sum
     FROM (SELECT f.customer_id, ${METRIC} AS metric, f.dimension, ${month} AS month, ${positive} AS positive,
             ${negative} AS negative, ${sql.toFloat('f.score')} AS score
           FROM feedback f WHERE ${SCORED_ANSWER} AND f.occurred_at <= ${at}) a
     LEFT JOIN ${VOICE_CUSTOMERS} v ON v.customer_id = a.customer_id
     GROUP BY a.metric, a.dimension, a.month, v.segment, v.region, v.clv_decile`,
    [ctx.params.asOf],
  );
  const rows: Record<string, SqlValue>[] = [];
  for (const b of BREAKDOWNS) {
    for (const perDimension of [false, true]) {
      for (const cell of await rollUp(ctx, b.segment, b.perMonth, perDimension)) {
        rows.push(satisfactionRow(cell, b.segmentBy));
      }
    }
  }
  await ctx.writeRows('satisfaction', rows);
  const overall = (metric: string) =>
    rows.find(
      (r) => r.metric === metric && r.dimension === 'all' && r.segment_by === 'all' && r.month === null,
    );
  const nps = overall('nps');
  const csat = overall('csat');
  ctx.kpi('nps', nps ? Number(nps.value) * 100 : null, 'points');
  ctx.kpi('nps_answers', nps ? Number(nps.n) : 0, 'answers');
  ctx.kpi('csat', csat ? Number(csat.value) : null, 'share');
  ctx.kpi('csat_answers', csat ? Number(csat.n) : 0, 'answers');
  await writeSatisfactionValue(ctx);
}

/** The cells of one breakdown, summed from `_satisfaction_cells`. */
async function rollUp(
  ctx: RunContext,
  segment: string | null,
  perMonth: boolean,
  perDimension: boolean,
): Promise<Cell[]> {
  const keys = ['metric', ...(perDimension ? ['dimension'] : []), ...(segment ? [segment] : [])];
  if (perMonth) keys.push('month');
  const where = [
    ...(perDimension ? ['dimension IS NOT NULL'] : []),
    ...(segment ? [`${segment} IS NOT NULL`] : []),
  ];
  const rows = await ctx.db.query<Cell>(
    `SELECT metric, ${perDimension ? 'dimension' : `'all'`} AS dimension,
       ${segment ? ctx.sql.toText(segment) : `'all'`} AS segment, ${perMonth ? 'month' : 'NULL'} AS month,
       sum(n) AS n, sum(positive) AS positive, sum(negative) AS negative, sum(score_sum) AS score_sum
     FROM ${CELLS} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     GROUP BY ${keys.join(', ')}`,
  );
  return rows.map((r) => ({
    ...r,
    month: r.month === null ? null : String(r.month),
    n: Number(r.n),
    positive: Number(r.positive),
    negative: Number(r.negative),
    score_sum: Number(r.score_sum),
  }));
}

/** One `satisfaction` row: the cell's counts, value and 95 % interval. */
function satisfactionRow(cell: Cell, segmentBy: string): Record<string, SqlValue> {
  const interval =
    cell.metric === 'nps'
      ? npsInterval(cell.positive, cell.negative, cell.n)
      : wilsonInterval(cell.positive, cell.n);
  return {
    metric: cell.metric,
    dimension: cell.dimension,
    segment_by: segmentBy,
    segment: cell.segment,
    month: cell.month,
    n: cell.n,
    positive: cell.positive,
    negative: cell.negative,
    mean_score: cell.n > 0 ? cell.score_sum / cell.n : null,
    value: interval?.value ?? null,
    ci_low: interval?.low ?? null,
    ci_high: interval?.high ?? null,
    reliable: cell.n >= MIN_RELIABLE_ANSWERS,
  };
}

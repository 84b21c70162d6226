/** The satisfaction cells of a run as the report reads them, and how a score is written. */
import type { ReportContext } from '../section.js';

/** Answers below this make a cell unreliable (as the analysis marks it). */
export const MIN_RELIABLE = 30;

export interface SatisfactionCell {
  metric: 'nps' | 'csat';
  dimension: string;
  segment: string;
  month: string | null;
  n: number;
  positive: number;
  value: number | null;
  low: number | null;
  high: number | null;
  reliable: boolean;
}

/** The run's satisfaction cells of one breakdown (`segment_by`), months included or not. */
export async function satisfactionCells(
  ctx: ReportContext,
  segmentBy: string,
  monthly = false,
): Promise<SatisfactionCell[]> {
  const rows = await ctx.query<{
    metric: 'nps' | 'csat';
    dimension: string;
    segment: string;
    month: string | null;
    n: number;
    positive: number;
    value: number | null;
    ci_low: number | null;
    ci_high: number | null;
    reliable: boolean | null;
  }>(
    `SELECT metric, dimension, segment, ${ctx.db.dialect.toText('month')} AS month, n, positive, value, ci_low, ci_high, reliable
     FROM satisfaction WHERE run_id = $1 AND segment_by = $2 AND month IS ${monthly ? 'NOT ' : ''}NULL`,
    [segmentBy],
  );
  return rows.map((r) => ({
    metric: r.metric,
    dimension: r.dimension,
    segment: r.segment,
    month: r.month,
    n: Number(r.n),
    positive: Number(r.positive),
    value: r.value,
    low: r.ci_low,
    high: r.ci_high,
    reliable: r.reliable === true,
  }));
}

/** NPS as points (−100 … 100) or CSAT as a percentage, with a star when unreliable. */
export function scoreText(ctx: ReportContext, c: SatisfactionCell | undefined): string {
  if (!c) return ctx.t('report.none');
  const v =
    c.metric === 'nps' ? ctx.f.number(c.value === null ? null : c.value * 100, 1) : ctx.f.percent(c.value, 0);
  return c.reliable ? v : `${v}*`;
}

/** The 95 % interval of a cell in its metric's units. */
export function intervalText(ctx: ReportContext, c: SatisfactionCell | undefined): string {
  if (!c || c.low === null || c.high === null) return ctx.t('report.none');
  const fmt = (x: number) => (c.metric === 'nps' ? ctx.f.number(x * 100, 1) : ctx.f.percent(x, 0));
  return `${fmt(c.low)} … ${fmt(c.high)}`;
}

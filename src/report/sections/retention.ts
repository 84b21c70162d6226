/** Retention: the cohort heat map and the pooled retention curves of customers and revenue. */
import { svgChart } from '../chart.js';
import { emptyChart, figure, type Part, paragraph, type ReportContext, type Section } from '../section.js';

export interface CohortMatrix {
  cohorts: string[];
  periods: number;
  /** `[period, cohort index, retention]` cells. */
  cells: [number, number, number][];
}

/** The run's cohort × months-since-first-purchase retention, cohorts oldest first. */
export async function cohortMatrix(ctx: ReportContext): Promise<CohortMatrix> {
  const rows = await ctx.query<{ cohort: string; period: number; retention: number | null }>(
    `SELECT ${ctx.db.dialect.toText('cohort')} AS cohort, period, retention FROM cohort_retention WHERE run_id = $1`,
  );
  const cohorts = [...new Set(rows.map((r) => r.cohort.slice(0, 7)))].sort();
  const index = new Map(cohorts.map((c, i) => [c, i]));
  const cells = rows
    .filter((r) => r.retention !== null)
    .map(
      (r) =>
        [Number(r.period), index.get(r.cohort.slice(0, 7)) as number, r.retention as number] as [
          number,
          number,
          number,
        ],
    );
  const periods = rows.reduce((m, r) => Math.max(m, Number(r.period) + 1), 0);
  return { cohorts, periods, cells };
}

const cohortHeatMap: Part = async (ctx) => {
  const m = await cohortMatrix(ctx);
  if (m.cells.length === 0) return emptyChart(ctx);
  const { t, f } = ctx;
  const labels = m.cohorts.length <= 24 && m.periods <= 13;
  const laterMax = m.cells.reduce((x, c) => (c[0] > 0 ? Math.max(x, c[2]) : x), 0);
  const svg = svgChart(
    {
      grid: { left: 80, right: 30, top: 20, bottom: 60 },
      xAxis: {
        type: 'category',
        data: Array.from({ length: m.periods }, (_, i) => String(i)),
        name: t('cohorts.period'),
        nameLocation: 'middle',
        nameGap: 30,
      },
      yAxis: { type: 'category', data: m.cohorts, inverse: true },
      // Month 0 is always 100 %: the scale spans the later months, so their differences show.
      visualMap: {
        show: false,
        min: 0,
        max: laterMax > 0 ? laterMax : 1,
        inRange: { color: ['#fbfbfd', '#9ec3df', '#2f6f9f'] },
        outOfRange: { color: '#1d4f75' },
      },
      series: [
        {
          type: 'heatmap',
          data: m.cells,
          label: {
            show: labels,
            fontSize: 10,
            formatter: (p: { value: number[] }) => f.percent(p.value[2], 0),
          },
        },
      ],
    },
    { height: Math.min(900, 100 + m.cohorts.length * 22) },
  );
  return figure(
    t('cohorts.title'),
    svg,
    `${t('cohorts.cohort')}: ${m.cohorts[0]} … ${m.cohorts[m.cohorts.length - 1]}. ${t('cohorts.note')}`,
  );
};

export interface RetentionPoint {
  period: number;
  customers: number | null;
  revenue: number | null;
}

/**
 * Retention pooled over cohorts for each month since the first purchase: Σ active ÷ Σ cohort
 * size, and Σ revenue ÷ Σ month-0 revenue, over the cohorts that reached that month.
 */
export async function retentionCurve(ctx: ReportContext): Promise<RetentionPoint[]> {
  const d = ctx.db.dialect;
  const rows = await ctx.query<{
    period: number;
    active: number;
    size: number;
    revenue: number | null;
    base: number | null;
  }>(
    `SELECT r.period AS period, sum(r.active) AS active, sum(r.cohort_size) AS size,
       ${d.toFloat('sum(r.revenue)')} AS revenue, ${d.toFloat('sum(z.revenue)')} AS base
     FROM cohort_retention r
     JOIN (SELECT cohort, revenue FROM cohort_retention WHERE run_id = $1 AND period = 0) z ON r.cohort = z.cohort
     WHERE r.run_id = $1 GROUP BY r.period`,
  );
  return rows
    .map((r) => ({
      period: Number(r.period),
      customers: Number(r.size) > 0 ? Number(r.active) / Number(r.size) : null,
      revenue: r.base ? (r.revenue ?? 0) / r.base : null,
    }))
    .sort((a, b) => a.period - b.period);
}

const retentionCurves: Part = async (ctx) => {
  const points = await retentionCurve(ctx);
  if (points.length === 0) return emptyChart(ctx);
  const { t, f } = ctx;
  const svg = svgChart({
    legend: { top: 0 },
    grid: { left: 70, right: 30, top: 40, bottom: 60 },
    xAxis: {
      type: 'category',
      data: points.map((p) => String(p.period)),
      name: t('cohorts.period'),
      nameLocation: 'middle',
      nameGap: 30,
    },
    yAxis: {
      type: 'value',
      name: t('retention.axis'),
      axisLabel: { formatter: (v: number) => f.percent(v, 0) },
    },
    series: [
      { type: 'line', name: t('retention.customers'), data: points.map((p) => p.customers), symbolSize: 5 },
      { type: 'line', name: t('retention.revenue'), data: points.map((p) => p.revenue), symbolSize: 5 },
    ],
  });
  const rate = ctx.kpis.repeat_purchase_rate?.value ?? null;
  return figure(t('retention.title'), svg) + paragraph(t('retention.note', { rate: f.percent(rate) }));
};

export const cohortsSection: Section = {
  id: 'cohorts',
  title: 'section.cohorts',
  tables: ['cohort_retention'],
  parts: [cohortHeatMap],
};

export const retentionSection: Section = {
  id: 'retention',
  title: 'section.retention',
  tables: ['cohort_retention'],
  parts: [retentionCurves],
};

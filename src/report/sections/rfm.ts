/** RFM: the recency × frequency score grid and the customers and mean spend per named segment. */
import { SEGMENTS } from '../../analyses/rfm/index.js';
import { svgChart } from '../chart.js';
import { emptyChart, figure, type Part, type ReportContext, type Section } from '../section.js';

/** Customers per (R, F) score pair: `[r - 1, f - 1, customers]` cells for a 5 × 5 heat map. */
export async function rfmGridCells(ctx: ReportContext): Promise<[number, number, number][]> {
  const rows = await ctx.query<{ r: number; f: number; n: number }>(
    'SELECT r_score AS r, f_score AS f, count(*) AS n FROM rfm WHERE run_id = $1 GROUP BY r_score, f_score',
  );
  return rows
    .filter((r) => r.r >= 1 && r.r <= 5 && r.f >= 1 && r.f <= 5)
    .map((r) => [r.r - 1, r.f - 1, Number(r.n)]);
}

const rfmGrid: Part = async (ctx) => {
  const cells = await rfmGridCells(ctx);
  if (cells.length === 0) return emptyChart(ctx);
  const scores = ['1', '2', '3', '4', '5'];
  const svg = svgChart(
    {
      grid: { left: 70, right: 30, top: 20, bottom: 60 },
      xAxis: {
        type: 'category',
        data: scores,
        name: ctx.t('rfm.rScore'),
        nameLocation: 'middle',
        nameGap: 30,
      },
      yAxis: {
        type: 'category',
        data: scores,
        name: ctx.t('rfm.fScore'),
        nameLocation: 'middle',
        nameGap: 40,
      },
      visualMap: {
        show: false,
        min: 0,
        max: Math.max(...cells.map((c) => c[2])),
        inRange: { color: ['#eef4f9', '#2f6f9f'] },
      },
      series: [
        {
          type: 'heatmap',
          data: cells,
          label: { show: true, formatter: (p: { value: number[] }) => ctx.f.integer(p.value[2]) },
        },
      ],
    },
    { height: 380 },
  );
  return figure(ctx.t('rfm.gridTitle'), svg, ctx.t('rfm.gridNote'));
};

/** Customers and mean monetary value per named segment, best segment first. */
export async function segmentSizes(
  ctx: ReportContext,
): Promise<{ segment: string; customers: number; meanMonetary: number | null }[]> {
  const rows = await ctx.query<{ segment: string | null; n: number; m: number | null }>(
    `SELECT segment, count(*) AS n, avg(${ctx.db.dialect.toFloat('monetary')}) AS m FROM rfm WHERE run_id = $1 GROUP BY segment`,
  );
  const rank = (s: string | null) => {
    const i = SEGMENTS.indexOf(s as (typeof SEGMENTS)[number]);
    return i < 0 ? SEGMENTS.length : i;
  };
  return rows
    .sort((a, b) => rank(a.segment) - rank(b.segment))
    .map((r) => ({ segment: r.segment ?? 'unknown', customers: Number(r.n), meanMonetary: r.m }));
}

const segmentBars: Part = async (ctx) => {
  const rows = await segmentSizes(ctx);
  if (rows.length === 0) return emptyChart(ctx);
  const names = rows.map((r) => ctx.t.name('segment', r.segment));
  const svg = svgChart(
    {
      legend: { top: 0 },
      grid: { left: 70, right: 80, top: 40, bottom: 90 },
      xAxis: { type: 'category', data: names, axisLabel: { rotate: 30, interval: 0 } },
      yAxis: [
        { type: 'value', name: ctx.t('rfm.customers'), axisLabel: { formatter: ctx.f.compact } },
        {
          type: 'value',
          name: ctx.t('rfm.meanSpend', { currency: ctx.currency }),
          axisLabel: { formatter: ctx.f.compact },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          type: 'bar',
          name: ctx.t('rfm.customers'),
          data: rows.map((r) => r.customers),
          label: { show: true, position: 'top', formatter: (p: { value: number }) => ctx.f.integer(p.value) },
        },
        {
          type: 'line',
          name: ctx.t('rfm.meanSpend', { currency: ctx.currency }),
          yAxisIndex: 1,
          data: rows.map((r) => r.meanMonetary),
        },
      ],
    },
    { height: 400 },
  );
  return figure(ctx.t('rfm.segmentsTitle'), svg);
};

export const rfmSection: Section = {
  id: 'rfm',
  title: 'section.rfm',
  tables: ['rfm'],
  parts: [rfmGrid, segmentBars],
};

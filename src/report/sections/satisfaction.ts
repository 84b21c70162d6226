/**
 * Satisfaction: NPS and CSAT overall and per dimension with their intervals, CSAT per region and
 * dimension (the weakest cell named), and per month. NPS against value is in `satisfaction-value.ts`.
 */
import { svgChart } from '../chart.js';
import {
  emptyChart,
  figure,
  htmlTable,
  type Part,
  paragraph,
  type ReportContext,
  type Section,
} from '../section.js';
import {
  intervalText,
  MIN_RELIABLE,
  type SatisfactionCell,
  satisfactionCells,
  scoreText,
} from './satisfaction-cells.js';
import { npsByDecile, npsClasses, segmentTable } from './satisfaction-value.js';

const dimensionName = (ctx: ReportContext, d: string) => ctx.t.name('satisfaction.dimension', d);
const DIMENSION_ORDER = [
  'all',
  'product_quality',
  'service_quality',
  'user_experience',
  'after_sales',
  'other',
];
const byDimension = (a: string, b: string) =>
  (DIMENSION_ORDER.indexOf(a) + 1 || 99) - (DIMENSION_ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b);

const overview: Part = async (ctx) => {
  const cells = await satisfactionCells(ctx, 'all');
  if (cells.length === 0) return emptyChart(ctx);
  const { t, f } = ctx;
  const find = (metric: string, d: string) => cells.find((c) => c.metric === metric && c.dimension === d);
  const dimensions = [...new Set(cells.map((c) => c.dimension))].sort(byDimension);
  const table = htmlTable(
    [
      t('satisfaction.dimension'),
      t('satisfaction.metric.nps'),
      t('satisfaction.interval'),
      t('satisfaction.answers'),
      t('satisfaction.metric.csat'),
      t('satisfaction.interval'),
      t('satisfaction.answers'),
    ],
    dimensions.map((d) => [
      dimensionName(ctx, d),
      scoreText(ctx, find('nps', d)),
      intervalText(ctx, find('nps', d)),
      f.integer(find('nps', d)?.n ?? null),
      scoreText(ctx, find('csat', d)),
      intervalText(ctx, find('csat', d)),
      f.integer(find('csat', d)?.n ?? null),
    ]),
    [1, 2, 3, 4, 5, 6],
  );
  return (
    `<h3>${t('satisfaction.byDimension')}</h3>` +
    table +
    paragraph(t('satisfaction.unreliable', { min: MIN_RELIABLE }))
  );
};

/** The CSAT cell of a region and dimension that is lowest, with CSAT over the other regions. */
export function weakestRegion(
  cells: SatisfactionCell[],
): { cell: SatisfactionCell; elsewhere: number | null } | undefined {
  const csat = cells.filter(
    (c) => c.metric === 'csat' && c.dimension !== 'all' && c.value !== null && c.reliable,
  );
  const cell = [...csat].sort((a, b) => (a.value as number) - (b.value as number))[0];
  if (!cell) return undefined;
  const others = csat.filter((c) => c.dimension === cell.dimension && c.segment !== cell.segment);
  const n = others.reduce((s, c) => s + c.n, 0);
  return { cell, elsewhere: n > 0 ? others.reduce((s, c) => s + c.positive, 0) / n : null };
}

const regions: Part = async (ctx) => {
  const cells = (await satisfactionCells(ctx, 'region')).filter((c) => c.metric === 'csat');
  if (cells.length === 0) return '';
  const { t, f } = ctx;
  const names = [...new Set(cells.map((c) => c.segment))].sort();
  const dimensions = [...new Set(cells.map((c) => c.dimension))].sort(byDimension);
  const data = cells.map((c) => [dimensions.indexOf(c.dimension), names.indexOf(c.segment), c.value]);
  const svg = svgChart(
    {
      grid: { left: 90, right: 30, top: 20, bottom: 50 },
      xAxis: { type: 'category', data: dimensions.map((d) => dimensionName(ctx, d)) },
      yAxis: { type: 'category', data: names, inverse: true },
      visualMap: { show: false, min: 0, max: 1, inRange: { color: ['#b5485d', '#f4efe4', '#4e9a6a'] } },
      series: [
        {
          type: 'heatmap',
          data,
          label: {
            show: true,
            formatter: (p: { value: number[]; dataIndex: number }) => {
              const c = cells[p.dataIndex];
              return `${f.percent(c.value, 0)}${c.reliable ? '' : '*'}`;
            },
          },
        },
      ],
    },
    { height: Math.min(700, 90 + names.length * 36) },
  );
  const weakest = weakestRegion(cells);
  const note = weakest
    ? t('satisfaction.lowest', {
        dimension: dimensionName(ctx, weakest.cell.dimension),
        region: weakest.cell.segment,
        csat: f.percent(weakest.cell.value, 0),
        interval: intervalText(ctx, weakest.cell),
        n: f.integer(weakest.cell.n),
        rest: f.percent(weakest.elsewhere, 0),
      })
    : undefined;
  return figure(t('satisfaction.regionTitle'), svg, note);
};

const months: Part = async (ctx) => {
  const cells = (await satisfactionCells(ctx, 'all', true)).filter((c) => c.dimension === 'all');
  if (cells.length === 0) return '';
  const { t, f } = ctx;
  const labels = [...new Set(cells.map((c) => (c.month ?? '').slice(0, 7)))].sort();
  const series = (metric: 'nps' | 'csat') =>
    labels.map((m) => cells.find((c) => c.metric === metric && (c.month ?? '').startsWith(m))?.value ?? null);
  const svg = svgChart({
    legend: { top: 0 },
    grid: { left: 70, right: 30, top: 40, bottom: 60 },
    xAxis: { type: 'category', data: labels, axisLabel: { rotate: labels.length > 12 ? 45 : 0 } },
    yAxis: {
      type: 'value',
      name: t('satisfaction.shareAxis'),
      axisLabel: { formatter: (v: number) => f.percent(v, 0) },
    },
    series: [
      {
        type: 'line',
        name: t('satisfaction.metric.nps'),
        data: series('nps'),
        symbolSize: 4,
        connectNulls: true,
      },
      {
        type: 'line',
        name: t('satisfaction.metric.csat'),
        data: series('csat'),
        symbolSize: 4,
        connectNulls: true,
      },
    ],
  });
  return figure(t('satisfaction.monthTitle'), svg, t('satisfaction.monthNote'));
};

export const satisfactionSection: Section = {
  id: 'satisfaction',
  title: 'satisfaction.section',
  tables: ['satisfaction', 'satisfaction_value'],
  parts: [overview, regions, months, npsByDecile, npsClasses, segmentTable],
};

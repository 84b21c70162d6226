/** Demographic segments: CSAT by region, and value, loyalty and satisfaction per segment of each dimension. */
import { AGE_BANDS, SMALL_CELL } from '../../analyses/demographics/index.js';
import { svgChart } from '../chart.js';
import type { MessageKey } from '../i18n/index.js';
import {
  emptyChart,
  escapeHtml,
  figure,
  htmlTable,
  type Part,
  paragraph,
  type ReportContext,
  type Section,
} from '../section.js';

interface Cell {
  segment: string;
  customers: number;
  buyer_rate: number | null;
  revenue_per_buyer: number | null;
  mean_clv: number | null;
  repeat_rate: number | null;
  mean_engagement: number | null;
  nps_answers: number;
  nps: number | null;
  csat_answers: number;
  csat: number | null;
  small_cell: boolean;
}

/** The run's segments of one dimension, in a natural order (age bands by age, others by size; unknown last). */
export async function demographicCells(ctx: ReportContext, dimension: string): Promise<Cell[]> {
  const rows = await ctx.query<Record<string, unknown>>(
    `SELECT segment, customers, buyer_rate, revenue_per_buyer, mean_clv, repeat_rate, mean_engagement, nps_answers, nps,
       csat_answers, csat, small_cell FROM demographic_segments WHERE run_id = $1 AND dimension = $2`,
    [dimension],
  );
  const cells = rows.map((r) => ({ ...r, customers: Number(r.customers) }) as Cell);
  const bands = AGE_BANDS.map(([name]) => name);
  const rank = (c: Cell) =>
    c.segment === 'unknown'
      ? Number.POSITIVE_INFINITY
      : dimension === 'age_band'
        ? bands.indexOf(c.segment)
        : -c.customers;
  return cells.sort((a, b) => rank(a) - rank(b) || a.segment.localeCompare(b.segment));
}

const csatByRegion: Part = async (ctx) => {
  const cells = (await demographicCells(ctx, 'region')).filter((c) => c.csat !== null);
  if (cells.length === 0) return '';
  const svg = svgChart(
    {
      grid: { left: 70, right: 30, top: 30, bottom: 60 },
      xAxis: { type: 'category', data: cells.map((c) => label(ctx, c.segment)), axisLabel: { interval: 0 } },
      yAxis: {
        type: 'value',
        min: 0,
        max: 1,
        axisLabel: { formatter: (v: number) => ctx.f.percent(v, 0) },
      },
      series: [
        {
          type: 'bar',
          data: cells.map((c) => c.csat),
          label: {
            show: true,
            position: 'top',
            formatter: (p: { value: number }) => ctx.f.percent(p.value, 0),
          },
        },
      ],
    },
    { height: 340 },
  );
  return figure(ctx.t('demographics.csatTitle'), svg, ctx.t('demographics.csatAxis'));
};

function label(ctx: ReportContext, segment: string): string {
  return segment === 'unknown' ? ctx.t('demographics.unknown') : segment;
}

function dimensionTable(dimension: 'age_band' | 'gender' | 'region' | 'occupation'): Part {
  return async (ctx) => {
    const cells = await demographicCells(ctx, dimension);
    if (cells.length === 0) return emptyChart(ctx);
    const { t, f } = ctx;
    const answers = (value: string, n: number) => `${value} (${f.integer(n)})`;
    const rows = cells.map((c) => [
      `${label(ctx, c.segment)}${c.small_cell ? ' *' : ''}`,
      f.integer(c.customers),
      f.percent(c.buyer_rate),
      f.money(c.revenue_per_buyer),
      f.money(c.mean_clv),
      f.percent(c.repeat_rate),
      f.number(c.mean_engagement, 1),
      answers(f.number(c.nps, 1), Number(c.nps_answers)),
      answers(f.percent(c.csat), Number(c.csat_answers)),
    ]);
    const headers = (
      [
        'demographics.segment',
        'demographics.customers',
        'demographics.buyerRate',
        'demographics.revenuePerBuyer',
        'demographics.meanClv',
        'demographics.repeatRate',
        'demographics.engagement',
        'demographics.nps',
        'demographics.csat',
      ] as MessageKey[]
    ).map((k) => t(k));
    return `<h3>${escapeHtml(t(`demographics.dimension.${dimension}` as MessageKey))}</h3>${htmlTable(headers, rows, [1, 2, 3, 4, 5, 6, 7, 8])}`;
  };
}

const intro: Part = async (ctx) => paragraph(ctx.t('demographics.intro', { min: SMALL_CELL }));

export const demographicsSection: Section = {
  id: 'demographics',
  title: 'demographics.title',
  tables: ['demographic_segments'],
  parts: [
    intro,
    csatByRegion,
    dimensionTable('age_band'),
    dimensionTable('gender'),
    dimensionTable('region'),
    dimensionTable('occupation'),
  ],
};

/** Customer equity (Σ predictive CLV): in total, by RFM segment and by acquisition channel. */
import { SEGMENTS } from '../../analyses/rfm/index.js';
import { svgChart } from '../chart.js';
import { emptyChart, figure, type Part, paragraph, type ReportContext, type Section } from '../section.js';

export interface EquityRow {
  value: string;
  customers: number;
  equity: number;
  share: number | null;
}

/** The `customer_equity` rows of one dimension (`total`, `rfm_segment`, `acquisition_channel`, …). */
export async function equityBy(ctx: ReportContext, dimension: string): Promise<EquityRow[]> {
  const rows = await ctx.query<{
    value: string | null;
    customers: number;
    equity: number | null;
    share: number | null;
  }>('SELECT value, customers, equity, share FROM customer_equity WHERE run_id = $1 AND dimension = $2', [
    dimension,
  ]);
  return rows.map((r) => ({
    value: r.value ?? 'unknown',
    customers: Number(r.customers),
    equity: r.equity ?? 0,
    share: r.share,
  }));
}

function equityBars(
  ctx: ReportContext,
  title: string,
  rows: EquityRow[],
  label: (v: string) => string,
): string {
  const svg = svgChart(
    {
      grid: { left: 150, right: 110, top: 20, bottom: 40 },
      xAxis: {
        type: 'value',
        name: ctx.t('equity.axis', { currency: ctx.currency }),
        nameLocation: 'middle',
        nameGap: 25,
        axisLabel: { formatter: ctx.f.compact },
      },
      yAxis: { type: 'category', data: rows.map((r) => label(r.value)), inverse: true },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => r.equity),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { dataIndex: number }) =>
              `${ctx.f.money(rows[p.dataIndex].equity)} (${ctx.f.percent(rows[p.dataIndex].share)})`,
          },
        },
      ],
    },
    { height: Math.max(160, 60 + rows.length * 28) },
  );
  return figure(title, svg);
}

const total: Part = async (ctx) => {
  const [row] = await equityBy(ctx, 'total');
  return row
    ? paragraph(ctx.t('equity.total', { value: ctx.f.money(row.equity), n: ctx.f.integer(row.customers) }))
    : '';
};

const bySegment: Part = async (ctx) => {
  const rank = (s: string) => {
    const i = SEGMENTS.indexOf(s as (typeof SEGMENTS)[number]);
    return i < 0 ? SEGMENTS.length : i;
  };
  const rows = (await equityBy(ctx, 'rfm_segment')).sort((a, b) => rank(a.value) - rank(b.value));
  if (rows.length === 0) return emptyChart(ctx);
  return equityBars(ctx, ctx.t('equity.segmentTitle'), rows, (v) => ctx.t.name('segment', v));
};

const byChannel: Part = async (ctx) => {
  const rows = (await equityBy(ctx, 'acquisition_channel')).sort((a, b) => b.equity - a.equity);
  if (rows.length === 0) return emptyChart(ctx);
  return equityBars(ctx, ctx.t('equity.channelTitle'), rows, (v) =>
    v === 'unknown' ? ctx.t('equity.unknownChannel') : v,
  );
};

export const equitySection: Section = {
  id: 'equity',
  title: 'section.equity',
  tables: ['customer_equity'],
  parts: [total, bySegment, byChannel],
};

/** Acquisition: CAC against mean 12-month CLV per channel, with conversion, LTV:CAC and payback. */
import { svgChart } from '../chart.js';
import { emptyChart, figure, htmlTable, type Part, type ReportContext, type Section } from '../section.js';

export interface ChannelEconomics {
  channel: string;
  acquired: number;
  conversionRate: number | null;
  cac: number | null;
  meanClv: number | null;
  ltvCac: number | null;
  paybackMonths: number | null;
}

/** The per-channel rows over all months (`month` empty), most customers first. */
export async function channelEconomics(ctx: ReportContext): Promise<ChannelEconomics[]> {
  const rows = await ctx.query<{
    channel: string | null;
    acquired: number | null;
    conversion_rate: number | null;
    cac: number | null;
    mean_clv: number | null;
    ltv_cac: number | null;
    payback_months: number | null;
  }>(
    `SELECT channel, acquired, conversion_rate, cac, mean_clv, ltv_cac, payback_months
     FROM acquisition WHERE run_id = $1 AND month IS NULL`,
  );
  return rows
    .map((r) => ({
      channel: r.channel ?? 'unknown',
      acquired: Number(r.acquired ?? 0),
      conversionRate: r.conversion_rate,
      cac: r.cac,
      meanClv: r.mean_clv,
      ltvCac: r.ltv_cac,
      paybackMonths: r.payback_months,
    }))
    .sort((a, b) => b.acquired - a.acquired);
}

const cacVsLtv: Part = async (ctx) => {
  const rows = await channelEconomics(ctx);
  if (rows.length === 0) return emptyChart(ctx);
  const { t, f } = ctx;
  const svg = svgChart(
    {
      legend: { top: 0 },
      grid: { left: 70, right: 30, top: 40, bottom: 70 },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.channel),
        axisLabel: { interval: 0, rotate: rows.length > 6 ? 30 : 0 },
      },
      yAxis: {
        type: 'value',
        name: t('acquisition.axis', { currency: ctx.currency }),
        axisLabel: { formatter: f.compact },
      },
      series: [
        {
          type: 'bar',
          name: t('acquisition.cac'),
          data: rows.map((r) => r.cac),
          label: { show: true, position: 'top', formatter: (p: { value: number }) => f.compact(p.value) },
        },
        {
          type: 'bar',
          name: t('acquisition.meanClv'),
          data: rows.map((r) => r.meanClv),
          label: {
            show: true,
            position: 'top',
            formatter: (p: { dataIndex: number }) => `${f.number(rows[p.dataIndex].ltvCac, 1)}×`,
          },
        },
      ],
    },
    { height: 380 },
  );
  const table = htmlTable(
    [
      t('acquisition.channel'),
      t('acquisition.acquired'),
      t('acquisition.conversion'),
      t('acquisition.cac'),
      t('acquisition.meanClv'),
      t('acquisition.ltvCac'),
      t('acquisition.payback'),
    ],
    rows.map((r) => [
      r.channel,
      f.integer(r.acquired),
      f.percent(r.conversionRate),
      f.money(r.cac),
      f.money(r.meanClv),
      f.number(r.ltvCac, 2),
      f.number(r.paybackMonths, 1),
    ]),
    [1, 2, 3, 4, 5, 6],
  );
  return figure(t('acquisition.title'), svg) + table;
};

export const acquisitionSection: Section = {
  id: 'acquisition',
  title: 'section.acquisition',
  tables: ['acquisition'],
  parts: [cacVsLtv],
};

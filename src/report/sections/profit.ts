/** Profit concentration: the Lorenz curve of profit per customer and the top-20 % share. */
import { svgChart } from '../chart.js';
import { emptyChart, figure, type Part, paragraph, type ReportContext, type Section } from '../section.js';

/** The run's Lorenz points `[population share, profit share]`, least profitable customers first. */
export async function lorenzPoints(ctx: ReportContext): Promise<[number, number][]> {
  const rows = await ctx.query<{ p: number; s: number | null }>(
    'SELECT population_share AS p, profit_share AS s FROM profit_lorenz WHERE run_id = $1',
  );
  return rows
    .filter((r) => r.s !== null)
    .map((r) => [r.p, r.s as number] as [number, number])
    .sort((a, b) => a[0] - b[0]);
}

const lorenz: Part = async (ctx) => {
  const points = await lorenzPoints(ctx);
  if (points.length === 0) return emptyChart(ctx);
  const { t, f } = ctx;
  const pct = (v: number) => f.percent(v, 0);
  const svg = svgChart(
    {
      legend: { top: 0 },
      grid: { left: 70, right: 40, top: 40, bottom: 60 },
      xAxis: {
        type: 'value',
        min: 0,
        max: 1,
        name: t('profit.population'),
        nameLocation: 'middle',
        nameGap: 30,
        axisLabel: { formatter: pct },
      },
      yAxis: { type: 'value', name: t('profit.share'), axisLabel: { formatter: pct } },
      series: [
        { type: 'line', name: t('profit.curve'), data: points, symbolSize: 4, areaStyle: { opacity: 0.15 } },
        {
          type: 'line',
          name: t('profit.equality'),
          data: [
            [0, 0],
            [1, 1],
          ],
          symbol: 'none',
          lineStyle: { type: 'dashed', color: '#999999' },
          itemStyle: { color: '#999999' },
        },
      ],
    },
    { width: 620, height: 420 },
  );
  const note = t('profit.note', {
    top20: f.percent(ctx.kpis.top20_profit_share?.value ?? null),
    gini: f.number(ctx.kpis.profit_gini?.value ?? null, 2),
  });
  return figure(t('profit.title'), svg) + paragraph(note);
};

export const profitSection: Section = {
  id: 'profit',
  title: 'section.profit',
  tables: ['profit_lorenz'],
  parts: [lorenz],
};

/** Satisfaction against value: NPS per CLV decile, promoters and detractors, NPS and CSAT per RFM segment. */
import { SEGMENTS } from '../../analyses/rfm/index.js';
import { svgChart } from '../chart.js';
import { figure, htmlTable, type Part, paragraph, type ReportContext } from '../section.js';
import { intervalText, satisfactionCells, scoreText } from './satisfaction-cells.js';

export const npsByDecile: Part = async (ctx) => {
  const cells = (await satisfactionCells(ctx, 'clv_decile')).filter(
    (c) => c.metric === 'nps' && c.dimension === 'all',
  );
  if (cells.length === 0) return '';
  const { t, f } = ctx;
  cells.sort((a, b) => Number(a.segment) - Number(b.segment));
  const svg = svgChart({
    grid: { left: 70, right: 30, top: 30, bottom: 60 },
    xAxis: {
      type: 'category',
      data: cells.map((c) => c.segment),
      name: t('satisfaction.decile'),
      nameLocation: 'middle',
      nameGap: 30,
    },
    yAxis: { type: 'value', name: t('satisfaction.metric.nps') },
    series: [
      {
        type: 'bar',
        data: cells.map((c) => (c.value === null ? null : c.value * 100)),
        label: {
          show: true,
          position: 'top',
          formatter: (p: { dataIndex: number }) => scoreText(ctx, cells[p.dataIndex]),
        },
      },
    ],
  });
  const low = cells[0];
  const high = cells[cells.length - 1];
  return figure(
    t('satisfaction.decileTitle'),
    svg,
    t('satisfaction.decileNote', {
      low: scoreText(ctx, low),
      lowInterval: intervalText(ctx, low),
      high: scoreText(ctx, high),
      highInterval: intervalText(ctx, high),
      n: f.integer(cells.reduce((s, c) => s + c.n, 0)),
    }),
  );
};

/** Promoters, passives and detractors with their churn rate and CLV, best class first. */
export async function npsClassRows(ctx: ReportContext) {
  const rows = await ctx.query<{
    nps_class: string;
    customers: number;
    share: number | null;
    churn_rate: number | null;
    mean_clv_12m: number | null;
    mean_historical_clv: number | null;
  }>(
    `SELECT nps_class, customers, share, churn_rate, mean_clv_12m, mean_historical_clv
     FROM satisfaction_value WHERE run_id = $1`,
  );
  const order = ['promoter', 'passive', 'detractor'];
  return rows.sort((a, b) => order.indexOf(a.nps_class) - order.indexOf(b.nps_class));
}

export const npsClasses: Part = async (ctx) => {
  const rows = await npsClassRows(ctx);
  if (rows.length === 0) return '';
  const { t, f } = ctx;
  const table = htmlTable(
    [
      t('satisfaction.class'),
      t('satisfaction.customers'),
      t('satisfaction.classShare'),
      t('satisfaction.churnRate'),
      t('satisfaction.meanClv'),
      t('satisfaction.meanHistorical'),
    ],
    rows.map((r) => [
      t.name('satisfaction.class', r.nps_class),
      f.integer(Number(r.customers)),
      f.percent(r.share),
      f.percent(r.churn_rate),
      f.money(r.mean_clv_12m),
      f.money(r.mean_historical_clv),
    ]),
    [1, 2, 3, 4, 5],
  );
  const rate = (c: string) => f.percent(rows.find((r) => r.nps_class === c)?.churn_rate ?? null);
  return (
    `<h3>${t('satisfaction.classTitle')}</h3>` +
    table +
    paragraph(t('satisfaction.classNote', { detractors: rate('detractor'), promoters: rate('promoter') }))
  );
};

export const segmentTable: Part = async (ctx) => {
  const cells = (await satisfactionCells(ctx, 'rfm')).filter((c) => c.dimension === 'all');
  if (cells.length === 0) return '';
  const { t, f } = ctx;
  const segments = [...new Set(cells.map((c) => c.segment))].sort(
    (a, b) =>
      (SEGMENTS.indexOf(a as (typeof SEGMENTS)[number]) + 1 || 99) -
      (SEGMENTS.indexOf(b as (typeof SEGMENTS)[number]) + 1 || 99),
  );
  const find = (metric: string, s: string) => cells.find((c) => c.metric === metric && c.segment === s);
  return (
    `<h3>${t('satisfaction.segmentTitle')}</h3>` +
    htmlTable(
      [
        t('satisfaction.segment'),
        t('satisfaction.metric.nps'),
        t('satisfaction.answers'),
        t('satisfaction.metric.csat'),
        t('satisfaction.answers'),
      ],
      segments.map((s) => [
        t.name('segment', s),
        scoreText(ctx, find('nps', s)),
        f.integer(find('nps', s)?.n ?? null),
        scoreText(ctx, find('csat', s)),
        f.integer(find('csat', s)?.n ?? null),
      ]),
      [1, 2, 3, 4],
    )
  );
};

/** Competition: churn reasons with the value lost per reason, and market share per period. */
import { svgChart } from '../chart.js';
import { figure, htmlTable, type Part, paragraph, type ReportContext, type Section } from '../section.js';

/** The run's churn reasons, most customers first. */
export async function churnReasonRows(ctx: ReportContext) {
  const rows = await ctx.query<{
    reason: string;
    feedback: number;
    customers: number;
    share: number | null;
    clv_lost: number | null;
    historical_clv: number | null;
  }>(
    'SELECT reason, feedback, customers, share, clv_lost, historical_clv FROM churn_reasons WHERE run_id = $1',
  );
  return rows.sort((a, b) => Number(b.customers) - Number(a.customers) || a.reason.localeCompare(b.reason));
}

const reasons: Part = async (ctx) => {
  const rows = await churnReasonRows(ctx);
  if (rows.length === 0) return '';
  const { t, f } = ctx;
  const name = (r: string) => t.name('competition.reason', r);
  const svg = svgChart(
    {
      grid: { left: 160, right: 60, top: 20, bottom: 60 },
      xAxis: {
        type: 'value',
        name: t('competition.customers'),
        nameLocation: 'middle',
        nameGap: 30,
        axisLabel: { formatter: f.compact },
      },
      yAxis: { type: 'category', data: rows.map((r) => name(r.reason)), inverse: true },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => Number(r.customers)),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { dataIndex: number }) => f.percent(rows[p.dataIndex].share, 0),
          },
        },
      ],
    },
    { height: Math.min(600, 100 + rows.length * 36) },
  );
  const top = rows[0];
  const total = rows.reduce((s, r) => s + Number(r.customers), 0);
  const table = htmlTable(
    [
      t('competition.reason'),
      t('competition.customers'),
      t('competition.share'),
      t('competition.feedback'),
      t('competition.clvLost'),
      t('competition.historical'),
    ],
    rows.map((r) => [
      name(r.reason),
      f.integer(Number(r.customers)),
      f.percent(r.share),
      f.integer(Number(r.feedback)),
      f.money(r.clv_lost),
      f.money(r.historical_clv),
    ]),
    [1, 2, 3, 4, 5],
  );
  return (
    figure(
      t('competition.reasonsTitle'),
      svg,
      t('competition.reasonsNote', {
        reason: name(top.reason),
        share: f.percent(top.share, 0),
        customers: f.integer(total),
      }),
    ) + table
  );
};

const market: Part = async (ctx) => {
  const d = ctx.db.dialect;
  const rows = await ctx.query<{
    period: string;
    complete: boolean | null;
    customers: number;
    market_customers: number | null;
    customer_share: number | null;
    revenue: number | null;
    market_revenue: number | null;
    revenue_share: number | null;
    customers_vs_competitor: number | null;
    revenue_vs_competitor: number | null;
  }>(
    `SELECT period, complete, customers, market_customers, customer_share, ${d.toFloat('revenue')} AS revenue,
       ${d.toFloat('market_revenue')} AS market_revenue, revenue_share, customers_vs_competitor, revenue_vs_competitor
     FROM market_share WHERE run_id = $1 ORDER BY period_start, period_end`,
  );
  if (rows.length === 0) return '';
  const { t, f } = ctx;
  const share = (x: number | null) => (x === null ? t('report.none') : f.percent(x, 2));
  return (
    `<h3>${t('competition.marketTitle')}</h3>` +
    htmlTable(
      [
        t('competition.period'),
        t('competition.ourCustomers'),
        t('competition.marketCustomers'),
        t('competition.customerShare'),
        t('competition.ourRevenue'),
        t('competition.marketRevenue'),
        t('competition.revenueShare'),
        t('competition.vsCompetitor'),
      ],
      rows.map((r) => [
        r.complete ? r.period : t('competition.toDate', { period: r.period }),
        f.integer(Number(r.customers)),
        f.integer(r.market_customers),
        share(r.customer_share),
        f.money(r.revenue),
        f.money(r.market_revenue),
        share(r.revenue_share),
        `${f.number(r.customers_vs_competitor, 3)} / ${f.number(r.revenue_vs_competitor, 3)}`,
      ]),
      [1, 2, 3, 4, 5, 6, 7],
    ) +
    paragraph(t('competition.marketNote'))
  );
};

export const competitionSection: Section = {
  id: 'competition',
  title: 'competition.section',
  tables: ['churn_reasons', 'market_share'],
  parts: [reasons, market],
};

/** Influence: how concentrated referrals are, and the top influencers by PageRank. */
import { svgChart } from '../chart.js';
import { emptyChart, escapeHtml, figure, htmlTable, type Part, paragraph, type Section } from '../section.js';

/** Referrers shown in the chart, and influencers in the table. */
const TOP_REFERRERS = 20;
const TOP_INFLUENCERS = 10;

const referrers: Part = async (ctx) => {
  const rows = await ctx.query<{ customer_id: string; referrals: number }>(
    `SELECT customer_id, referrals FROM influence WHERE run_id = $1 AND referrals > 0
     ORDER BY referrals DESC, customer_id LIMIT ${TOP_REFERRERS}`,
  );
  if (rows.length === 0) return emptyChart(ctx);
  const { t, f, kpis } = ctx;
  const svg = svgChart(
    {
      grid: { left: 60, right: 20, top: 30, bottom: 80 },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.customer_id),
        axisLabel: { interval: 0, rotate: 45 },
      },
      yAxis: { type: 'value', name: t('influence.referrals') },
      series: [{ type: 'bar', data: rows.map((r) => Number(r.referrals)) }],
    },
    { height: 340 },
  );
  const note = t('influence.note', {
    referrers: f.integer(kpis.referrers?.value ?? null),
    top: f.percent(kpis.top1pct_referral_share?.value ?? null),
    shares: f.percent(kpis.share_rate?.value ?? null),
    interactions: f.percent(kpis.interaction_rate?.value ?? null),
  });
  return figure(t('influence.chart', { n: rows.length }), svg) + paragraph(note);
};

const influencers: Part = async (ctx) => {
  const rows = await ctx.query<{
    customer_id: string;
    pagerank: number;
    referrals: number;
    referred_revenue: number | null;
    referred_clv: number | null;
    nodes: number;
  }>(
    `SELECT customer_id, pagerank, referrals, ${ctx.db.dialect.toFloat('referred_revenue')} AS referred_revenue,
       referred_clv, (SELECT count(pagerank) FROM influence WHERE run_id = $1) AS nodes
     FROM influence WHERE run_id = $1 AND pagerank IS NOT NULL
     ORDER BY pagerank DESC, customer_id LIMIT ${TOP_INFLUENCERS}`,
  );
  if (rows.length === 0) return '';
  const { t, f } = ctx;
  const table = htmlTable(
    [
      t('influence.customer'),
      t('influence.pagerank'),
      t('influence.referrals'),
      t('influence.referredRevenue'),
      t('influence.referredClv'),
    ],
    rows.map((r) => [
      r.customer_id,
      `${f.number(r.pagerank * Number(r.nodes), 1)}×`,
      f.integer(r.referrals),
      f.money(r.referred_revenue),
      f.money(r.referred_clv),
    ]),
    [1, 2, 3, 4],
  );
  return `<h3>${escapeHtml(t('influence.top', { n: rows.length }))}</h3>${table}${paragraph(t('influence.pagerankNote'))}`;
};

export const influenceSection: Section = {
  id: 'influence',
  title: 'influence.section',
  tables: ['influence'],
  parts: [referrers, influencers],
};

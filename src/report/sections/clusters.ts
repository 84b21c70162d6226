/** Behavioural clusters: the silhouette of each k tried, the profile of each cluster and its centre. */
import { FEATURES } from '../../analyses/clusters/features.js';
import { markedBarChart, svgChart } from '../chart.js';
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

type Profile = Record<string, number | string | null> & {
  cluster: number;
  traits: string;
  customers: number;
};

/** The run's cluster profiles, cluster 1 first. */
export async function clusterProfiles(ctx: ReportContext): Promise<Profile[]> {
  const rows = await ctx.query<Profile>('SELECT * FROM cluster_profiles WHERE run_id = $1 ORDER BY cluster');
  return rows.map((r) => ({ ...r, cluster: Number(r.cluster), customers: Number(r.customers) }));
}

/** A cluster's name in the report's language, from its trait codes ("recent+high_spend"). */
export function clusterLabel(ctx: ReportContext, p: Profile, all: readonly Profile[]): string {
  const words = p.traits
    .split('+')
    .map((t) => ctx.t.name('clusters.trait', t))
    .join(ctx.t.language === 'zh' ? '、' : ', ');
  const name = ctx.t.language === 'zh' ? words : words.charAt(0).toUpperCase() + words.slice(1);
  return all.some((o) => o.cluster !== p.cluster && o.traits === p.traits) ? `${name} (${p.cluster})` : name;
}

const intro: Part = async (ctx) =>
  paragraph(
    ctx.t('clusters.intro', {
      k: ctx.f.integer(ctx.kpis.cluster_count?.value ?? null),
      silhouette: ctx.f.number(ctx.kpis.cluster_silhouette?.value ?? null, 2),
    }),
  );

const silhouetteBars: Part = async (ctx) => {
  const rows = await ctx.query<{ k: number; silhouette: number | null; chosen: boolean }>(
    'SELECT k, silhouette, chosen FROM cluster_selection WHERE run_id = $1 ORDER BY k',
  );
  if (rows.length === 0) return emptyChart(ctx);
  const svg = markedBarChart(
    rows.map((r) => ({ label: String(r.k), value: r.silhouette, marked: r.chosen })),
    { x: ctx.t('clusters.k'), y: ctx.t('clusters.silhouette') },
    (v) => ctx.f.number(v, 2),
  );
  return figure(ctx.t('clusters.silhouetteTitle'), svg);
};

const profileTable: Part = async (ctx) => {
  const profiles = await clusterProfiles(ctx);
  if (profiles.length === 0) return emptyChart(ctx);
  const { t, f } = ctx;
  const headers = (
    [
      'clusters.cluster',
      'clusters.customers',
      'clusters.share',
      'clusters.recency',
      'clusters.frequency',
      'clusters.monetary',
      'clusters.clv',
      'clusters.engagement',
      'clusters.satisfaction',
    ] as MessageKey[]
  ).map((k) => t(k));
  const num = (v: unknown, digits = 1) => f.number(v === null ? null : Number(v), digits);
  const rows = profiles.map((p) => [
    `${p.cluster}. ${clusterLabel(ctx, p, profiles)}`,
    f.integer(p.customers),
    f.percent(Number(p.share)),
    num(p.recency_days, 0),
    num(p.frequency),
    f.money(p.monetary === null ? null : Number(p.monetary)),
    f.money(p.clv_12m === null ? null : Number(p.clv_12m)),
    num(p.engagement_score),
    num(p.satisfaction, 2),
  ]);
  return `<figure><figcaption>${escapeHtml(t('clusters.profileTitle'))}</figcaption>${htmlTable(headers, rows, [1, 2, 3, 4, 5, 6, 7, 8])}</figure>`;
};

const centroidMap: Part = async (ctx) => {
  const profiles = await clusterProfiles(ctx);
  if (profiles.length === 0) return '';
  const features = FEATURES.map((f) => f.name);
  const cells: [number, number, number][] = [];
  profiles.forEach((p, y) => {
    features.forEach((name, x) => {
      const z = p[`${name}_z`];
      if (z !== null && z !== undefined) cells.push([x, y, Number(z)]);
    });
  });
  const svg = svgChart(
    {
      grid: { left: 200, right: 30, top: 20, bottom: 50 },
      xAxis: {
        type: 'category',
        data: features.map((n) => ctx.t(`factors.feature.${n}` as MessageKey)),
        axisLabel: { interval: 0 },
      },
      yAxis: {
        type: 'category',
        data: profiles.map((p) => `${p.cluster}. ${clusterLabel(ctx, p, profiles)}`),
        inverse: true,
      },
      visualMap: { show: false, min: -1.5, max: 1.5, inRange: { color: ['#2f6f9f', '#f4f4f4', '#e0833a'] } },
      series: [
        {
          type: 'heatmap',
          data: cells,
          label: {
            show: true,
            formatter: (p: { value: number[] }) => ctx.f.number(Math.round(p.value[2] * 10) / 10 || 0, 1),
          },
        },
      ],
    },
    { height: 80 + 40 * profiles.length },
  );
  return figure(ctx.t('clusters.centroidTitle'), svg, ctx.t('clusters.centroidNote'));
};

export const clustersSection: Section = {
  id: 'clusters',
  title: 'clusters.title',
  tables: ['cluster_profiles'],
  parts: [intro, silhouetteBars, profileTable, centroidMap],
};

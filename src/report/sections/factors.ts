/** Principal components and factors: the scree chart and the varimax loadings with communalities. */
import { FEATURES } from '../../analyses/clusters/features.js';
import { markedBarChart } from '../chart.js';
import type { MessageKey } from '../i18n/index.js';
import { emptyChart, escapeHtml, figure, htmlTable, type Part, paragraph, type Section } from '../section.js';

const scree: Part = async (ctx) => {
  const rows = await ctx.query<{
    factor: number;
    variance: number;
    cumulative_share: number;
    retained: boolean;
  }>(
    `SELECT factor, variance, cumulative_share, retained FROM factor_variance WHERE run_id = $1 AND method = 'pca' ORDER BY factor`,
  );
  if (rows.length === 0) return emptyChart(ctx);
  const retained = rows.filter((r) => r.retained);
  const svg = markedBarChart(
    rows.map((r) => ({ label: String(r.factor), value: r.variance, marked: r.retained })),
    { x: ctx.t('factors.component'), y: ctx.t('factors.eigenvalue') },
    (v) => ctx.f.number(v, 2),
  );
  const note = ctx.t('factors.screeNote', {
    m: retained.length,
    share: ctx.f.percent(retained.at(-1)?.cumulative_share ?? null),
  });
  return figure(ctx.t('factors.screeTitle'), svg, note);
};

const loadings: Part = async (ctx) => {
  const rows = await ctx.query<{
    factor: number;
    feature: string;
    loading: number;
    communality: number | null;
  }>(
    `SELECT factor, feature, loading, communality FROM factor_loadings WHERE run_id = $1 AND method = 'varimax'`,
  );
  if (rows.length === 0) return '';
  const { t, f } = ctx;
  const m = Math.max(...rows.map((r) => Number(r.factor)));
  const features = FEATURES.map((x) => x.name).filter((name) => rows.some((r) => r.feature === name));
  const headers = [
    t('factors.feature'),
    ...Array.from({ length: m }, (_, j) => t('factors.factor', { n: j + 1 })),
    t('factors.communality'),
  ];
  const body = features.map((name) => {
    const own = rows.filter((r) => r.feature === name);
    return [
      t(`factors.feature.${name}` as MessageKey),
      ...Array.from({ length: m }, (_, j) =>
        f.number(own.find((r) => Number(r.factor) === j + 1)?.loading ?? null, 2),
      ),
      f.number(own[0]?.communality ?? null, 2),
    ];
  });
  const numeric = Array.from({ length: m + 1 }, (_, j) => j + 1);
  return `<figure><figcaption>${escapeHtml(t('factors.loadingsTitle'))}</figcaption>${htmlTable(headers, body, numeric)}</figure>${paragraph(t('factors.loadingsNote'))}`;
};

export const factorsSection: Section = {
  id: 'factors',
  title: 'factors.title',
  tables: ['factor_loadings'],
  parts: [scree, loadings],
};

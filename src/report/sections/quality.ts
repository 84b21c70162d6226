/** Data quality: the summary score, the score per kind of check and the checks that found something. */
import { NOT_IN_DATA } from '../../analyses/quality/columns.js';
import { svgChart } from '../chart.js';
import {
  escapeHtml,
  figure,
  htmlTable,
  type Part,
  paragraph,
  type ReportContext,
  type Section,
} from '../section.js';

/** Findings listed in the page; the workbook has them all. */
export const QUALITY_FINDINGS_SHOWN = 25;
const KIND_PREFIX = 'data_quality_';

/** The per-kind scores (0–100) the quality analysis reported as KPIs `data_quality_<kind>`. */
export function scoresByKind(ctx: ReportContext): { kind: string; score: number }[] {
  return Object.entries(ctx.kpis)
    .filter(([k, v]) => k.startsWith(KIND_PREFIX) && k !== 'data_quality_score' && v.value !== null)
    .map(([k, v]) => ({ kind: k.slice(KIND_PREFIX.length), score: v.value as number }));
}

const summary: Part = async (ctx) => {
  const d = ctx.db.dialect;
  const [c] = await ctx.query<{ checks: number; clean: number }>(
    `SELECT count(*) AS checks, ${d.countIf('failing = 0')} AS clean FROM data_quality WHERE run_id = $1`,
  );
  const score = ctx.kpis.data_quality_score?.value ?? null;
  const text = ctx.t('quality.score', {
    score: ctx.f.number(score, 1),
    checks: ctx.f.integer(Number(c.checks)),
    clean: ctx.f.integer(Number(c.clean)),
  });
  const kinds = scoresByKind(ctx);
  if (kinds.length === 0) return paragraph(text);
  const svg = svgChart(
    {
      grid: { left: 170, right: 60, top: 10, bottom: 30 },
      xAxis: { type: 'value', min: 0, max: 100 },
      yAxis: { type: 'category', inverse: true, data: kinds.map((k) => ctx.t.name('check', k.kind)) },
      series: [
        {
          type: 'bar',
          data: kinds.map((k) => k.score),
          label: {
            show: true,
            position: 'right',
            formatter: (p: { value: number }) => ctx.f.number(p.value, 1),
          },
        },
      ],
    },
    { height: 50 + kinds.length * 30 },
  );
  return paragraph(text) + figure(ctx.t('quality.title'), svg);
};

const findings: Part = async (ctx: ReportContext) => {
  const rows = await ctx.query<{
    table_name: string;
    column_name: string | null;
    check_name: string;
    rows: number;
    failing: number;
    share: number | null;
    detail: string | null;
  }>(
    'SELECT table_name, column_name, check_name, "rows", failing, share, detail FROM data_quality WHERE run_id = $1 AND failing > 0',
  );
  const { t, f } = ctx;
  if (rows.length === 0) return paragraph(t('quality.noFindings'));
  rows.sort((a, b) => (b.share ?? 0) - (a.share ?? 0) || Number(b.failing) - Number(a.failing));
  const shown = rows.slice(0, QUALITY_FINDINGS_SHOWN);
  const table = htmlTable(
    [
      t('quality.table'),
      t('quality.column'),
      t('quality.check'),
      t('quality.rows'),
      t('quality.failing'),
      t('quality.share'),
      t('quality.detail'),
    ],
    shown.map((r) => [
      r.table_name,
      r.column_name ?? '',
      t.name('check', r.check_name),
      f.integer(Number(r.rows)),
      f.integer(Number(r.failing)),
      f.percent(r.share),
      r.detail === NOT_IN_DATA ? t('quality.notInData') : (r.detail ?? ''),
    ]),
    [3, 4, 5],
  );
  const more =
    rows.length > shown.length ? paragraph(t('quality.more', { n: rows.length - shown.length })) : '';
  return `<h3>${escapeHtml(t('quality.findings'))}</h3>${table}${more}`;
};

export const qualitySection: Section = {
  id: 'quality',
  title: 'section.quality',
  tables: ['data_quality'],
  parts: [summary, findings],
};

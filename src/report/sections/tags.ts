/** Tags: the rules of the run, how many customers each tagged, and the thresholds they resolved. */
import { svgChart } from '../chart.js';
import { emptyChart, figure, htmlTable, type Part, type Section } from '../section.js';

const tagSizes: Part = async (ctx) => {
  const rows = await ctx.query<{ tag: string; rule: string; customers: number; thresholds: string | null }>(
    `SELECT tag, rule, customers, ${ctx.db.dialect.toText('thresholds')} AS thresholds FROM tag_rules WHERE run_id = $1
     ORDER BY customers DESC, tag`,
  );
  if (rows.length === 0) return emptyChart(ctx);
  const { t, f } = ctx;
  const svg = svgChart(
    {
      grid: { left: 130, right: 60, top: 20, bottom: 40 },
      xAxis: { type: 'value', name: t('tags.customers'), axisLabel: { formatter: f.compact } },
      yAxis: { type: 'category', data: rows.map((r) => t.name('tags.name', r.tag)), inverse: true },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => Number(r.customers)),
          label: { show: true, position: 'right', formatter: (p: { value: number }) => f.integer(p.value) },
        },
      ],
    },
    { height: Math.min(700, 80 + rows.length * 32) },
  );
  const thresholds = (json: string | null) =>
    json === null
      ? ''
      : Object.entries(JSON.parse(json) as Record<string, number | null>)
          .map(([k, v]) => `${k} = ${f.number(v, 4)}`)
          .join('; ');
  const table = htmlTable(
    [t('tags.tag'), t('tags.rule'), t('tags.customers'), t('tags.thresholds')],
    rows.map((r) => [
      r.tag === t.name('tags.name', r.tag) ? r.tag : `${t.name('tags.name', r.tag)} (${r.tag})`,
      r.rule,
      f.integer(r.customers),
      thresholds(r.thresholds),
    ]),
    [2],
  );
  return figure(t('tags.title'), svg) + table;
};

export const tagsSection: Section = {
  id: 'tags',
  title: 'tags.section',
  tables: ['tag_rules'],
  parts: [tagSizes],
};

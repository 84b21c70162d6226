/** Banking classes: customers per class and AUM per period, the latest migration matrix and the rates. */
import { BANKING_CLASSES } from '../../analyses/banking/index.js';
import { svgChart } from '../chart.js';
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

const className = (ctx: ReportContext, cls: string) => ctx.t(`banking.class.${cls}` as MessageKey);

const classesOverTime: Part = async (ctx) => {
  const rows = await ctx.query<{ period: string; class: string; customers: number; aum: number | null }>(
    `SELECT ${ctx.db.dialect.toText('period')} AS period, class, customers, ${ctx.db.dialect.toFloat('aum')} AS aum
     FROM banking_classes WHERE run_id = $1 ORDER BY period`,
  );
  if (rows.length === 0) return emptyChart(ctx);
  const { t, f } = ctx;
  const periods = [...new Set(rows.map((r) => r.period.slice(0, 7)))];
  const at = (p: string, cls: string) => rows.find((r) => r.period.startsWith(p) && r.class === cls);
  const aum = periods.map((p) =>
    rows.filter((r) => r.period.startsWith(p)).reduce((s, r) => s + (r.aum ?? 0), 0),
  );
  const svg = svgChart(
    {
      legend: { top: 0 },
      grid: { left: 70, right: 80, top: 40, bottom: 50 },
      xAxis: { type: 'category', data: periods },
      yAxis: [
        { type: 'value', name: t('banking.customers'), axisLabel: { formatter: f.compact } },
        {
          type: 'value',
          name: t('banking.aum', { currency: ctx.currency }),
          axisLabel: { formatter: f.compact },
        },
      ],
      series: [
        ...BANKING_CLASSES.filter((c) => c !== 'dormant').map((cls) => ({
          type: 'bar',
          stack: 'customers',
          name: className(ctx, cls),
          data: periods.map((p) => at(p, cls)?.customers ?? 0),
        })),
        { type: 'line', name: t('banking.aumLine'), yAxisIndex: 1, data: aum, symbolSize: 4 },
      ],
    },
    { height: 380 },
  );
  const last = periods[periods.length - 1];
  const note = t('banking.note', {
    period: last,
    dormant: f.integer(at(last, 'dormant')?.customers ?? 0),
    conversion: f.percent(ctx.kpis.banking_flow_conversion?.value ?? null),
    attrition: f.percent(ctx.kpis.banking_stock_attrition?.value ?? null),
  });
  return figure(t('banking.title'), svg) + paragraph(note);
};

const migration: Part = async (ctx) => {
  const rows = await ctx.query<{
    from_period: string;
    to_period: string;
    from_class: string;
    to_class: string;
    customers: number;
  }>(
    `SELECT ${ctx.db.dialect.toText('from_period')} AS from_period, ${ctx.db.dialect.toText('to_period')} AS to_period,
       from_class, to_class, customers
     FROM banking_migration WHERE run_id = $1 AND to_period = (SELECT max(to_period) FROM banking_migration WHERE run_id = $1)`,
  );
  if (rows.length === 0) return '';
  const { t, f } = ctx;
  const from = ['new', ...BANKING_CLASSES];
  const cell = (a: string, b: string) =>
    rows.find((r) => r.from_class === a && r.to_class === b)?.customers ?? 0;
  const table = htmlTable(
    [t('banking.fromTo'), ...BANKING_CLASSES.map((c) => className(ctx, c))],
    from.map((a) => [className(ctx, a), ...BANKING_CLASSES.map((b) => f.integer(cell(a, b)))]),
    [1, 2, 3, 4],
  );
  const title = t('banking.migration', {
    from: rows[0].from_period.slice(0, 7),
    to: rows[0].to_period.slice(0, 7),
  });
  return `<h3>${escapeHtml(title)}</h3>${table}`;
};

const rates: Part = async (ctx) => {
  const rows = await ctx.query<{
    period: string;
    flow_before: number;
    flow_to_incremental: number;
    flow_conversion: number | null;
    stock_before: number;
    stock_lost: number;
    stock_attrition: number | null;
  }>(
    `SELECT ${ctx.db.dialect.toText('period')} AS period, flow_before, flow_to_incremental, flow_conversion,
       stock_before, stock_lost, stock_attrition
     FROM banking_rates WHERE run_id = $1 ORDER BY period`,
  );
  if (rows.length === 0) return '';
  const { t, f } = ctx;
  return htmlTable(
    [
      t('banking.period'),
      t('banking.flowBefore'),
      t('banking.converted'),
      t('banking.conversion'),
      t('banking.stockBefore'),
      t('banking.lost'),
      t('banking.attrition'),
    ],
    rows.map((r) => [
      r.period.slice(0, 7),
      f.integer(r.flow_before),
      f.integer(r.flow_to_incremental),
      f.percent(r.flow_conversion),
      f.integer(r.stock_before),
      f.integer(r.stock_lost),
      f.percent(r.stock_attrition),
    ]),
    [1, 2, 3, 4, 5, 6],
  );
};

export const bankingSection: Section = {
  id: 'banking',
  title: 'banking.section',
  tables: ['banking_classes'],
  parts: [classesOverTime, migration, rates],
};

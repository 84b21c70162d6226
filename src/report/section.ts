/**
 * What a report section is: a title, the result tables it reads and a list of parts — small
 * functions that each query the run's results (aggregated in SQL), build one chart or table and
 * return its HTML. A section whose tables are all empty says so in one translated line.
 */
import type { RunRow } from '../analyses/run.js';
import type { ResultTableName } from '../schema/results.js';
import type { Engine, SqlValue } from '../store/engine.js';
import type { Formats } from './format.js';
import type { MessageKey, Translator } from './i18n/index.js';

export interface ReportContext {
  db: Engine;
  run: RunRow;
  t: Translator;
  f: Formats;
  currency: string;
  /** The run's rows per result table. */
  rows: Record<ResultTableName, number>;
  /** The run's KPIs by name. */
  kpis: Record<string, { value: number | null; unit: string }>;
  /** Runs `sql` with `$1` bound to the run id and `params` after it. */
  query<T extends Record<string, unknown>>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
}

/** One chart or table of a section: its HTML, or '' when it has nothing to show. */
export type Part = (ctx: ReportContext) => Promise<string>;

export interface Section {
  /** The anchor of the section in the page. */
  id: string;
  title: MessageKey;
  /** The result tables the section reads: when all are empty, the section says so. */
  tables: readonly ResultTableName[];
  parts: readonly Part[];
}

/**
 * A section's HTML: its parts, or the "no data" line when its tables have no rows in the run.
 */
export async function renderSection(ctx: ReportContext, section: Section): Promise<string> {
  const heading = `<h2>${escapeHtml(ctx.t(section.title))}</h2>`;
  if (section.tables.every((t) => ctx.rows[t] === 0)) {
    return `<section id="${section.id}">${heading}${emptyLine(ctx, section.tables)}</section>`;
  }
  const parts: string[] = [];
  for (const part of section.parts) parts.push(await part(ctx));
  return `<section id="${section.id}">${heading}${parts.join('\n')}</section>`;
}

/** The translated "no data for this section in run N" line naming the empty tables. */
export function emptyLine(ctx: ReportContext, tables: readonly ResultTableName[]): string {
  const names = tables.map((t) => `<code>${escapeHtml(t)}</code>`).join(' / ');
  return `<p class="empty">${escapeHtml(ctx.t('report.empty', { run: ctx.run.runId, tables: '\u0000' })).replace('\u0000', names)}</p>`;
}

/** The "no data for this chart" line, for a part whose own query came back empty. */
export function emptyChart(ctx: ReportContext): string {
  return `<p class="empty">${escapeHtml(ctx.t('report.emptyChart', { run: ctx.run.runId }))}</p>`;
}

/** A figure: a title, an SVG chart and an optional note below it. */
export function figure(title: string, svg: string, note?: string): string {
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>${svg}${note ? `<p class="note">${escapeHtml(note)}</p>` : ''}</figure>`;
}

/** A paragraph of text. */
export function paragraph(text: string, className = 'note'): string {
  return `<p class="${className}">${escapeHtml(text)}</p>`;
}

/** An HTML table; cells are text (escaped); `numeric` columns are right-aligned. */
export function htmlTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly number[] = [],
): string {
  const cls = (i: number) => (numeric.includes(i) ? ' class="num"' : '');
  const head = headers.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** Text made safe for HTML content and attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

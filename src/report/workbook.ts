/**
 * The report's Excel workbook: the run's parameters, then one sheet per result table of the run
 * (KPIs first), streamed from the engine. A table longer than a sheet ends with a row that says
 * how many rows it has and how to export them all.
 */
import type { RunRow } from '../analyses/run.js';
import { openSink } from '../export/sink.js';
import { exportSource, rowCount, selectFor } from '../export/tables.js';
import { EXCEL_ROW_LIMIT, openWorkbook, writeSheets } from '../export/xlsx.js';
import { RESULT_TABLE_NAMES } from '../schema/results.js';
import type { Engine, Row } from '../store/engine.js';
import { reportContext } from './context.js';
import type { Language } from './i18n/index.js';
import { parameterList } from './page.js';

/** The result tables in workbook order: the headline figures first. */
export const WORKBOOK_TABLES = ['kpis', ...RESULT_TABLE_NAMES.filter((t) => t !== 'kpis')] as const;

async function* once(rows: Row[]): AsyncIterable<Row[]> {
  yield rows;
}

/**
 * Writes the workbook of `run` to `path` (through a temporary file, renamed when complete).
 * `maxDataRows` lowers the rows per sheet below Excel's limit (for tests).
 */
export async function writeWorkbook(
  db: Engine,
  run: RunRow,
  language: Language,
  path: string,
  options: { maxDataRows?: number } = {},
): Promise<{ sheets: string[]; cutTables: string[] }> {
  const ctx = await reportContext(db, run, language);
  const sink = openSink(path);
  const sheets: string[] = [];
  const cutTables: string[] = [];
  try {
    const workbook = openWorkbook(sink.stream);
    const params = (await parameterList(ctx)).map(([name, value]) => ({ name, value }));
    const written = await writeSheets(
      workbook,
      ctx.t('workbook.parameters'),
      [
        { name: 'name', type: 'text' },
        { name: 'value', type: 'text' },
      ],
      once(params),
      { overflow: 'continue', headers: [ctx.t('param.name'), ctx.t('param.value')] },
    );
    sheets.push(...written.sheets);
    for (const table of WORKBOOK_TABLES) {
      const source = exportSource(table, run.runId);
      const total = await rowCount(db, source);
      const { sql, params: values } = selectFor(db, source, 'number');
      const result = await writeSheets(workbook, table, source.columns, db.stream(sql, values), {
        overflow: 'note',
        total,
        maxDataRows: options.maxDataRows,
        note: (rows) =>
          ctx.t('workbook.cut', {
            table,
            rows: ctx.f.integer(rows),
            shown: ctx.f.integer((options.maxDataRows ?? EXCEL_ROW_LIMIT - 1) - 1),
            run: run.runId,
          }),
      });
      sheets.push(...result.sheets);
      if (!result.complete) cutTables.push(table);
    }
    await workbook.commit();
    await sink.done();
  } catch (e) {
    sink.abandon();
    throw e;
  }
  return { sheets, cutTables };
}

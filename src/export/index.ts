/**
 * `clientele export`: any result table of a run, or any canonical table, as CSV, JSON Lines,
 * Excel or Parquet — streamed from the engine, no row cap, to a file or standard output.
 */
import { createReadStream, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Engine } from '../store/engine.js';
import { csvCell, csvLine, UTF8_BOM } from './csv.js';
import { jsonLines } from './jsonl.js';
import { checkOutFile } from './out-path.js';
import { openSink, partialPath, removeOnExit, type Sink } from './sink.js';
import { type ExportSource, exportSource, selectFor } from './tables.js';
import { openWorkbook, writeSheets } from './xlsx.js';

export { csvCell, csvLine, toCsv } from './csv.js';
export {
  EXPORTABLE_TABLES,
  type ExportableTable,
  exportSource,
  isResultTable,
  listExportable,
} from './tables.js';
export { EXCEL_ROW_LIMIT, openWorkbook, writeSheets } from './xlsx.js';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'xlsx', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  table: string;
  /** The run whose rows a result table exports (ignored for canonical tables). */
  runId: number | null;
  format: ExportFormat;
  /** The file to write; standard output when absent. */
  out?: string;
  /** Where standard output goes (tests). */
  stdout?: Writable;
}

export interface ExportResult {
  table: string;
  format: ExportFormat;
  rows: number;
  /** The file written, or null for standard output. */
  out: string | null;
  /** Sheets written (xlsx only): one per 1,048,575 rows. */
  sheets?: string[];
}

/**
 * Streams one table to a file or standard output.
 *
 * @example await exportTable(db, { table: 'rfm', runId: 3, format: 'csv', out: 'rfm.csv' });
 */
export async function exportTable(db: Engine, options: ExportOptions): Promise<ExportResult> {
  const source = exportSource(options.table, options.runId);
  if (options.out !== undefined) checkOutFile(options.out);
  const result: ExportResult = {
    table: source.table,
    format: options.format,
    rows: 0,
    out: options.out ?? null,
  };
  if (options.format === 'parquet') {
    result.rows = await exportParquet(db, source, options);
    return result;
  }
  const sink = openSink(options.out, options.stdout);
  try {
    if (options.format === 'xlsx') {
      const workbook = openWorkbook(sink.stream);
      const { sql, params } = selectFor(db, source, 'number');
      const written = await writeSheets(workbook, source.table, source.columns, db.stream(sql, params), {
        overflow: 'continue',
      });
      await workbook.commit();
      result.rows = written.rows;
      result.sheets = written.sheets;
    } else {
      result.rows = await writeText(db, source, options.format, sink);
    }
    await sink.done();
    return result;
  } catch (e) {
    sink.abandon();
    throw e;
  }
}

/** CSV (a BOM in files so Excel reads UTF-8; none on standard output) or JSON Lines. */
async function writeText(
  db: Engine,
  source: ExportSource,
  format: 'csv' | 'jsonl',
  sink: Sink,
): Promise<number> {
  const names = source.columns.map((c) => c.name);
  const jsonLine = jsonLines(names, {
    jsonColumns: source.columns.filter((c) => c.type === 'json').map((c) => c.name),
    rawNumbers: source.columns.filter((c) => c.type === 'decimal').map((c) => c.name),
  });
  if (format === 'csv') {
    await sink.write(`${sink.toStdout ? '' : UTF8_BOM}${names.map(csvCell).join(',')}\r\n`);
  }
  const { sql, params } = selectFor(db, source, 'text');
  let rows = 0;
  for await (const batch of db.stream(sql, params)) {
    let text = '';
    for (const row of batch) {
      text += format === 'csv' ? csvLine(names, row) : jsonLine(row);
    }
    rows += batch.length;
    await sink.write(text);
  }
  return rows;
}

/**
 * Parquet is written by the engine itself; to standard output it goes through a temporary file
 * (Parquet's footer is written last), streamed out and removed.
 */
async function exportParquet(db: Engine, source: ExportSource, options: ExportOptions): Promise<number> {
  const { sql, params } = selectFor(db, source, 'native');
  if (options.out !== undefined) {
    const partial = partialPath(options.out);
    const keep = removeOnExit(partial);
    try {
      const rows = await db.writeParquet(sql, params, partial);
      renameSync(partial, options.out);
      return rows;
    } catch (e) {
      rmSync(partial, { force: true });
      throw e;
    } finally {
      keep();
    }
  }
  const dir = mkdtempSync(join(tmpdir(), 'clientele-export-'));
  const keep = removeOnExit(dir);
  try {
    const file = join(dir, `${source.table}.parquet`);
    const rows = await db.writeParquet(sql, params, file);
    await pipeline(createReadStream(file), options.stdout ?? process.stdout, {
      end: false,
    });
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    keep();
  }
}

/**
 * Excel output through exceljs' streaming writer: rows go to the zip as they come, so a table of
 * any size is written in flat memory. A sheet holds at most 1,048,575 data rows under its header;
 * past that a table either goes on in further sheets (`export`) or ends with a row that says how
 * many rows the table has and how to get them all (the report's workbook): never cut silently.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Row } from '../store/engine.js';
import type { ExportColumn } from './tables.js';

/** Rows per worksheet in Excel, the header row included. */
export const EXCEL_ROW_LIMIT = 1_048_576;
/** Characters per cell in Excel. */
export const EXCEL_CELL_LIMIT = 32_767;

export type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;

/** A streaming workbook writing to `stream`; call `workbook.commit()` when every sheet is written. */
export function openWorkbook(stream: Writable): Workbook {
  return new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
}

export interface SheetOptions {
  /** Past the row limit: `continue` in sheets "NAME (2)", "NAME (3)", …; or end with a `note` row. */
  overflow: 'continue' | 'note';
  /** The note row's text for a table of `total` rows (overflow `note`). */
  note?: (total: number) => string;
  /** The table's row count, needed to know in time whether a note row is due (overflow `note`). */
  total?: number;
  /** Data rows per sheet: Excel's limit unless a test asks for fewer. */
  maxDataRows?: number;
  /** Text of the header cells (default: the column names). */
  headers?: readonly string[];
}

export interface SheetsWritten {
  /** Data rows written. */
  rows: number;
  sheets: string[];
  /** False when a note row replaced rows past the limit. */
  complete: boolean;
}

const NUMBER_FORMATS: Partial<Record<ExportColumn['type'], string>> = {
  decimal: '#,##0.00##',
  date: 'yyyy-mm-dd',
  timestamp: 'yyyy-mm-dd hh:mm:ss',
};

/**
 * Writes `batches` of rows (values shaped `number`: money as floats, times as text) as one or
 * more sheets named after `name`: a bold header, numbers as numbers, dates as dates.
 */
export async function writeSheets(
  workbook: Workbook,
  name: string,
  columns: readonly ExportColumn[],
  batches: AsyncIterable<Row[]>,
  options: SheetOptions,
): Promise<SheetsWritten> {
  const perSheet = options.maxDataRows ?? EXCEL_ROW_LIMIT - 1;
  const total = options.total ?? 0;
  // With a note, the last row of the only sheet says what is missing.
  const limit = options.overflow === 'note' && total > perSheet ? perSheet - 1 : perSheet;
  const sheets: string[] = [];
  // One style object per column, shared by its cells: exceljs caches a style by object, so shared
  // styles are looked up once instead of being rendered for every cell (2.4× faster).
  const styles: Partial<ExcelJS.Style>[] = columns.map((c) =>
    NUMBER_FORMATS[c.type] ? { numFmt: NUMBER_FORMATS[c.type] } : {},
  );
  let sheet = addSheet(workbook, name, columns, options.headers, sheets);
  let inSheet = 0;
  let rows = 0;
  let complete = true;
  outer: for await (const batch of batches) {
    for (const row of batch) {
      if (inSheet === limit) {
        if (options.overflow === 'note') {
          complete = false;
          break outer;
        }
        sheet.commit();
        sheet = addSheet(workbook, `${name} (${sheets.length + 1})`, columns, options.headers, sheets);
        inSheet = 0;
      }
      const added = sheet.addRow(columns.map((c) => excelValue(c.type, row[c.name])));
      for (let i = 0; i < styles.length; i++) added.getCell(i + 1).style = styles[i];
      added.commit();
      inSheet++;
      rows++;
    }
    await zipped(sheet);
  }
  if (!complete) {
    const note = sheet.addRow([options.note ? options.note(total) : `${total} rows`]);
    note.font = { italic: true, bold: true };
    note.commit();
  }
  sheet.commit();
  return { rows, sheets, complete };
}

/** Bytes of a sheet that may wait for the zip before rows stop coming. */
const ZIP_BACKLOG = 4 * 1024 * 1024;

/**
 * Waits while the zip is behind. exceljs' sheet stream (utils/stream-buf.js) pipes into archiver's
 * entry stream ignoring its backpressure, so rows produced faster than they are compressed pile
 * up in memory (1M rows: 520 MB); waiting for that pipe to drain keeps memory flat. Should the
 * internals differ (another exceljs version), it only yields to let the zip work.
 */
async function zipped(sheet: ExcelJS.Worksheet): Promise<void> {
  // archiver's entry stream is a readable-stream v2 PassThrough: its buffer is `_writableState.length`.
  type EntryStream = Writable & { _writableState?: { length?: number } };
  const pipe = (sheet as unknown as { stream?: { pipes?: EntryStream[] } }).stream?.pipes?.[0];
  const waiting = pipe ? (pipe.writableLength ?? pipe._writableState?.length) : undefined;
  if (pipe && typeof waiting === 'number' && waiting > ZIP_BACKLOG) {
    await new Promise((resolve) => pipe.once('drain', resolve));
  } else {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function addSheet(
  workbook: Workbook,
  name: string,
  columns: readonly ExportColumn[],
  headers: readonly string[] | undefined,
  sheets: string[],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    key: c.name,
    width: Math.min(40, Math.max(10, (headers?.[i] ?? c.name).length + 2)),
  }));
  const header = sheet.addRow(columns.map((c, i) => headers?.[i] ?? c.name));
  header.font = { bold: true };
  header.commit();
  sheets.push(sheet.name);
  return sheet;
}

/** A value as Excel should hold it: numbers as numbers, dates as dates, long text marked where cut. */
export function excelValue(type: ExportColumn['type'], v: unknown): ExcelJS.CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return Number(v);
  if ((type === 'date' || type === 'timestamp') && typeof v === 'string') return wallClock(v) ?? v;
  if (typeof v === 'string' && v.length > EXCEL_CELL_LIMIT) {
    const marker = ` … [cut: ${v.length} characters; the CSV export has them all]`;
    return v.slice(0, EXCEL_CELL_LIMIT - marker.length) + marker;
  }
  return v as ExcelJS.CellValue;
}

/**
 * A date or time as the engine prints it (`2024-01-31`, `2024-01-31 16:00:00.5+08`) as a Date
 * whose UTC fields are that wall-clock time, which is how Excel shows it; null for years Excel
 * cannot show (before 1900).
 */
function wallClock(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?)?/.exec(text);
  if (!m || Number(m[1]) < 1900) return null;
  const ms = m[7] ? Math.round(Number(m[7]) * 1000) : 0;
  return new Date(
    Date.UTC(
      Number(m[1]),
      Number(m[2]) - 1,
      Number(m[3]),
      Number(m[4] ?? 0),
      Number(m[5] ?? 0),
      Number(m[6] ?? 0),
      ms,
    ),
  );
}

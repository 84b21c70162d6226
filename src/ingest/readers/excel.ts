/**
 * Excel workbooks: the first worksheet (or the named one), its first non-empty row as header.
 * Values are read as the text a CSV export would hold: dates as offset-less wall-clock text
 * (`YYYY-MM-DD HH:MM:SS`, or `YYYY-MM-DD` for date cells), interpreted later in the workspace time
 * zone exactly like CSV text; formulas as their saved result. A formula without a saved result
 * makes its row broken, with the reason.
 */
import type { Cell } from 'exceljs';
import { InputError } from '../../errors.js';
import type { RowsSource } from '../../schema/source.js';
import { uniqueColumnNames } from './csv-layout.js';

/** A formula cell whose workbook holds no computed value (written by a program, never opened in Excel). */
class FormulaWithoutValue {
  constructor(readonly formula: string) {}
}

/** The date/time tokens of a number format, without its quoted text and [colour]/[locale] parts. */
const formatTokens = (numFmt: string | undefined) =>
  (numFmt ?? '').replace(/"[^"]*"|\[[^\]]*\]|\\./g, '').toLowerCase();

/**
 * An Excel date as wall-clock text. exceljs returns a Date whose UTC fields are the clock time
 * shown in Excel, so those fields are the text. Seconds are rounded unless the format shows
 * fractions of a second; a time without a date (serial below 1) is `HH:MM:SS`.
 */
export function excelDateText(d: Date, numFmt?: string): string {
  const tokens = formatTokens(numFmt);
  const fractions = /s\.0/.test(tokens);
  const ms = fractions ? d.getTime() : Math.round(d.getTime() / 1000) * 1000;
  const iso = new Date(ms).toISOString(); // YYYY-MM-DDTHH:MM:SS.sssZ
  const day = iso.slice(0, 10);
  const time = iso.slice(11, fractions ? 23 : 19);
  if (day === '1899-12-30') return time;
  const midnight = /^00:00:00(\.000)?$/.test(time);
  if (midnight && !/[hs]/.test(tokens)) return day;
  return `${day} ${time}`;
}

/** The text of a cell value (null for empty). */
function valueText(v: unknown, numFmt: string | undefined): string | FormulaWithoutValue | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return excelDateText(v, numFmt);
  if (typeof v !== 'object') return String(v);
  const o = v as Record<string, unknown>;
  if ('formula' in o || 'sharedFormula' in o) {
    if (o.result === undefined || o.result === null) return new FormulaWithoutValue(String(o.formula ?? ''));
    return valueText(o.result, numFmt);
  }
  if (Array.isArray(o.richText)) return o.richText.map((t: { text: string }) => t.text).join('');
  if ('text' in o) return valueText(o.text, numFmt);
  if ('error' in o) return String(o.error);
  return JSON.stringify(v);
}

function cellText(cell: Cell): string | FormulaWithoutValue | null {
  const t = valueText(cell.value, cell.numFmt);
  // Shared formulas name their master cell; `cell.formula` is this cell's own formula.
  return t instanceof FormulaWithoutValue ? new FormulaWithoutValue(cell.formula ?? t.formula) : t;
}

/** Reads a worksheet of the workbook at `path` into rows. `file` names the source in messages. */
export async function readWorkbook(path: string, file: string, sheet?: string): Promise<RowsSource> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(path);
  } catch (e) {
    throw new InputError(
      `not a readable Excel workbook (${(e as Error).message}); save it again as .xlsx from Excel, or export it to CSV`,
      { file },
    );
  }
  const ws = sheet ? wb.getWorksheet(sheet) : wb.worksheets[0];
  if (!ws) {
    const names = wb.worksheets.map((w) => `"${w.name}"`).join(', ');
    throw new InputError(
      sheet
        ? `no worksheet named "${sheet}" (the mapping key "sheet"); the workbook has: ${names}`
        : 'the workbook has no worksheet',
      { file },
    );
  }
  let header = null as string[] | null;
  const rows: RowsSource['rows'] = [];
  const broken: RowsSource['broken'] = [];
  ws.eachRow({ includeEmpty: false }, (row, line) => {
    const width = header ? header.length : row.cellCount;
    const cells: (string | FormulaWithoutValue | null)[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c)));
    const shown = cells.map((t) => (t instanceof FormulaWithoutValue ? `=${t.formula}` : t));
    if (!header) {
      header = uniqueColumnNames(shown.map((t) => t?.trim()));
      return;
    }
    const missing = cells.findIndex((t) => t instanceof FormulaWithoutValue);
    if (missing !== -1) {
      broken.push({
        line,
        reason:
          `column "${header[missing]}": a formula without a saved value (${shown[missing]}); ` +
          'open and save the workbook in Excel, or export it to CSV',
        raw: shown.map((t) => t ?? '').join(','),
      });
      return;
    }
    rows.push({ line, values: shown });
  });
  if (!header) throw new InputError('the worksheet is empty', { file });
  return { format: 'xlsx', file, temp: [], columns: header, rows, broken };
}

import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../ingest/test-support/workspace.js';
import type { Row } from '../store/engine.js';
import {
  EXCEL_CELL_LIMIT,
  EXCEL_ROW_LIMIT,
  excelValue,
  openWorkbook,
  type SheetOptions,
  writeSheets,
} from './xlsx.js';

const COLUMNS = [
  { name: 'id', type: 'integer' as const },
  { name: 'amount', type: 'decimal' as const },
];

/** Rows id 1…n, amount id × 1.5, in batches of `batch`. */
async function* rows(n: number, batch = 2): AsyncIterable<Row[]> {
  for (let i = 1; i <= n; i += batch) {
    yield Array.from({ length: Math.min(batch, n - i + 1) }, (_, k) => ({
      id: i + k,
      amount: (i + k) * 1.5,
    }));
  }
}

async function write(n: number, options: SheetOptions) {
  const path = join(tempDir(), 't.xlsx');
  const stream = createWriteStream(path);
  const book = openWorkbook(stream);
  const written = await writeSheets(book, 'rfm', COLUMNS, rows(n), options);
  await book.commit();
  await finished(stream);
  const read = new ExcelJS.Workbook();
  await read.xlsx.readFile(path);
  const sheets = read.worksheets.map((s) => ({
    name: s.name,
    values: s
      .getSheetValues()
      .slice(1)
      .map((r) => (r as unknown[]).slice(1)),
  }));
  return { written, sheets };
}

describe('Excel sheets', () => {
  it("Excel's limits are 1,048,576 rows per sheet and 32,767 characters per cell", () => {
    expect(EXCEL_ROW_LIMIT).toBe(2 ** 20);
    expect(EXCEL_CELL_LIMIT).toBe(2 ** 15 - 1);
  });

  it('go on in further sheets past the row limit (export): every row is written', async () => {
    // 5 rows, 2 per sheet: rfm (1, 2), rfm (2) (3, 4), rfm (3) (5), each under its own header.
    const { written, sheets } = await write(5, { overflow: 'continue', maxDataRows: 2 });
    expect(written).toEqual({ rows: 5, sheets: ['rfm', 'rfm (2)', 'rfm (3)'], complete: true });
    expect(sheets).toEqual([
      {
        name: 'rfm',
        values: [
          ['id', 'amount'],
          [1, 1.5],
          [2, 3],
        ],
      },
      {
        name: 'rfm (2)',
        values: [
          ['id', 'amount'],
          [3, 4.5],
          [4, 6],
        ],
      },
      {
        name: 'rfm (3)',
        values: [
          ['id', 'amount'],
          [5, 7.5],
        ],
      },
    ]);
  });

  it('end with a row saying how many rows the table has (report workbook): never cut silently', async () => {
    // 5 rows, 3 data rows per sheet: two rows and the note fill the sheet.
    const note = (total: number) => `the table has ${total} rows`;
    const { written, sheets } = await write(5, { overflow: 'note', maxDataRows: 3, total: 5, note });
    expect(written).toEqual({ rows: 2, sheets: ['rfm'], complete: false });
    expect(sheets).toEqual([
      { name: 'rfm', values: [['id', 'amount'], [1, 1.5], [2, 3], ['the table has 5 rows']] },
    ]);
    // A table that fits is written whole, without a note.
    const whole = await write(3, { overflow: 'note', maxDataRows: 3, total: 3, note });
    expect(whole.written).toEqual({ rows: 3, sheets: ['rfm'], complete: true });
    expect(whole.sheets[0].values).toHaveLength(4);
  });

  it('cell values: big integers as numbers, times as wall clock, long text cut with a marker', () => {
    expect(excelValue('integer', 12n)).toBe(12);
    expect(excelValue('date', '2024-02-29')).toEqual(new Date(Date.UTC(2024, 1, 29)));
    expect(excelValue('timestamp', '2024-02-29 23:59:58.25+08')).toEqual(
      new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 250)),
    );
    expect(excelValue('date', '1899-12-31')).toBe('1899-12-31'); // before Excel's calendar: kept as text
    const cut = excelValue('text', 'x'.repeat(40_000)) as string;
    expect(cut).toHaveLength(EXCEL_CELL_LIMIT);
    expect(cut).toMatch(/… \[cut: 40000 characters; the CSV export has them all\]$/);
    expect(excelValue('text', null)).toBeNull();
  });
});

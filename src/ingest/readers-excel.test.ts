/** Excel workbooks written by exceljs: wall-clock dates in the workspace time zone, formulas. */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { initWorkspace, type Workspace } from '../workspace/index.js';
import { importFiles } from './import.js';
import { defaultMapping } from './mapping.js';
import { openSource, rawLines } from './sources.js';
import { fileWith, tempDir } from './test-support/workspace.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await initWorkspace(join(tempDir(), 'ws'), { timeZone: 'Asia/Shanghai' });
});
afterEach(async () => {
  await ws.close();
});

/** A JS Date as exceljs writes it: the UTC fields are the wall-clock time shown in Excel. */
const excelClock = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) =>
  new Date(Date.UTC(y, mo - 1, d, h, mi, s));

async function saveWorkbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  fill(wb.addWorksheet('orders'));
  const path = join(tempDir(), 'orders.xlsx');
  await wb.xlsx.writeFile(path);
  return path;
}

describe('Excel dates are wall-clock text, read in the workspace time zone like CSV', () => {
  it('the same clock times in an .xlsx and a CSV give identical occurred_at', async () => {
    const times = [
      excelClock(2010, 12, 1, 8, 26, 0),
      excelClock(2011, 6, 30, 23, 59, 59),
      excelClock(2011, 1, 1, 0, 0, 0),
    ];
    const text = ['2010-12-01 08:26:00', '2011-06-30 23:59:59', '2011-01-01 00:00:00'];
    const xlsx = await saveWorkbook((s) => {
      s.addRow(['txn_id', 'customer_id', 'occurred_at', 'amount']);
      times.forEach((t, i) => {
        s.addRow([`x${i}`, 'c1', t, 10]);
        s.getCell(`C${i + 2}`).numFmt = 'yyyy-mm-dd hh:mm:ss';
      });
    });
    // What the reader hands on: exactly the clock text a CSV export holds.
    const src = await openSource(xlsx, defaultMapping('transactions'), tempDir());
    expect(src.format === 'xlsx' && src.rows.map((r) => r.values[2])).toEqual(text);
    const csv = fileWith(
      't.csv',
      `txn_id,customer_id,occurred_at,amount\n${text.map((t, i) => `s${i},c1,${t},10`).join('\n')}\n`,
    );
    expect(await importFiles(ws, 'transactions', [xlsx])).toMatchObject({ read: 3, accepted: 3 });
    expect(await importFiles(ws, 'transactions', [csv])).toMatchObject({ read: 3, accepted: 3 });
    const rows = await ws.db.query<{ txn_id: string; at: number }>(
      'SELECT txn_id, epoch(occurred_at)::BIGINT AS at FROM transactions ORDER BY txn_id',
    );
    const at = Object.fromEntries(rows.map((r) => [r.txn_id, Number(r.at)]));
    for (const i of [0, 1, 2]) expect(at[`x${i}`]).toBe(at[`s${i}`]);
    // 2010-12-01 08:26 in Shanghai (UTC+8) is 00:26 UTC.
    expect(at.x0).toBe(Date.parse('2010-12-01T00:26:00Z') / 1000);
  });

  it('date cells become YYYY-MM-DD, time cells HH:MM:SS, and rounding noise is not a second', async () => {
    const xlsx = await saveWorkbook((s) => {
      s.addRow(['customer_id', 'birth_date', 'acquired_at', 'note']);
      s.addRow([
        'c1',
        excelClock(1990, 2, 28),
        new Date(Date.UTC(2020, 4, 6, 9, 30, 0) - 1),
        new Date(Date.UTC(1899, 11, 30, 7, 5)),
      ]);
      s.getCell('B2').numFmt = 'dd/mm/yyyy';
      s.getCell('C2').numFmt = 'yyyy-mm-dd hh:mm';
      s.getCell('D2').numFmt = 'hh:mm';
    });
    const src = await openSource(xlsx, defaultMapping('customers'), tempDir());
    expect(src.format === 'xlsx' && src.rows[0].values).toEqual([
      'c1',
      '1990-02-28',
      '2020-05-06 09:30:00',
      '07:05:00',
    ]);
    expect(await importFiles(ws, 'customers', [xlsx])).toMatchObject({ read: 1, accepted: 1 });
    const [row] = await ws.db.query<{ birth: string; acquired: number }>(
      `SELECT strftime(birth_date, '%Y-%m-%d') AS birth, epoch(acquired_at)::BIGINT AS acquired FROM customers`,
    );
    expect(row.birth).toBe('1990-02-28');
    expect(Number(row.acquired)).toBe(Date.parse('2020-05-06T01:30:00Z') / 1000);
  });
});

describe('Excel formulas', () => {
  it('formulas without a saved value are broken rows with a reason; saved results are used', async () => {
    const xlsx = await saveWorkbook((s) => {
      s.addRow(['txn_id', 'customer_id', 'occurred_at', 'qty', 'price', 'amount']);
      s.addRow(['t1', 'c1', '2024-01-01', 2, 3, { formula: 'D2*E2' }]);
      s.addRow(['t2', 'c2', '2024-01-02', 2, 3, { formula: 'D3*E3', result: 6 }]);
      s.addRow(['t3', 'c3', '2024-01-03', 2, 4]);
      s.addRow(['t4', 'c4', '2024-01-04', 5, 4]);
      // A shared formula: F4 is the master (with a saved result), F5 shares it without one.
      s.getCell('F4').value = {
        formula: 'D4*E4',
        shareType: 'shared',
        ref: 'F4:F5',
        result: 8,
      } as unknown as ExcelJS.CellValue;
      s.getCell('F5').value = { sharedFormula: 'F4' } as ExcelJS.CellSharedFormulaValue;
    });
    const src = await openSource(xlsx, defaultMapping('transactions'), tempDir());
    const advice = 'open and save the workbook in Excel, or export it to CSV';
    expect(src.format === 'xlsx' && src.broken).toEqual([
      {
        line: 2,
        reason: `column "amount": a formula without a saved value (=D2*E2); ${advice}`,
        raw: 't1,c1,2024-01-01,2,3,=D2*E2',
      },
      {
        line: 5,
        reason: `column "amount": a formula without a saved value (=D5*E5); ${advice}`,
        raw: 't4,c4,2024-01-04,5,4,=D5*E5',
      },
    ]);
    // rawLines gives the sheet rows' cell texts joined by commas, broken or not.
    expect(await rawLines(src, [2, 3, 5, 9])).toEqual(
      new Map([
        [2, 't1,c1,2024-01-01,2,3,=D2*E2'],
        [3, 't2,c2,2024-01-02,2,3,6'],
        [5, 't4,c4,2024-01-04,5,4,=D5*E5'],
      ]),
    );
    const r = await importFiles(ws, 'transactions', [xlsx]);
    expect(r).toMatchObject({ read: 4, accepted: 2, rejected: 2 });
    const stored = await ws.db.query<{ txn_id: string; amount: number }>(
      'SELECT txn_id, amount::DOUBLE AS amount FROM transactions ORDER BY txn_id',
    );
    expect(stored).toEqual([
      { txn_id: 't2', amount: 6 },
      { txn_id: 't3', amount: 8 },
    ]);
    const rejects = await ws.db.query<{ line: number; reason: string }>(
      'SELECT line::INT AS line, reason FROM _rejects ORDER BY line',
    );
    expect(rejects.map((x) => [x.line, x.reason])).toEqual([
      [2, `column "amount": a formula without a saved value (=D2*E2); ${advice}`],
      [5, `column "amount": a formula without a saved value (=D5*E5); ${advice}`],
    ]);
    // Nothing anywhere holds a formula object.
    const text = await ws.db.query<{ n: number }>(
      `SELECT count(*)::INT AS n FROM transactions WHERE CAST(attributes AS VARCHAR) LIKE '%formula%'`,
    );
    expect(text[0].n).toBe(0);
  });
});

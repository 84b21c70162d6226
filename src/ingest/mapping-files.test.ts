/**
 * The shipped mappings against the layouts they are for, their date formats read by the real
 * engine, the date specifier list checked against the engine, and a bad mapping through the CLI.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../store/duckdb/engine.js';
import type { Engine } from '../store/engine.js';
import { openWorkspace } from '../workspace/index.js';
import { DATE_SPECIFIERS, exprColumns, loadMapping, type Mapping } from './mapping.js';
import { cli, fileWith, REPO, tempDir } from './test-support/workspace.js';

const shipped = (name: string) => join(REPO, 'examples/mappings', name);
const ONLINE_RETAIL = 'online-retail.json';
const ONLINE_RETAIL_II = 'online-retail-ii.json';
/** The UCI layouts' headers: Online Retail (CSV or .xlsx) and Online Retail II (.xlsx). */
const RETAIL_HEADER = [
  'InvoiceNo',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'UnitPrice',
  'CustomerID',
  'Country',
];
const RETAIL_II_HEADER = [
  'Invoice',
  'StockCode',
  'Description',
  'Quantity',
  'InvoiceDate',
  'Price',
  'Customer ID',
  'Country',
];

/** Every source column a mapping reads, from any of its column sources or reject rules. */
function columnsRead(m: Mapping): string[] {
  const used = m.rejectIf.map((r) => r.column);
  for (const spec of Object.values(m.columns)) {
    if (spec.kind === 'column') used.push(spec.column);
    if (spec.kind === 'expr') used.push(...exprColumns(spec.expr));
    if (spec.kind === 'derive' && spec.columns !== '*') used.push(...spec.columns);
    if (spec.kind === 'when') used.push(...spec.cases.map((c) => c.column));
  }
  return [...new Set(used)].sort();
}

describe('shipped mappings', () => {
  it('cdnow.json: the whitespace layout, its one date format as a list', () => {
    const m = loadMapping(shipped('cdnow.json'), 'transactions');
    expect(m.delimiter).toBe('whitespace');
    expect(m.sourceColumns).toEqual(['customer_id', 'date', 'number_of_cds', 'dollar_value']);
    expect(m.columns.occurred_at).toEqual({ kind: 'column', column: 'date', formats: ['%Y%m%d'] });
  });

  it('online-retail.json reads only Online Retail columns; Online Retail II needs its own mapping', () => {
    const m = loadMapping(shipped(ONLINE_RETAIL), 'transactions');
    expect(columnsRead(m)).toEqual([
      'CustomerID',
      'InvoiceDate',
      'InvoiceNo',
      'Quantity',
      'StockCode',
      'UnitPrice',
    ]);
    expect(columnsRead(m).every((c) => RETAIL_HEADER.includes(c))).toBe(true);
    // InvoiceNo, UnitPrice and CustomerID are Invoice, Price and "Customer ID" in the II layout.
    expect(columnsRead(m).filter((c) => !RETAIL_II_HEADER.includes(c))).toEqual([
      'CustomerID',
      'InvoiceNo',
      'UnitPrice',
    ]);
    const ii = loadMapping(shipped(ONLINE_RETAIL_II), 'transactions');
    expect(columnsRead(ii)).toEqual([
      'Customer ID',
      'Invoice',
      'InvoiceDate',
      'Price',
      'Quantity',
      'StockCode',
    ]);
    expect(columnsRead(ii).every((c) => RETAIL_II_HEADER.includes(c))).toBe(true);
  });

  it.each([
    [ONLINE_RETAIL, 'InvoiceNo', 'Quantity * UnitPrice', 'CustomerID'],
    [ONLINE_RETAIL_II, 'Invoice', 'Quantity * Price', 'Customer ID'],
  ])(
    '%s: invoice as order_id, computed amount, cancellations, rows without a customer rejected',
    (file, invoice, amount, customer) => {
      const m = loadMapping(shipped(file), 'transactions');
      expect(m.columns.order_id).toEqual({ kind: 'column', column: invoice });
      expect(m.columns.txn_id).toEqual({ kind: 'derive', columns: [invoice, 'StockCode'] });
      expect(m.columns.amount).toMatchObject({ kind: 'expr', text: amount });
      expect(m.columns.status).toEqual({
        kind: 'when',
        cases: [{ column: invoice, startsWith: 'C', value: 'cancelled' }],
        otherwise: 'completed',
      });
      expect(m.rejectIf).toEqual([{ column: customer, empty: true, reason: `no ${customer}` }]);
      // The same mapping is refused for another table.
      expect(() => loadMapping(shipped(file), 'events')).toThrow(
        'this mapping is for "transactions", not "events"',
      );
    },
  );
});

describe('date formats in the engine', () => {
  let db: Engine;
  beforeAll(async () => {
    db = await openDuckDb(':memory:');
  });
  afterAll(async () => {
    await db.close();
  });

  /** What the engine reads with each format (null where it fails). */
  async function readings(value: string, formats: string[]): Promise<(string | null)[]> {
    const out: (string | null)[] = [];
    for (const f of formats) {
      const [r] = await db.query<{ v: string | null }>('SELECT CAST(try_strptime($1, $2) AS VARCHAR) AS v', [
        value,
        f,
      ]);
      out.push(r.v);
    }
    return out;
  }

  it('every specifier the mapping check accepts is one the engine accepts', async () => {
    for (const spec of DATE_SPECIFIERS) {
      await expect(db.query('SELECT try_strptime($1, $2) AS v', ['x', `x${spec}`])).resolves.toHaveLength(1);
    }
    for (const spec of ['%Q', '%e', '%-Y', '%D', '%F']) {
      expect(DATE_SPECIFIERS).not.toContain(spec);
      await expect(db.query('SELECT try_strptime($1, $2) AS v', ['x', spec])).rejects.toThrow(
        'Unrecognized format for strftime/strptime',
      );
    }
  });

  it.each([ONLINE_RETAIL, ONLINE_RETAIL_II])(
    '%s: two- and four-digit years and Excel date text all give 1 Dec 2010 08:26 (first plausible parse)',
    async (file) => {
      const spec = loadMapping(shipped(file), 'transactions').columns.occurred_at;
      if (spec.kind !== 'column' || !spec.formats) throw new Error('occurred_at has no formats');
      // Stand-in for the import's plausible range: years 1900 to 2100.
      const plausible = (v: string | null) => v !== null && v >= '1900' && v < '2100';
      const values = ['12/1/10 8:26', '12/1/2010 8:26', '2010-12-01 08:26:00'];
      for (const value of values) {
        const read = await readings(value, spec.formats);
        expect(read.find(plausible), value).toBe('2010-12-01 08:26:00');
      }
      // A two-digit year is also read by %Y as year 10, which is why the plausible one must win.
      expect(await readings('12/1/10 8:26', ['%m/%d/%Y %H:%M'])).toEqual(['0010-12-01 08:26:00']);
      const late = await readings('6/30/11 17:05', spec.formats);
      expect(late.find(plausible)).toBe('2011-06-30 17:05:00');
    },
  );
});

describe('a bad mapping through the CLI', () => {
  it('exit code 2, every problem on stderr with the file and key, no stack trace', () => {
    const dir = tempDir();
    const w = join(dir, 'ws');
    expect(cli(['init', '-w', w]).code).toBe(0);
    const data = fileWith('t.csv', 'txn_id,customer_id,occurred_at,amount\nt1,c1,2024-01-01,1\n');
    const bad = join(dir, 'mapping.json');
    writeFileSync(bad, JSON.stringify({ header: 'yes', colums: {} }));
    const r = cli(['import', 'transactions', data, '--mapping', bad, '-w', w]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `clientele import: ${bad}: "header" must be true or false (got "yes")\n` +
        `${bad}: unknown key "colums" (did you mean "columns"?)\n`,
    );
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "header": true,\n}\n');
    const b = cli(['import', 'transactions', data, '--mapping', broken, '-w', w]);
    expect(b.code).toBe(2);
    expect(b.stderr).toBe(
      `clientele import: ${broken}, line 3: not valid JSON at column 1: quoted object key expected but got '}'\n`,
    );
    expect(r.stderr + b.stderr).not.toMatch(/\n\s+at |Error:/);
  });
});

describe('the Online Retail mappings through the CLI', () => {
  /** Imports `file` with a shipped mapping into a new workspace; returns the stored rows. */
  async function importWith(mapping: string, file: string) {
    const w = join(tempDir(), 'ws');
    expect(cli(['init', '-w', w]).code).toBe(0);
    const r = cli(['import', 'transactions', file, '--mapping', shipped(mapping), '-w', w, '--json']);
    expect(r.stderr).toBe('');
    const ws = await openWorkspace(w);
    try {
      return await ws.db.query<{
        order_id: string;
        customer_id: string;
        at: string;
        amount: number;
        status: string;
      }>(
        `SELECT order_id, customer_id, strftime(timezone('UTC', occurred_at), '%Y-%m-%d %H:%M') AS at,
           amount::DOUBLE AS amount, status FROM transactions ORDER BY order_id, amount`,
      );
    } finally {
      await ws.close();
    }
  }

  // Workspaces are in Asia/Shanghai (UTC+8): 8:26 there is 00:26 UTC, 17:05 is 09:05 UTC.
  it('online-retail.json: two- and four-digit years in one file, invoices as order_id', async () => {
    const file = fileWith(
      'retail.csv',
      `${RETAIL_HEADER.join(',')}\n` +
        '536365,85123A,WHITE HANGING HEART,6,12/1/10 8:26,2.55,17850,United Kingdom\n' +
        '536366,22633,HAND WARMER,6,12/1/2010 8:28,1.85,17850,United Kingdom\n' +
        'C581490,22178,VICTORIAN GLASS,-12,6/30/11 17:05,1.95,14397,United Kingdom\n' +
        '536414,22139,,56,12/1/10 11:52,0,,United Kingdom\n',
    );
    expect(await importWith(ONLINE_RETAIL, file)).toEqual([
      { order_id: '536365', customer_id: '17850', at: '2010-12-01 00:26', amount: 15.3, status: 'completed' },
      { order_id: '536366', customer_id: '17850', at: '2010-12-01 00:28', amount: 11.1, status: 'completed' },
      {
        order_id: 'C581490',
        customer_id: '14397',
        at: '2011-06-30 09:05',
        amount: -23.4,
        status: 'cancelled',
      },
    ]);
  });

  it('online-retail-ii.json: an Excel workbook with date cells', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Year 2009-2010');
    sheet.addRow(RETAIL_II_HEADER);
    // Excel stores wall-clock times; exceljs gives them as Dates whose UTC fields are that time.
    sheet.addRow([
      '489434',
      '85048',
      'ROSE CUSHION',
      12,
      new Date(Date.UTC(2009, 11, 1, 7, 45)),
      6.95,
      13085,
      'UK',
    ]);
    sheet.addRow([
      'C489449',
      '22087',
      'PAPER BUNTING',
      -12,
      new Date(Date.UTC(2009, 11, 1, 10, 33)),
      2.95,
      16321,
      'Australia',
    ]);
    sheet.addRow([
      '489436',
      '21756',
      'BATH BUILDING BLOCK',
      2,
      new Date(Date.UTC(2009, 11, 1, 9, 6)),
      5.45,
      null,
      'UK',
    ]);
    const file = join(tempDir(), 'online_retail_II.xlsx');
    await wb.xlsx.writeFile(file);
    expect(await importWith(ONLINE_RETAIL_II, file)).toEqual([
      { order_id: '489434', customer_id: '13085', at: '2009-11-30 23:45', amount: 83.4, status: 'completed' },
      {
        order_id: 'C489449',
        customer_id: '16321',
        at: '2009-12-01 02:33',
        amount: -35.4,
        status: 'cancelled',
      },
    ]);
  });
});

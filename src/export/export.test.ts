import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../errors.js';
import { tempDir, tempWorkspace } from '../ingest/test-support/workspace.js';
import { chooseRun } from '../report/runs.js';
import { addRows, addRun } from '../report/test-support/runs.js';
import type { Workspace } from '../workspace/index.js';
import { exportTable, listExportable } from './index.js';

let ws: Workspace;
let dir: string;

// Hand-made rows: run 1 has three RFM rows (a decimal with every digit, a name with a comma and
// quotes, a Chinese name with a NULL and a negative amount); run 2 has one more that run 1's
// export must not contain.
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
  dir = tempDir();
  await addRun(ws, 1);
  await addRun(ws, 2);
  await addRun(ws, 3, 'failed', 'out of memory');
  await addRows(ws, 'rfm', 1, [
    {
      customer_id: 'c1',
      recency_days: 1,
      frequency: 2,
      monetary: '1234567.8912',
      r_score: 5,
      f_score: 4,
      m_score: 4,
      segment: 'Champions',
    },
    {
      customer_id: 'c,2 "q"',
      recency_days: 91,
      frequency: 1,
      monetary: '10.5',
      r_score: 1,
      f_score: 1,
      m_score: 2,
      segment: 'Lost',
    },
    {
      customer_id: '客户3',
      recency_days: null,
      frequency: 3,
      monetary: '-0.25',
      r_score: 3,
      f_score: 3,
      m_score: 3,
      segment: 'Need attention',
    },
  ]);
  await addRows(ws, 'rfm', 2, [
    {
      customer_id: 'c9',
      recency_days: 9,
      frequency: 9,
      monetary: '9',
      r_score: 1,
      f_score: 1,
      m_score: 1,
      segment: 'Lost',
    },
  ]);
  await addRows(ws, 'model_fits', 1, [
    { model: 'bgnbd', stage: 'final', params: '{"r":0.5,"alpha":2}', converged: true, log_likelihood: -12.5 },
  ]);
  await ws.db.run(
    `INSERT INTO customers (customer_id, name, acquired_at, acquisition_channel, attributes)
     VALUES ('k1', '张三', TIMESTAMPTZ '2024-01-31 16:00:00+08', 'social', '{"vip":true}'), ('k2', NULL, NULL, NULL, NULL)`,
  );
});
afterEach(async () => {
  await ws.close();
});

const RFM_HEADER = 'run_id,customer_id,recency_days,frequency,monetary,r_score,f_score,m_score,segment';

describe('export', () => {
  it('writes a result table of one run as CSV, money digit for digit, with a BOM in files', async () => {
    const out = join(dir, 'rfm.csv');
    const r = await exportTable(ws.db, { table: 'rfm', runId: 1, format: 'csv', out });
    expect(r.rows).toBe(3);
    // DECIMAL(18,4) prints four decimals; RFC 4180 quoting doubles the quotes.
    expect(readFileSync(out, 'utf8')).toBe(
      `\uFEFF${RFM_HEADER}\r\n` +
        '1,c1,1,2,1234567.8912,5,4,4,Champions\r\n' +
        '1,"c,2 ""q""",91,1,10.5000,1,1,2,Lost\r\n' +
        '1,客户3,,3,-0.2500,3,3,3,Need attention\r\n',
    );
    expect(readdirSync(dir)).toEqual(['rfm.csv']); // no temporary file left
  });

  it('streams to standard output without a BOM', async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c) => chunks.push(c));
    const r = await exportTable(ws.db, { table: 'rfm', runId: 2, format: 'csv', stdout });
    expect(r).toMatchObject({ rows: 1, out: null });
    expect(Buffer.concat(chunks).toString('utf8')).toBe(`${RFM_HEADER}\r\n2,c9,9,9,9.0000,1,1,1,Lost\r\n`);
  });

  it('writes JSON Lines with exact decimals and JSON columns embedded as values', async () => {
    const out = join(dir, 'rfm.jsonl');
    await exportTable(ws.db, { table: 'rfm', runId: 1, format: 'jsonl', out });
    const text = readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toContain('"monetary":1234567.8912,');
    const lines = text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[1]).toEqual({
      run_id: 1,
      customer_id: 'c,2 "q"',
      recency_days: 91,
      frequency: 1,
      monetary: 10.5,
      r_score: 1,
      f_score: 1,
      m_score: 2,
      segment: 'Lost',
    });
    expect(lines[2].recency_days).toBeNull();
    const fits = join(dir, 'fits.jsonl');
    await exportTable(ws.db, { table: 'model_fits', runId: 1, format: 'jsonl', out: fits });
    const fit = JSON.parse(readFileSync(fits, 'utf8'));
    expect(fit).toMatchObject({
      model: 'bgnbd',
      params: { r: 0.5, alpha: 2 },
      converged: true,
      log_likelihood: -12.5,
    });
  });

  it('writes Excel with a bold header, numbers as numbers and times as wall-clock dates', async () => {
    const out = join(dir, 'rfm.xlsx');
    const r = await exportTable(ws.db, { table: 'rfm', runId: 1, format: 'xlsx', out });
    expect(r.sheets).toEqual(['rfm']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.getWorksheet('rfm')!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...RFM_HEADER.split(',')]);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getRow(2).getCell(5).value).toBe(1234567.8912);
    expect(sheet.getRow(2).getCell(5).numFmt).toBe('#,##0.00##'); // money shows its cents
    expect(sheet.getRow(3).getCell(2).value).toBe('c,2 "q"');
    expect(sheet.getRow(4).getCell(3).value).toBeNull();
    expect(sheet.rowCount).toBe(4);

    const customers = join(dir, 'customers.xlsx');
    await exportTable(ws.db, { table: 'customers', runId: null, format: 'xlsx', out: customers });
    await book.xlsx.readFile(customers);
    const c = book.getWorksheet('customers')!;
    const header = c.getRow(1).values as string[];
    // 16:00 in Shanghai, the workspace's zone, shown as 16:00 (Excel dates have no zone).
    const acquired = c.getRow(2).getCell(header.indexOf('acquired_at'));
    expect(acquired.value).toEqual(new Date(Date.UTC(2024, 0, 31, 16)));
    expect(acquired.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(c.getRow(2).getCell(header.indexOf('name')).value).toBe('张三');
    expect(c.getRow(2).getCell(header.indexOf('attributes')).value).toBe('{"vip":true}');
  });

  it('writes Parquet through the engine, keeping the decimal type', async () => {
    const out = join(dir, 'rfm.parquet');
    const r = await exportTable(ws.db, { table: 'rfm', runId: 1, format: 'parquet', out });
    expect(r.rows).toBe(3);
    const rows = await ws.db.query(
      `SELECT run_id, customer_id, CAST(monetary AS VARCHAR) AS m, typeof(monetary) AS type FROM read_parquet($1)`,
      [out],
    );
    expect(rows).toEqual([
      { run_id: 1, customer_id: 'c1', m: '1234567.8912', type: 'DECIMAL(18,4)' },
      { run_id: 1, customer_id: 'c,2 "q"', m: '10.5000', type: 'DECIMAL(18,4)' },
      { run_id: 1, customer_id: '客户3', m: '-0.2500', type: 'DECIMAL(18,4)' },
    ]);
    expect(readdirSync(dir)).toEqual(['rfm.parquet']);
  });

  it('exports canonical tables whole, with their attributes', async () => {
    const out = join(dir, 'customers.csv');
    const r = await exportTable(ws.db, { table: 'customers', runId: null, format: 'csv', out });
    expect(r.rows).toBe(2);
    const lines = readFileSync(out, 'utf8').replace('\uFEFF', '').split('\r\n');
    const header = lines[0].split(',');
    expect(header[0]).toBe('customer_id');
    expect(header.at(-1)).toBe('attributes');
    const k1 = Object.fromEntries(
      header.map((h, i) => [h, lines[1].split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)[i]]),
    );
    expect(k1).toMatchObject({
      customer_id: 'k1',
      name: '张三',
      acquired_at: '2024-01-31 16:00:00+08',
      attributes: '"{""vip"":true}"',
    });
  });

  it('refuses an unknown table naming the exportable ones, and leaves no file when the output fails', async () => {
    await expect(
      exportTable(ws.db, { table: 'nope', runId: 1, format: 'csv', out: join(dir, 'x.csv') }),
    ).rejects.toThrow(UsageError);
    await expect(exportTable(ws.db, { table: 'nope', runId: 1, format: 'csv' })).rejects.toThrow(
      /rfm, customer_value.*customers, transactions/,
    );
    const missing = join(dir, 'no-such-folder', 'rfm.csv');
    await expect(exportTable(ws.db, { table: 'rfm', runId: 1, format: 'csv', out: missing })).rejects.toThrow(
      /the folder .*no-such-folder does not exist/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('lists every table with its rows in the run', async () => {
    const tables = await listExportable(ws.db, 1);
    const rows = Object.fromEntries(tables.map((t) => [t.table, t.rows]));
    expect(rows).toMatchObject({ rfm: 3, model_fits: 1, kpis: 0, customers: 2, transactions: 0 });
    expect(tables.find((t) => t.table === 'customers')?.kind).toBe('canonical');
    expect(Object.fromEntries((await listExportable(ws.db, 2)).map((t) => [t.table, t.rows])).rfm).toBe(1);
  });
});

describe('chooseRun', () => {
  it('defaults to the latest finished run and explains runs that cannot be read', async () => {
    expect((await chooseRun(ws.db, undefined)).runId).toBe(2);
    expect((await chooseRun(ws.db, '1')).runId).toBe(1);
    await expect(chooseRun(ws.db, '3')).rejects.toThrow('run 3 failed (out of memory), so it has no results');
    await expect(chooseRun(ws.db, '7')).rejects.toThrow('there is no run 7; the finished runs are 1, 2');
    await expect(chooseRun(ws.db, 'x')).rejects.toThrow(UsageError);
    await addRun(ws, 4, 'running');
    await expect(chooseRun(ws.db, 4)).rejects.toThrow('run 4 is still running');
  });

  it('says to run analyze when there is no run', async () => {
    const empty = await tempWorkspace();
    try {
      await expect(chooseRun(empty.db, undefined)).rejects.toThrow(InputError);
      await expect(chooseRun(empty.db, undefined)).rejects.toThrow('run "clientele analyze" first');
    } finally {
      await empty.close();
    }
  });
});

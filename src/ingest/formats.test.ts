/** Every canonical table, and every file format, through the real import on DuckDB. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type ColumnDef, TABLE_NAMES, TABLES } from '../schema/tables.js';
import type { Workspace } from '../workspace/index.js';
import { importFiles } from './import.js';
import { fileWith, tempDir, tempWorkspace } from './test-support/workspace.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.close();
});

/** A valid value of a column for row n. */
function sample(c: ColumnDef, n: number): string {
  if (c.values) return c.values[n % c.values.length];
  switch (c.type) {
    case 'timestamp':
      return `2024-03-0${n + 1} 10:00:00`;
    case 'date':
      return `2024-03-0${n + 1}`;
    case 'decimal':
      return `${n + 1}2.50`;
    case 'double':
      return String(n + 3);
    case 'integer':
      return String(n + 100);
    case 'boolean':
      return n % 2 ? 'false' : 'true';
    case 'json':
      return '{"a":1}';
    default:
      return `${c.name}-${n}`;
  }
}

const quote = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

describe('every table of the data model', () => {
  for (const name of TABLE_NAMES) {
    it(`imports ${name}`, async () => {
      const cols = TABLES[name].columns;
      const rows = [0, 1, 2].map((n) => cols.map((c) => sample(c, n)));
      const csv = [cols.map((c) => c.name), ...rows].map((r) => r.map(quote).join(',')).join('\n');
      const r = await importFiles(ws, name, [fileWith(`${name}.csv`, `${csv}\n`)]);
      expect(r).toMatchObject({ read: 3, accepted: 3, rejected: 0, duplicates: 0 });
      // Each value reads back as written (as text, in the table's own type).
      const back = await ws.db.query(
        `SELECT * FROM ${name} ORDER BY ${TABLES[name].key.map((k) => `"${k}"`).join(', ')}`,
      );
      expect(back).toHaveLength(3);
      const key = TABLES[name].key[0];
      expect(back.map((b) => String(b[key]))).toEqual(
        rows.map((r) => r[cols.findIndex((c) => c.name === key)]).sort(),
      );
    });
  }
});

const TXN = [
  ['t1', 'c1', '2024-01-01 09:00:00', '10.5', 'web'],
  ['t2', 'c2', '2024-01-02 09:00:00', '-2.25', 'store'],
];

async function expectTwoTransactions(r: { read: number; accepted: number }) {
  expect(r).toMatchObject({ read: 2, accepted: 2 });
  const rows = await ws.db.query<{ txn_id: string; amount: number; channel: string; day: string }>(
    `SELECT txn_id, amount::DOUBLE AS amount, channel, strftime(occurred_at, '%Y-%m-%d') AS day FROM transactions ORDER BY txn_id`,
  );
  expect(rows).toEqual([
    { txn_id: 't1', amount: 10.5, channel: 'web', day: '2024-01-01' },
    { txn_id: 't2', amount: -2.25, channel: 'store', day: '2024-01-02' },
  ]);
}

describe('every file format', () => {
  const header = ['txn_id', 'customer_id', 'occurred_at', 'amount', 'channel'];

  it('TSV', async () => {
    const f = fileWith('t.tsv', [header, ...TXN].map((r) => r.join('\t')).join('\n'));
    await expectTwoTransactions(await importFiles(ws, 'transactions', [f]));
  });

  it('semicolon-separated CSV (delimiter detection)', async () => {
    const f = fileWith('t.csv', [header, ...TXN].map((r) => r.join(';')).join('\n'));
    await expectTwoTransactions(await importFiles(ws, 'transactions', [f]));
  });

  it('Parquet', async () => {
    const path = join(tempDir(), 't.parquet');
    const values = TXN.map(
      (r) => `('${r[0]}', '${r[1]}', TIMESTAMP '${r[2]}', ${r[3]}::DECIMAL(10,2), '${r[4]}')`,
    ).join(', ');
    await ws.db.run(
      `COPY (SELECT * FROM (VALUES ${values}) v(txn_id, customer_id, occurred_at, amount, channel)) TO '${path}' (FORMAT parquet)`,
    );
    await expectTwoTransactions(await importFiles(ws, 'transactions', [path]));
  });

  it('JSON Lines, with a broken line rejected', async () => {
    const lines = TXN.map((r) =>
      JSON.stringify(Object.fromEntries(header.map((h, i) => [h, i === 3 ? Number(r[i]) : r[i]]))),
    );
    const f = fileWith('t.jsonl', `${lines[0]}\n{"txn_id": "t9", oops\n${lines[1]}\n`);
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    const [bad] = await ws.db.query<{ line: number; reason: string }>('SELECT line, reason FROM _rejects');
    expect(bad.line).toBe(2);
    expect(bad.reason).toMatch(/invalid JSON/);
    await ws.db.run('DELETE FROM _rejects');
    await expectTwoTransactions({ ...r, read: 2 });
  });

  it('XLSX', async () => {
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('orders');
    sheet.addRow(header);
    for (const r of TXN) sheet.addRow([r[0], r[1], r[2], Number(r[3]), r[4]]);
    const path = join(tempDir(), 't.xlsx');
    await wb.xlsx.writeFile(path);
    await expectTwoTransactions(await importFiles(ws, 'transactions', [path]));
  });

  it('a headerless file with a mapping that names the columns', async () => {
    const f = fileWith('t.csv', TXN.map((r) => r.join(',')).join('\n'));
    const mapping = join(tempDir(), 'm.json');
    writeFileSync(mapping, JSON.stringify({ header: false, sourceColumns: header, columns: {} }));
    await expectTwoTransactions(await importFiles(ws, 'transactions', [f], { mapping }));
  });
});

/** The bad-input set: every kind of broken file, with exact counts and reasons. */
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../workspace/index.js';
import { importFiles } from './import.js';
import { fileWith, tempWorkspace } from './test-support/workspace.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.close();
});

const HEAD = 'txn_id,customer_id,occurred_at,amount\n';
const rejects = (importId: number) =>
  ws.db.query<{ line: number; column: string | null; reason: string }>(
    'SELECT line, "column", reason FROM _rejects WHERE import_id = $1 ORDER BY line',
    [importId],
  );
const reconciles = (r: { read: number; accepted: number; rejected: number; duplicates: number }) =>
  expect(r.read).toBe(r.accepted + r.rejected + r.duplicates);

describe('bad input is never lost', () => {
  it('malformed quotes and ragged rows go to rejects with their lines', async () => {
    const f = fileWith(
      't.csv',
      `${HEAD}t1,c1,2024-01-01,10\nt2,"c2"x,2024-01-02,5\nt3,c3,2024-01-03\nt4,c4,2024-01-04,1,extra\nt5,c5,2024-01-05,7\n`,
    );
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 5, accepted: 2, rejected: 3, duplicates: 0 });
    const rj = await rejects(r.importId);
    expect(rj.map((x) => x.line)).toEqual([3, 4, 5]);
    expect(rj[0].reason).toMatch(/UNQUOTED VALUE/);
    expect(rj[1].reason).toMatch(/MISSING COLUMNS/);
    expect(rj[2].reason).toMatch(/TOO MANY COLUMNS/);
    const csv = readFileSync(r.rejectsFile!, 'utf8');
    expect(csv).toContain('t4,c4,2024-01-04,1,extra');
  });

  it('wrong types, impossible dates and empty customer ids are rejected per value', async () => {
    const f = fileWith(
      't.csv',
      `${HEAD}t1,c1,2024-01-01,abc\nt2,c2,2024-02-30,5\nt3,,2024-01-03,5\nt4,c4,2024-01-04,-3.5\n`,
    );
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 4, accepted: 1, rejected: 3, duplicates: 0 });
    expect(await rejects(r.importId)).toEqual([
      { line: 2, column: 'amount', reason: 'amount: "abc" is not a number' },
      { line: 3, column: 'occurred_at', reason: 'occurred_at: "2024-02-30" is not a date/time' },
      { line: 4, column: 'customer_id', reason: 'empty customer_id' },
    ]);
    // Negative amounts (refunds) are accepted.
    expect((await ws.db.query('SELECT amount::DOUBLE AS a FROM transactions'))[0].a).toBe(-3.5);
  });

  it('files refused whole change nothing: missing required column, empty, binary', async () => {
    await expect(
      importFiles(ws, 'transactions', [fileWith('a.csv', 'txn_id,occurred_at,amount\nt1,2024-01-01,3\n')]),
    ).rejects.toThrow(
      /a\.csv: missing required column "customer_id" for transactions \(the file has: txn_id, occurred_at, amount/,
    );
    await expect(importFiles(ws, 'transactions', [fileWith('e.csv', '')])).rejects.toThrow(
      /e\.csv: the file is empty/,
    );
    await expect(
      importFiles(ws, 'transactions', [fileWith('b.csv', Buffer.from([0x50, 0x00, 0x01, 0xff, 0x00]))]),
    ).rejects.toThrow(/b\.csv: this looks like a binary file/);
    const [{ n }] = await ws.db.query<{ n: number }>('SELECT count(*)::INT AS n FROM _imports');
    expect(n).toBe(0);
  });

  it('a header-only file reads zero rows', async () => {
    const r = await importFiles(ws, 'transactions', [fileWith('h.csv', HEAD)]);
    expect(r).toMatchObject({ read: 0, accepted: 0, rejected: 0, duplicates: 0, rejectsFile: null });
  });

  it('BOM and CRLF are handled', async () => {
    const f = fileWith('bom.csv', `\uFEFF${HEAD.trim()}\r\nt1,c1,2024-01-01,10\r\nt2,c2,2024-01-02,20\r\n`);
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 2, accepted: 2 });
    const rows = await ws.db.query<{ txn_id: string; customer_id: string; amount: number }>(
      'SELECT txn_id, customer_id, amount::DOUBLE AS amount FROM transactions ORDER BY txn_id',
    );
    expect(rows).toEqual([
      { txn_id: 't1', customer_id: 'c1', amount: 10 },
      { txn_id: 't2', customer_id: 'c2', amount: 20 },
    ]);
  });

  it('quoted newlines are kept and later lines are still located exactly', async () => {
    const f = fileWith(
      'q.csv',
      `txn_id,customer_id,occurred_at,amount,note\nt1,c1,2024-01-01,1,"two\nlines"\nt2,c2,2024-01-02,x,plain\n`,
    );
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 2, accepted: 1, rejected: 1 });
    expect((await rejects(r.importId))[0]).toMatchObject({ line: 4, column: 'amount' });
    const [row] = await ws.db.query<{ note: string }>(`SELECT attributes->>'note' AS note FROM transactions`);
    expect(row.note).toBe('two\nlines');
  });

  it('GBK files as Excel writes them in China', async () => {
    const text = 'customer_id,name,city\r\nc1,张伟,北京\r\nc2,李娜,上海\r\n';
    const f = fileWith('gbk.csv', iconv.encode(text, 'gbk'));
    const r = await importFiles(ws, 'customers', [f]);
    expect(r).toMatchObject({ read: 2, accepted: 2 });
    const rows = await ws.db.query('SELECT name, city FROM customers ORDER BY customer_id');
    expect(rows).toEqual([
      { name: '张伟', city: '北京' },
      { name: '李娜', city: '上海' },
    ]);
  });

  it('duplicates within and across files, and conflicts', async () => {
    const a = fileWith('a.csv', `${HEAD}t1,c1,2024-01-01,10\nt1,c1,2024-01-01,10\nt2,c2,2024-01-02,5\n`);
    const b = fileWith('b.csv', `${HEAD}t2,c2,2024-01-02,5\nt3,c3,2024-01-03,1\nt3,c3,2024-01-03,2\n`);
    const r = await importFiles(ws, 'transactions', [a, b]);
    expect(r).toMatchObject({ read: 6, accepted: 3, duplicates: 2, rejected: 1 });
    const [conflict] = await rejects(r.importId);
    expect(conflict).toMatchObject({ line: 4, column: 'txn_id' });
    expect(conflict.reason).toMatch(/same key appears earlier in this import with different values/);
    // Against the table: same values are duplicates, different values conflicts (or replaced with upsert).
    const c = fileWith('c.csv', `${HEAD}t1,c1,2024-01-01,10\nt2,c2,2024-01-02,99\n`);
    const r2 = await importFiles(ws, 'transactions', [c]);
    expect(r2).toMatchObject({ read: 2, accepted: 0, duplicates: 1, rejected: 1 });
    expect((await rejects(r2.importId))[0].reason).toMatch(
      /already exists with different values \(use --upsert/,
    );
    const r3 = await importFiles(ws, 'transactions', [c], { upsert: true });
    expect(r3).toMatchObject({ read: 2, accepted: 1, duplicates: 1, rejected: 0 });
    const [{ amount }] = await ws.db.query<{ amount: number }>(
      `SELECT amount::DOUBLE AS amount FROM transactions WHERE txn_id = 't2'`,
    );
    expect(amount).toBe(99);
    for (const x of [r, r2, r3]) reconciles(x);
  });

  it('a 10 MB field is imported whole', async () => {
    const big = 'x'.repeat(10 * 1024 * 1024);
    const f = fileWith(
      'big.csv',
      `${HEAD.trim()},note\nt1,c1,2024-01-01,1,${big}\nt2,c2,2024-01-02,2,small\n`,
    );
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 2, accepted: 2 });
    const [{ n }] = await ws.db.query<{ n: number }>(
      `SELECT length(attributes->>'note')::BIGINT AS n FROM transactions WHERE txn_id = 't1'`,
    );
    expect(n).toBe(big.length);
  });
});

/**
 * Values the import must get right or reject with a reason, never store wrong: implausible dates,
 * time zones, identifiers with blanks, numbers out of range, columns with internal-looking names;
 * and data it must not lose: rows that differ only in extra columns, the columns a mapping uses,
 * derived keys under reordering, raw lines of rejects, and the reject limit.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RejectLimitError } from '../errors.js';
import type { Workspace } from '../workspace/index.js';
import { importFiles } from './import.js';
import { parseMapping } from './mapping.js';
import { fileWith, tempWorkspace } from './test-support/workspace.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // time zone Asia/Shanghai (UTC+8, no daylight saving since 1991)
});
afterEach(async () => {
  await ws.close();
});

const HEAD = 'txn_id,customer_id,occurred_at,amount\n';
const rejects = (importId: number) =>
  ws.db.query<{ line: number; column: string | null; reason: string; raw: string | null }>(
    'SELECT line, "column", reason, raw FROM _rejects WHERE import_id = $1 ORDER BY line',
    [importId],
  );
const utc = (sql: string) =>
  ws.db.query<{ id: string; at: string }>(
    `SELECT txn_id AS id, strftime(timezone('UTC', occurred_at), '%Y-%m-%d %H:%M:%S') AS at FROM transactions ${sql} ORDER BY txn_id`,
  );

describe('dates and times', () => {
  it('rejects dates outside 1900 … one year from now, with the value and the reason', async () => {
    const nextYear = new Date().getUTCFullYear() + 2;
    const f = fileWith(
      't.csv',
      `${HEAD}t1,c1,0010-12-01,1\nt2,c1,0000-01-01,1\nt3,c1,-0001-01-01,1\nt4,c1,10000-01-01,1\nt5,c1,infinity,1\nt6,c1,${nextYear}-01-01,1\nt7,c1,1899-12-31,1\nt8,c1,1900-01-01,1\n`,
    );
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 8, accepted: 1, rejected: 7, duplicates: 0 });
    const rj = await rejects(r.importId);
    expect(rj.map((x) => x.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(rj.every((x) => x.column === 'occurred_at')).toBe(true);
    expect(rj[0].reason).toMatch(
      /^occurred_at: "0010-12-01" is outside the plausible dates 1900-01-01 to \d{4}/,
    );
    expect(rj[4].reason).toMatch(/^occurred_at: "infinity" is (outside the plausible dates|not a date)/);
    expect(rj[6].reason).toMatch(/"1899-12-31" is outside the plausible dates/);
    expect((await utc(''))[0].id).toBe('t8');
  });

  it('words the engine reads as dates (infinity, epoch, today …) are rejected, with a format or without', async () => {
    const words = ['infinity', '-infinity', 'epoch', ' Epoch ', 'today', 'now', 'allballs'];
    const body = words.map((w, i) => `t${i},c1,${w},1`).join('\n');
    const plain = await importFiles(ws, 'transactions', [
      fileWith('a.csv', `${HEAD}${body}\nok,c1,2024-01-01,1\n`),
    ]);
    expect(plain).toMatchObject({ read: 8, accepted: 1, rejected: 7 });
    const mapping = parseMapping(
      { columns: { occurred_at: { column: 'd', format: '%Y-%m-%d %H:%M:%S' } } },
      'transactions',
    );
    const formatted = await importFiles(
      ws,
      'transactions',
      [fileWith('b.csv', `txn_id,customer_id,d,amount\n${body.replaceAll('t', 'f')}\n`)],
      { mapping },
    );
    expect(formatted).toMatchObject({ read: 7, accepted: 0, rejected: 7 });
    for (const r of [...(await rejects(plain.importId)), ...(await rejects(formatted.importId))]) {
      expect(r.column).toBe('occurred_at');
      expect(r.reason).toMatch(/^occurred_at: ".*" is not a date/);
    }
    expect((await utc('')).map((r) => r.id)).toEqual(['ok']);
  });

  it('a list of formats takes the first plausible reading: 12/1/10 is 2010, not year 10', async () => {
    const mapping = parseMapping(
      { columns: { occurred_at: { column: 'd', format: ['%m/%d/%Y %H:%M', '%m/%d/%y %H:%M'] } } },
      'transactions',
    );
    const f = fileWith(
      't.csv',
      'txn_id,customer_id,d,amount\nt1,c1,12/1/10 8:26,1\nt2,c1,12/1/2010 8:26,1\nt3,c1,13/45/10 8:26,1\n',
    );
    const r = await importFiles(ws, 'transactions', [f], { mapping });
    expect(r).toMatchObject({ read: 3, accepted: 2, rejected: 1 });
    // 08:26 in Shanghai (UTC+8) is 00:26 UTC.
    expect(await utc('')).toEqual([
      { id: 't1', at: '2010-12-01 00:26:00' },
      { id: 't2', at: '2010-12-01 00:26:00' },
    ]);
    expect((await rejects(r.importId))[0]).toMatchObject({ line: 4, column: 'occurred_at' });
  });

  it('one format that reads a two-digit year as year 10 is rejected, not stored', async () => {
    const mapping = parseMapping(
      { columns: { occurred_at: { column: 'd', format: '%m/%d/%Y %H:%M' } } },
      'transactions',
    );
    const f = fileWith('t.csv', 'txn_id,customer_id,d,amount\nt1,c1,12/1/10 8:26,1\n');
    const r = await importFiles(ws, 'transactions', [f], { mapping });
    expect(r).toMatchObject({ read: 1, accepted: 0, rejected: 1 });
    expect((await rejects(r.importId))[0].reason).toMatch(
      /"12\/1\/10 8:26" is outside the plausible dates .*read as 0010-12-01/,
    );
  });

  it('text without an offset is in the workspace time zone; an offset or a named zone is honoured and shifts nothing else', async () => {
    const f = fileWith(
      't.csv',
      `${HEAD}t1,c1,2024-03-01 10:00:00,1\nt2,c1,2024-03-01 10:00:00+02:00,1\nt3,c1,2024-07-01 10:00:00 America/New_York,1\nt4,c1,2024-03-01 10:00:00,1\nt5,c1,2024-03-02,1\n`,
    );
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 5, accepted: 5 });
    expect(await utc('')).toEqual([
      { id: 't1', at: '2024-03-01 02:00:00' },
      { id: 't2', at: '2024-03-01 08:00:00' },
      { id: 't3', at: '2024-07-01 14:00:00' }, // New York in July is UTC−4
      { id: 't4', at: '2024-03-01 02:00:00' },
      { id: 't5', at: '2024-03-01 16:00:00' },
    ]);
  });
});

describe('identifiers', () => {
  it('are trimmed of blanks, tabs and zero-width characters, keep their case, and blank ones are rejected', async () => {
    const f = fileWith(
      't.csv',
      `${HEAD}" t1 ", c1 ,2024-01-01,1\n"\tt2",C2\u200b,2024-01-01,1\nT3,\ufeffc3,2024-01-01,1\nt4,"   ",2024-01-01,1\nt5,\u200b,2024-01-01,1\n`,
    );
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 5, accepted: 3, rejected: 2 });
    const rows = await ws.db.query('SELECT txn_id, customer_id FROM transactions ORDER BY txn_id');
    expect(rows).toEqual([
      { txn_id: 'T3', customer_id: 'c3' },
      { txn_id: 't1', customer_id: 'c1' },
      { txn_id: 't2', customer_id: 'C2' },
    ]);
    expect(await rejects(r.importId)).toMatchObject([
      {
        line: 5,
        column: 'customer_id',
        reason: 'customer_id is blank (only spaces or invisible characters)',
      },
      {
        line: 6,
        column: 'customer_id',
        reason: 'customer_id is blank (only spaces or invisible characters)',
      },
    ]);
  });
});

describe('numbers', () => {
  it('out of range is said as such, not as "not a number"', async () => {
    const f = fileWith(
      't.csv',
      `${HEAD}t1,c1,2024-01-01,1e20\nt2,c1,2024-01-01,12abc\nt3,c1,2024-01-01,99999999999999.9999\n`,
    );
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 3, accepted: 1, rejected: 2 });
    expect((await rejects(r.importId)).map((x) => x.reason)).toEqual([
      'amount: "1e20" is out of range (max 99999999999999.9999)',
      'amount: "12abc" is not a number',
    ]);
  });
});

describe('nothing is lost', () => {
  it('a row that differs from a stored row only in an extra column is a conflict, not a duplicate', async () => {
    const a = fileWith('a.csv', `${HEAD.trim()},note\nt1,c1,2024-01-01,1,first\nt2,c1,2024-01-01,2,same\n`);
    const b = fileWith('b.csv', `${HEAD.trim()},note\nt1,c1,2024-01-01,1,second\nt2,c1,2024-01-01,2,same\n`);
    expect(await importFiles(ws, 'transactions', [a])).toMatchObject({ accepted: 2 });
    const r = await importFiles(ws, 'transactions', [b]);
    expect(r).toMatchObject({ read: 2, accepted: 0, duplicates: 1, rejected: 1 });
    expect((await rejects(r.importId))[0]).toMatchObject({
      line: 2,
      column: 'txn_id',
      raw: 't1,c1,2024-01-01,1,second',
    });
    // Within one import too.
    const c = fileWith('c.csv', `${HEAD.trim()},note\nt9,c1,2024-01-01,1,x\nt9,c1,2024-01-01,1,y\n`);
    expect(await importFiles(ws, 'transactions', [c])).toMatchObject({ read: 2, accepted: 1, rejected: 1 });
  });

  it('source columns the mapping uses are kept in attributes; InvoiceNo is the order', async () => {
    const f = fileWith(
      'retail.csv',
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
        '536365,85123A,WHITE HANGING HEART,6,12/1/10 8:26,2.55,17850,United Kingdom\n',
    );
    const r = await importFiles(ws, 'transactions', [f], { mapping: 'examples/mappings/online-retail.json' });
    expect(r).toMatchObject({ accepted: 1 });
    const [row] = await ws.db.query<Record<string, string>>(
      `SELECT order_id, amount::VARCHAR AS amount, attributes->>'InvoiceNo' AS inv, attributes->>'Quantity' AS qty,
         attributes->>'UnitPrice' AS price, attributes->>'Description' AS descr FROM transactions`,
    );
    expect(row).toEqual({
      order_id: '536365',
      amount: '15.3000',
      inv: '536365',
      qty: '6',
      price: '2.55',
      descr: 'WHITE HANGING HEART',
    });
  });

  it('derived keys do not depend on row order: the reversed file is all duplicates', async () => {
    const lines = [
      '536365,85123A,6,12/1/2010 8:26,2.55,17850',
      '536365,85123A,6,12/1/2010 8:26,2.55,17850',
      '536365,85123A,2,12/1/2010 8:26,2.55,17850',
      '536366,22633,6,12/1/2010 8:28,1.85,17850',
      '536366,22633,12,12/1/2010 8:28,1.65,17850',
    ];
    const head = 'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n';
    const mapping = 'examples/mappings/online-retail.json';
    const first = await importFiles(ws, 'transactions', [fileWith('a.csv', `${head}${lines.join('\n')}\n`)], {
      mapping,
    });
    expect(first).toMatchObject({ read: 5, accepted: 5 });
    const reversed = fileWith('b.csv', `${head}${[...lines].reverse().join('\n')}\n`);
    expect(await importFiles(ws, 'transactions', [reversed], { mapping })).toMatchObject({
      read: 5,
      accepted: 0,
      duplicates: 5,
      rejected: 0,
    });
  });

  it('source columns named like internal ones (_rec, _line, _raw, attributes, _check) are kept as they are', async () => {
    const f = fileWith(
      't.csv',
      `${HEAD.trim()},_rec,_line,_raw,attributes,_check\nt1,c1,2024-01-01,1,r,l,w,a,k\n`,
    );
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 1, accepted: 1 });
    const [row] = await ws.db.query<{ a: string }>(
      'SELECT CAST(attributes AS VARCHAR) AS a FROM transactions',
    );
    expect(JSON.parse(row.a)).toEqual({ _rec: 'r', _line: 'l', _raw: 'w', attributes: 'a', _check: 'k' });
  });

  it('the rejects file holds each rejected line exactly as it was, empty fields included', async () => {
    const f = fileWith(
      't.csv',
      `${HEAD.trim()},note\nt1,c1,2024-01-01,abc,\nt2,,2024-01-02,5,\n"t3",c3,2024-01-03,oops,"x, y"\n`,
    );
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 3, rejected: 3 });
    expect((await rejects(r.importId)).map((x) => x.raw)).toEqual([
      't1,c1,2024-01-01,abc,',
      't2,,2024-01-02,5,',
      '"t3",c3,2024-01-03,oops,"x, y"',
    ]);
    const csv = readFileSync(r.rejectsFile!, 'utf8');
    expect(csv).toContain('"t1,c1,2024-01-01,abc,"');
  });

  it('more rejects than --max-rejects: nothing is imported, the rejects file says why', async () => {
    const f = fileWith('t.csv', `${HEAD}t1,c1,2024-01-01,1\nt2,c1,2024-01-01,x\nt3,c1,2024-01-01,y\n`);
    const err = await importFiles(ws, 'transactions', [f], { maxRejects: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(RejectLimitError);
    expect(err.message).toMatch(/more than 1 rows rejected \(2\); nothing was imported/);
    const [{ n }] = await ws.db.query<{ n: number }>('SELECT count(*)::INT AS n FROM transactions');
    expect(n).toBe(0);
    const [{ i }] = await ws.db.query<{ i: number }>('SELECT count(*)::INT AS i FROM _imports');
    expect(i).toBe(0);
    expect(readFileSync(err.details.rejectsFile, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    // Within the limit, the import goes ahead.
    expect(await importFiles(ws, 'transactions', [f], { maxRejects: 2 })).toMatchObject({
      accepted: 1,
      rejected: 2,
    });
  });
});

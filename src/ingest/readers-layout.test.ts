/**
 * Reading what real exports contain: big integers and exact decimals in JSON Lines, headerless
 * files, mixed line ends, headers that differ only in letter case. Real files, real DuckDB.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../workspace/index.js';
import { importFiles } from './import.js';
import { defaultMapping } from './mapping.js';
import { openSource } from './sources.js';
import { fileWith, tempDir, tempWorkspace } from './test-support/workspace.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.close();
});

function mappingFile(m: Record<string, unknown>): string {
  const path = join(tempDir(), 'mapping.json');
  writeFileSync(path, JSON.stringify({ columns: {}, ...m }));
  return path;
}

describe('JSON Lines numbers keep their source text', () => {
  it('integers beyond 2^53 and decimals are stored exactly as written', async () => {
    const f = fileWith(
      'big.jsonl',
      [
        '{"txn_id": 9007199254740993, "customer_id": 12345678901234567890, "occurred_at": "2024-01-01 10:00:00", "amount": 0.1, "score": 1e400, "tags": {"ref": 98765432109876543210, "rate": 1.10}}',
        '{"txn_id": "t2", "customer_id": -0, "occurred_at": "2024-01-02 10:00:00", "amount": 9007199254740.9931, "score": 2.50}',
      ].join('\n'),
    );
    const src = await openSource(f, defaultMapping('transactions'), tempDir());
    expect(src.format === 'jsonl' && src.rows.map((r) => r.values)).toEqual([
      [
        '9007199254740993',
        '12345678901234567890',
        '2024-01-01 10:00:00',
        '0.1',
        '1e400',
        '{"ref":98765432109876543210,"rate":1.10}',
      ],
      ['t2', '-0', '2024-01-02 10:00:00', '9007199254740.9931', '2.50', null],
    ]);
    expect(await importFiles(ws, 'transactions', [f])).toMatchObject({ read: 2, accepted: 2 });
    const rows = await ws.db.query<{ txn_id: string; customer_id: string; exact: boolean; score: string }>(
      `SELECT txn_id, customer_id, amount = CASE txn_id WHEN 't2' THEN 9007199254740.9931 ELSE 0.1 END AS exact,
         attributes->>'score' AS score FROM transactions ORDER BY txn_id`,
    );
    expect(rows).toEqual([
      { txn_id: '9007199254740993', customer_id: '12345678901234567890', exact: true, score: '1e400' },
      { txn_id: 't2', customer_id: '-0', exact: true, score: '2.50' },
    ]);
  });
});

describe('headerless files with sourceColumns', () => {
  const columns = ['customer_id', 'acquisition_channel', 'region'];

  it('a first row of text that is not the sourceColumns is data', async () => {
    const f = fileWith('people.csv', 'alice,web,store\nbob,shop,online\n');
    const r = await importFiles(ws, 'customers', [f], { mapping: mappingFile({ sourceColumns: columns }) });
    expect(r).toMatchObject({ read: 2, accepted: 2 });
    expect(
      await ws.db.query('SELECT customer_id, acquisition_channel, region FROM customers ORDER BY 1'),
    ).toEqual([
      { customer_id: 'alice', acquisition_channel: 'web', region: 'store' },
      { customer_id: 'bob', acquisition_channel: 'shop', region: 'online' },
    ]);
  });

  it('a first row repeating the sourceColumns (any case, blanks) is a header; an explicit "header" wins', async () => {
    const f = fileWith('people.csv', ' Customer_ID ,ACQUISITION_channel,region\nalice,web,store\n');
    const named = await importFiles(ws, 'customers', [f], {
      mapping: mappingFile({ sourceColumns: columns }),
    });
    expect(named).toMatchObject({ read: 1, accepted: 1 });
    const g = fileWith('people.csv', 'alice,web,store\nbob,shop,online\n');
    const src = await openSource(
      g,
      { ...defaultMapping('customers'), sourceColumns: columns, header: true },
      tempDir(),
    );
    expect(src.format === 'csv' && src.header).toBe(true);
    const r = await importFiles(ws, 'customers', [g], {
      mapping: mappingFile({ sourceColumns: columns, header: true }),
      upsert: true,
    });
    expect(r).toMatchObject({ read: 1 });
    expect(
      (await ws.db.query('SELECT customer_id FROM customers ORDER BY 1')).map((x) => x.customer_id),
    ).toEqual(['alice', 'bob']);
  });
});

describe('line ends', () => {
  const HEAD = 'txn_id,customer_id,occurred_at,amount';

  it('a file mixing CRLF and LF imports every row, amounts free of \\r', async () => {
    const f = fileWith(
      'mixed.csv',
      `${HEAD}\r\nt1,c1,2024-01-01 10:00:00,10.5\nt2,c2,2024-01-02 10:00:00,20\r\nt3,c3,2024-01-03 10:00:00,30\nt4,c4,2024-01-04 10:00:00,40`,
    );
    const src = await openSource(f, defaultMapping('transactions'), tempDir());
    expect(src.format === 'csv' && src.path).not.toBe(f); // a normalised copy
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 4, accepted: 4, rejected: 0 });
    expect(
      await ws.db.query(
        'SELECT txn_id, customer_id, amount::DOUBLE AS amount FROM transactions ORDER BY txn_id',
      ),
    ).toEqual([
      { txn_id: 't1', customer_id: 'c1', amount: 10.5 },
      { txn_id: 't2', customer_id: 'c2', amount: 20 },
      { txn_id: 't3', customer_id: 'c3', amount: 30 },
      { txn_id: 't4', customer_id: 'c4', amount: 40 },
    ]);
  });

  it('clean files are read in place; newlines inside quotes do not count as mixing', async () => {
    const crlf = fileWith(
      'crlf.csv',
      `${HEAD},note\r\nt1,c1,2024-01-01,1,"two\nlines"\r\nt2,c2,2024-01-02,2,x\r\n`,
    );
    const lf = fileWith('lf.csv', `${HEAD},note\nt3,c3,2024-01-03,3,"cr\r\nlf"\nt4,c4,2024-01-04,4,y\n`);
    for (const f of [crlf, lf]) {
      const src = await openSource(f, defaultMapping('transactions'), tempDir());
      expect(src).toMatchObject({ path: f, temp: [] });
    }
    expect(await importFiles(ws, 'transactions', [crlf, lf])).toMatchObject({ read: 4, accepted: 4 });
    const notes = await ws.db.query(
      `SELECT txn_id, attributes->>'note' AS note FROM transactions ORDER BY 1`,
    );
    expect(notes).toEqual([
      { txn_id: 't1', note: 'two\nlines' },
      { txn_id: 't2', note: 'x' },
      { txn_id: 't3', note: 'cr\r\nlf' },
      { txn_id: 't4', note: 'y' },
    ]);
  });

  it('a mixed file keeps CRLF inside quoted values while record ends become LF', async () => {
    const f = fileWith(
      'mixed-quoted.csv',
      `${HEAD},note\r\nt1,c1,2024-01-01,1,"a\r\nb"\nt2,c2,2024-01-02,2,z\r\n`,
    );
    expect(await importFiles(ws, 'transactions', [f])).toMatchObject({ read: 2, accepted: 2 });
    const notes = await ws.db.query(
      `SELECT txn_id, attributes->>'note' AS note FROM transactions ORDER BY 1`,
    );
    expect(notes).toEqual([
      { txn_id: 't1', note: 'a\r\nb' },
      { txn_id: 't2', note: 'z' },
    ]);
  });
});

describe('headers that differ only in letter case', () => {
  it('Amount and amount, ID and id: the second of each gets a suffix', async () => {
    const f = fileWith(
      'case.csv',
      'txn_id,customer_id,occurred_at,amount,Amount,ID,id\nt1,c1,2024-01-01,10,99,A,b\n',
    );
    const src = await openSource(f, defaultMapping('transactions'), tempDir());
    expect(src.format === 'csv' && src.columns).toEqual([
      'txn_id',
      'customer_id',
      'occurred_at',
      'amount',
      'Amount_2',
      'ID',
      'id_2',
    ]);
    expect(await importFiles(ws, 'transactions', [f])).toMatchObject({ read: 1, accepted: 1 });
    const [row] = await ws.db.query<{ amount: number; attributes: string }>(
      'SELECT amount::DOUBLE AS amount, attributes::VARCHAR AS attributes FROM transactions',
    );
    expect(row.amount).toBe(10);
    expect(JSON.parse(row.attributes)).toEqual({ Amount_2: '99', ID: 'A', id_2: 'b' });
  });

  it('the same in JSON Lines keys', async () => {
    const f = fileWith(
      'case.jsonl',
      '{"txn_id": "t1", "customer_id": "c1", "occurred_at": "2024-01-01", "amount": 10, "Amount": 99}\n',
    );
    const src = await openSource(f, defaultMapping('transactions'), tempDir());
    expect(src.format === 'jsonl' && src.columns).toEqual([
      'txn_id',
      'customer_id',
      'occurred_at',
      'amount',
      'Amount_2',
    ]);
    expect(await importFiles(ws, 'transactions', [f])).toMatchObject({ read: 1, accepted: 1 });
    const [row] = await ws.db.query<{ amount: number; other: string }>(
      `SELECT amount::DOUBLE AS amount, attributes->>'Amount_2' AS other FROM transactions`,
    );
    expect(row).toEqual({ amount: 10, other: '99' });
  });
});

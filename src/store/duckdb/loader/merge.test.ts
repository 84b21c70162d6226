/**
 * The hash-probe merge classifies staged rows as the rules say: a duplicate is identical in every
 * column read (attributes included) to the first row of its key in the import or to the stored
 * row; any other row with a known key is a conflict. Expected counts are worked out by hand from
 * the files written here; the stored rows are read back.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../../ingest/test-support/workspace.js';
import type { Workspace } from '../../../workspace/index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(() => ws.close());

const rejects = (importId: number) =>
  ws.db.query<{ line: number; reason: string }>(
    'SELECT line, reason FROM _rejects WHERE import_id = $1 ORDER BY line',
    [importId],
  );

describe('classifying staged rows', () => {
  it('a key seen three times and stored: first against the table, later ones against the first', async () => {
    const head = 'txn_id,customer_id,occurred_at,amount\n';
    await importFiles(ws, 'transactions', [fileWith('a.csv', `${head}t1,c1,2024-01-01,10\n`)]);
    // t1: line 2 differs from the stored row (conflict with the table), line 3 repeats line 2
    // (duplicate in the import), line 4 differs from line 2 (conflict in the import). t2 is new,
    // line 6 repeats it. The file's fifth line is t2, which the table does not hold.
    const b = fileWith(
      'b.csv',
      `${head}t1,c1,2024-01-01,11\nt1,c1,2024-01-01,11\nt1,c1,2024-01-01,12\nt2,c2,2024-01-02,5\nt2,c2,2024-01-02,5\n`,
    );
    const r = await importFiles(ws, 'transactions', [b]);
    expect(r).toMatchObject({ read: 5, accepted: 1, duplicates: 2, rejected: 2 });
    const rj = await rejects(r.importId);
    expect(rj.map((x) => x.line)).toEqual([2, 4]);
    expect(rj[0].reason).toMatch(/already exists with different values/);
    expect(rj[1].reason).toMatch(/appears earlier in this import/);
    // With upsert the stored t1 is replaced by the first t1 of the file; the rest is as before.
    const u = await importFiles(ws, 'transactions', [b], { upsert: true });
    expect(u).toMatchObject({ read: 5, accepted: 1, duplicates: 3, rejected: 1 });
    const rows = await ws.db.query<{ txn_id: string; amount: number }>(
      'SELECT txn_id, amount::DOUBLE AS amount FROM transactions ORDER BY txn_id',
    );
    expect(rows).toEqual([
      { txn_id: 't1', amount: 11 },
      { txn_id: 't2', amount: 5 },
    ]);
  });

  it('a row that differs only in a column kept as an attribute is a conflict, not a duplicate', async () => {
    const head = 'txn_id,customer_id,occurred_at,amount,note\n';
    await importFiles(ws, 'transactions', [
      fileWith('a.csv', `${head}t1,c1,2024-01-01,10,first\nt2,c1,2024-01-01,10,x\n`),
    ]);
    const r = await importFiles(ws, 'transactions', [
      fileWith('b.csv', `${head}t1,c1,2024-01-01,10,second\nt2,c1,2024-01-01,10,x\n`),
    ]);
    expect(r).toMatchObject({ read: 2, accepted: 0, duplicates: 1, rejected: 1 });
    expect((await rejects(r.importId)).map((x) => x.line)).toEqual([2]);
  });

  it('keys with an empty part: equal to each other, different from a key with that part set', async () => {
    const head = 'customer_id,as_of,balance,product\n';
    const a = fileWith('a.csv', `${head}c1,2024-01-31,100,\nc1,2024-01-31,100,fund\n`);
    expect(await importFiles(ws, 'balances', [a])).toMatchObject({ read: 2, accepted: 2 });
    // Again, then with the empty-product row changed: a conflict with the stored empty-product row only.
    expect(await importFiles(ws, 'balances', [a])).toMatchObject({ read: 2, accepted: 0, duplicates: 2 });
    const b = fileWith('b.csv', `${head}c1,2024-01-31,150,\nc1,2024-01-31,100,fund\nc2,2024-01-31,1,\n`);
    const r = await importFiles(ws, 'balances', [b]);
    expect(r).toMatchObject({ read: 3, accepted: 1, duplicates: 1, rejected: 1 });
    expect((await rejects(r.importId)).map((x) => x.line)).toEqual([2]);
  });

  it('a number compared as written: -0 after 0 is a conflict, as it was when rows were compared as text', async () => {
    const head = 'feedback_id,customer_id,occurred_at,kind,score\n';
    const r = await importFiles(ws, 'feedback', [
      fileWith('f.csv', `${head}f1,c1,2024-01-01,nps,0\nf1,c1,2024-01-01,nps,-0\nf2,c1,2024-01-01,nps,0\n`),
    ]);
    expect(r).toMatchObject({ read: 3, accepted: 2, duplicates: 0, rejected: 1 });
  });

  it('two files, one without a column: rows are compared on the columns read, and stored in file order', async () => {
    const a = fileWith(
      'a.csv',
      'txn_id,customer_id,occurred_at,amount,channel\nt3,c1,2024-01-03,3,web\nt1,c1,2024-01-01,1,app\n',
    );
    const b = fileWith(
      'b.csv',
      'txn_id,customer_id,occurred_at,amount\nt1,c1,2024-01-01,1\nt2,c1,2024-01-02,2\nt0,c1,2024-01-02,2\n',
    );
    // t1 in b has no channel: NULL against 'app' is a difference, so a conflict in the import.
    const r = await importFiles(ws, 'transactions', [a, b]);
    expect(r).toMatchObject({ read: 5, accepted: 4, duplicates: 0, rejected: 1 });
    const order = await ws.db.query<{ txn_id: string }>('SELECT txn_id FROM transactions ORDER BY rowid');
    expect(order.map((x) => x.txn_id)).toEqual(['t3', 't1', 't2', 't0']);
  });
});

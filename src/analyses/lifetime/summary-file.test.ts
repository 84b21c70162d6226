/**
 * Summary files read by the engine and written back with the customers' ids: CSV details (BOM,
 * CRLF, blank lines, quoted ids, a record over two lines) and invalid rows located by line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSummaryCsv, writeCustomerCsv } from '../../ingest/summary-csv.js';
import { fileWith, tempDir } from '../../ingest/test-support/workspace.js';
import { openDuckDb } from '../../store/duckdb/engine.js';
import { PURCHASE_SUMMARY, readSummary } from './summary-file.js';

const open = () => openDuckDb(':memory:');

/** Reads `text` as a purchase summary and writes each row's x back with its id. */
async function roundTrip(text: string, options: { skipInvalid?: boolean } = {}) {
  const file = fileWith('s.csv', text);
  const rejects = join(tempDir(), 'rejects.csv');
  const s = await readSummary(open, file, PURCHASE_SUMMARY, { ...options, rejects });
  const out = join(tempDir(), 'out.csv');
  const x = s.columns.frequency;
  const written = await writeCustomerCsv(
    { source: file, idIndex: s.idIndex, records: s.record, columns: ['x'], fields: (i) => String(x[i]) },
    out,
  );
  return { s, written, out: readFileSync(out, 'utf8'), rejects };
}

describe('summary files', () => {
  it('reads BOM, CRLF, blank lines, quoted ids and a record over two lines, and writes the ids back', async () => {
    const text =
      '\uFEFFcustomer_id,frequency,recency,T\r\n' +
      'a,1,2,3\r\n' +
      '\r\n' +
      '"b,1",2,1,3\r\n' +
      '"c ""q""",0,0,3\r\n' +
      '"d\nline",3,2,4\r\n' +
      'e,4,1,5';
    const r = await roundTrip(text);
    expect(r.s.rows).toBe(5);
    expect([...r.s.record]).toEqual([0, 1, 2, 3, 4]);
    expect([...r.s.columns.T]).toEqual([3, 3, 3, 4, 5]);
    expect(r.written).toBe(5);
    expect(r.out).toBe('\uFEFFcustomer_id,x\r\na,1\r\n"b,1",2\r\n"c ""q""",0\r\n"d\nline",3\r\ne,4\r\n');
  });

  it('numbers the rows from 1 when the file has no customer_id', async () => {
    const r = await roundTrip('frequency,recency,T\n0,0,1\n1,1,2\n');
    expect(r.out).toBe('\uFEFFcustomer_id,x\r\n1,0\r\n2,1\r\n');
  });

  it('locates an invalid row by its physical line, after blank lines and a record over two lines', async () => {
    const text = 'customer_id,frequency,recency,T\na,1,2,3\n\n"b\nb",1,1,3\nc,2,5,4\nd,1,1,2\n';
    // c is on line 6: header 1, a 2, blank 3, "b…b" 4–5.
    await expect(roundTrip(text)).rejects.toThrow(
      /s\.csv, line 6, column "recency": recency t_x > T \(invalid rows: 1 with recency t_x > T;/,
    );
    const r = await roundTrip(text, { skipInvalid: true });
    expect(r.out).toBe('\uFEFFcustomer_id,x\r\na,1\r\n"b\nb",1\r\nd,1\r\n');
    expect(readFileSync(r.rejects, 'utf8')).toBe(
      '\uFEFFline,column,reason,record\r\n6,recency,recency t_x > T,"c,2,5,4"\r\n',
    );
  });

  it('leaves out records that break the CSV structure and keeps the ids of the rest in step', async () => {
    const text = 'customer_id,frequency,recency,T\na,1,2,3\nb,1,2\nc,"2"x,1,3\nd,1,1,3,9\ne,0,0,1\nf,z,0,1\n';
    await expect(roundTrip(text)).rejects.toThrow(
      /s\.csv, line 3: expected 4 fields, found 3 \(3 row\(s\) break the CSV structure/,
    );
    const r = await roundTrip(text, { skipInvalid: true });
    expect(r.s.rows).toBe(2);
    expect([...r.s.record]).toEqual([0, 4]);
    expect(r.out).toBe('\uFEFFcustomer_id,x\r\na,1\r\ne,0\r\n');
    expect(readFileSync(r.rejects, 'utf8')).toBe(
      '\uFEFFline,column,reason,record\r\n' +
        '3,,"expected 4 fields, found 3","b,1,2"\r\n' +
        '4,,text after a closing quote,"c,""2""x,1,3"\r\n' +
        '5,,"expected 4 fields, found 5","d,1,1,3,9"\r\n' +
        '7,frequency,"""z"" is not a number","f,z,0,1"\r\n',
    );
  });

  it('refuses a file without the columns, or empty, naming it', async () => {
    const db = await open();
    try {
      const missing = fileWith('m.csv', 'customer_id,frequency,T\n1,0,1\n');
      await expect(readSummaryCsv(db, missing, PURCHASE_SUMMARY)).rejects.toThrow(
        /m\.csv, line 1: missing column\(s\) recency \(the file has: customer_id, frequency, T\)/,
      );
      await expect(readSummaryCsv(db, fileWith('e.csv', '\n'), PURCHASE_SUMMARY)).rejects.toThrow(
        /e\.csv: the file is empty/,
      );
      await expect(readSummaryCsv(db, join(tempDir(), 'none.csv'), PURCHASE_SUMMARY)).rejects.toThrow(
        /none\.csv: file not found or not readable/,
      );
    } finally {
      await db.close();
    }
  });
});

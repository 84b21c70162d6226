/** rawLines: the exact text of source lines for rejects, from the original file, by streaming. */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../workspace/index.js';
import { importFiles } from './import.js';
import { defaultMapping } from './mapping.js';
import { openSource, rawLines } from './sources.js';
import { fileWith, tempDir, tempWorkspace } from './test-support/workspace.js';

const open = (file: string, kind: 'transactions' | 'customers' = 'transactions') =>
  openSource(file, defaultMapping(kind), tempDir());

describe('rawLines', () => {
  it('CSV: empty fields, CRLF and LF lines, a BOM, a line the file does not have', async () => {
    const f = fileWith('t.csv', '\uFEFFa,b,c\r\n1,,3\n,,\r\n"x, y",,"q""r"\n  spaced  ,\t,end');
    const src = await open(f, 'customers');
    expect(await rawLines(src, [5, 2, 3, 99, 1, 4])).toEqual(
      new Map([
        [1, 'a,b,c'],
        [2, '1,,3'],
        [3, ',,'],
        [4, '"x, y",,"q""r"'],
        [5, '  spaced  ,\t,end'],
      ]),
    );
  });

  it('the ORIGINAL lines of a file read through a normalised copy (mixed line ends, blanks as delimiter)', async () => {
    const mixed = fileWith('m.csv', 'a,b\r\n1,\n2,x\r\n');
    const src = await open(mixed, 'customers');
    expect(src.format === 'csv' && src.path).not.toBe(mixed);
    expect(await rawLines(src, [2, 3])).toEqual(
      new Map([
        [2, '1,'],
        [3, '2,x'],
      ]),
    );
    const blanks = fileWith('w.txt', '  c1   19970101  2  29.33\n  c2 19970102 1 9.99\n');
    const ws = await openSource(
      blanks,
      { ...defaultMapping('transactions'), delimiter: 'whitespace', sourceColumns: ['a', 'b', 'c', 'd'] },
      tempDir(),
    );
    expect(await rawLines(ws, [1])).toEqual(new Map([[1, '  c1   19970101  2  29.33']]));
  });

  it('GBK, UTF-16 and gzip files are decoded and decompressed', async () => {
    const gbk = fileWith('gbk.csv', iconv.encode('customer_id,name\r\nc1,张伟\r\nc2,李娜\r\n', 'gbk'));
    expect(await rawLines(await open(gbk, 'customers'), [3])).toEqual(new Map([[3, 'c2,李娜']]));
    const utf16 = fileWith(
      'u.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode('customer_id,name\r\nc1,Zoë\r\n', 'utf-16le')]),
    );
    expect(await rawLines(await open(utf16, 'customers'), [1, 2])).toEqual(
      new Map([
        [1, 'customer_id,name'],
        [2, 'c1,Zoë'],
      ]),
    );
    const gz = fileWith('g.csv.gz', gzipSync(iconv.encode('customer_id,name\nc1,,\nc2,Müller\n', 'latin1')));
    const src = await open(gz, 'customers');
    expect(src).toMatchObject({ compression: 'gzip', encoding: 'windows-1252' });
    expect(await rawLines(src, [2, 3])).toEqual(
      new Map([
        [2, 'c1,,'],
        [3, 'c2,Müller'],
      ]),
    );
  });

  it('JSON Lines: the line as written; Parquet: no lines', async () => {
    const f = fileWith('t.jsonl', '{"txn_id": 1}\r\n\n{"txn_id": 12345678901234567890, "note": ""}\n');
    expect(await rawLines(await open(f), [3, 2])).toEqual(
      new Map([
        [2, ''],
        [3, '{"txn_id": 12345678901234567890, "note": ""}'],
      ]),
    );
    const parquet = { format: 'parquet' as const, file: 'x.parquet', path: 'x.parquet', temp: [] };
    expect(await rawLines(parquet, [1])).toEqual(new Map());
  });

  it('stops reading after the last requested line', async () => {
    // A gzip file cut short after its first 100 KB: reading past line 4 fails, so getting lines
    // 2 and 3 shows that the reader stopped early.
    const whole = gzipSync(Buffer.from(`h\n1\n2\n${randomBytes(300_000).toString('base64')}\n`));
    const f = fileWith('cut.csv.gz', whole.subarray(0, 100_000));
    const src = {
      format: 'csv' as const,
      file: f,
      path: f,
      delimiter: ',',
      header: false,
      columns: ['h'],
      encoding: 'utf-8',
      compression: 'gzip' as const,
      temp: [],
    };
    expect(await rawLines(src, [2, 3])).toEqual(
      new Map([
        [2, '1'],
        [3, '2'],
      ]),
    );
    await expect(rawLines(src, [5])).rejects.toThrow(/cut\.csv\.gz: the gzip data is damaged or truncated/);
  });
});

describe('the rejects file holds the raw line exactly', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await tempWorkspace();
  });
  afterEach(async () => {
    await ws.close();
  });

  it('a rejected row with empty fields and a CRLF end', async () => {
    const f = fileWith(
      't.csv',
      'txn_id,customer_id,occurred_at,amount,note,extra\r\nt1,c1,2024-01-01,abc,,\r\nt2,c2,2024-01-02,5,,x\r\n',
    );
    const r = await importFiles(ws, 'transactions', [f]);
    expect(r).toMatchObject({ read: 2, accepted: 1, rejected: 1 });
    const [reject] = await ws.db.query<{ line: number; raw: string }>(
      'SELECT line::INT AS line, raw FROM _rejects',
    );
    expect(reject).toEqual({ line: 2, raw: 't1,c1,2024-01-01,abc,,' });
    expect(readFileSync(r.rejectsFile!, 'utf8')).toContain('t1,c1,2024-01-01,abc,,');
  });
});

/** Text encodings and compression of real files, through the real import on DuckDB. */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../workspace/index.js';
import { importFiles } from './import.js';
import { defaultMapping } from './mapping.js';
import { openSource } from './sources.js';
import { cli, fileWith, tempDir, tempWorkspace } from './test-support/workspace.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.close();
});

const customers = () =>
  ws.db.query<{ customer_id: string; name: string; city: string }>(
    'SELECT customer_id, name, city FROM customers ORDER BY customer_id',
  );

/** A mapping file with the given top-level keys (and no column renames). */
function mappingFile(keys: Record<string, unknown>): string {
  const path = join(tempDir(), 'mapping.json');
  writeFileSync(path, JSON.stringify({ ...keys, columns: {} }));
  return path;
}

const EUROPE = 'customer_id,name,city\nc1,Müller,Zürich\nc2,Dupont,café\n';
const EUROPE_ROWS = [
  { customer_id: 'c1', name: 'Müller', city: 'Zürich' },
  { customer_id: 'c2', name: 'Dupont', city: 'café' },
];
const CHINA = 'customer_id,name,city\r\nc1,张伟,北京\r\nc2,李娜,上海\r\n';
const CHINA_ROWS = [
  { customer_id: 'c1', name: '张伟', city: '北京' },
  { customer_id: 'c2', name: '李娜', city: '上海' },
];

describe('text encodings', () => {
  it('a Latin-1 file keeps Zürich, Müller and café (was read as GB18030)', async () => {
    const f = fileWith('latin1.csv', iconv.encode(EUROPE, 'latin1'));
    const scratch = tempDir();
    const src = await openSource(f, defaultMapping('customers'), scratch);
    expect(src).toMatchObject({ format: 'csv', encoding: 'windows-1252' });
    // The UTF-8 copy is the only file left in the scratch folder, and the source lists it.
    expect(readdirSync(scratch).map((n) => join(scratch, n))).toEqual(src.temp);
    const r = await importFiles(ws, 'customers', [f]);
    expect(r).toMatchObject({ read: 2, accepted: 2, rejected: 0 });
    expect(await customers()).toEqual(EUROPE_ROWS);
  });

  it('UTF-16 LE with a byte order mark (Excel "Unicode text": tab-separated, CRLF)', async () => {
    const text = 'customer_id\tname\tcity\r\nc1\tMüller\tZürich\r\nc2\t张伟\t北京\r\n';
    const f = fileWith(
      'unicode.txt',
      Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]),
    );
    const r = await importFiles(ws, 'customers', [f]);
    expect(r).toMatchObject({ read: 2, accepted: 2, rejected: 0 });
    expect(await customers()).toEqual([
      { customer_id: 'c1', name: 'Müller', city: 'Zürich' },
      { customer_id: 'c2', name: '张伟', city: '北京' },
    ]);
  });

  it('UTF-16 LE without a byte order mark', async () => {
    const f = fileWith('le.csv', iconv.encode(EUROPE, 'utf-16le'));
    expect(await openSource(f, defaultMapping('customers'), tempDir())).toMatchObject({
      encoding: 'utf-16le',
    });
    expect(await importFiles(ws, 'customers', [f])).toMatchObject({ read: 2, accepted: 2 });
    expect(await customers()).toEqual(EUROPE_ROWS);
  });

  it('UTF-16 BE with a byte order mark', async () => {
    const f = fileWith('be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(CHINA, 'utf-16be')]));
    expect(await importFiles(ws, 'customers', [f])).toMatchObject({ read: 2, accepted: 2 });
    expect(await customers()).toEqual(CHINA_ROWS);
  });

  it('GB18030, including a character outside GBK (four bytes), still works', async () => {
    const text = `${CHINA}c3,王𠀀,深圳\r\n`;
    const bytes = iconv.encode(text, 'gb18030');
    expect(bytes.includes(iconv.encode('𠀀', 'gb18030'))).toBe(true);
    const f = fileWith('gb18030.csv', bytes);
    expect(await importFiles(ws, 'customers', [f])).toMatchObject({ read: 3, accepted: 3 });
    expect(await customers()).toEqual([...CHINA_ROWS, { customer_id: 'c3', name: '王𠀀', city: '深圳' }]);
  });

  it('"encoding": "windows-1252" in the mapping (€ and curly quotes, bytes 0x80–0x9F)', async () => {
    const text = 'customer_id,name,city\nc1,“Zoë” – 5 €,Genève\n';
    const bytes = iconv.encode(text, 'windows-1252');
    expect([...bytes]).toContain(0x80); // €
    const f = fileWith('w1252.csv', bytes);
    const r = await importFiles(ws, 'customers', [f], { mapping: mappingFile({ encoding: 'windows-1252' }) });
    expect(r).toMatchObject({ read: 1, accepted: 1 });
    expect(await customers()).toEqual([{ customer_id: 'c1', name: '“Zoë” – 5 €', city: 'Genève' }]);
  });

  it('"encoding": "shift_jis" in the mapping', async () => {
    const text = 'customer_id,name,city\nc1,山田太郎,東京\nc2,ｽｽﾞｷ,大阪\n';
    const f = fileWith('sjis.csv', iconv.encode(text, 'shift_jis'));
    const r = await importFiles(ws, 'customers', [f], { mapping: mappingFile({ encoding: 'shift_jis' }) });
    expect(r).toMatchObject({ read: 2, accepted: 2 });
    expect(await customers()).toEqual([
      { customer_id: 'c1', name: '山田太郎', city: '東京' },
      { customer_id: 'c2', name: 'ｽｽﾞｷ', city: '大阪' },
    ]);
  });

  it('an unknown encoding name: exit 2 naming the mapping key and the value', async () => {
    const f = fileWith('c.csv', EUROPE);
    const mapping = { ...defaultMapping('customers'), encoding: 'latin-9x' };
    await expect(openSource(f, mapping, tempDir())).rejects.toThrow(
      /c\.csv: the mapping key "encoding" has the value "latin-9x", which is not a known text encoding; use a name such as "utf-8"/,
    );
    const w = join(tempDir(), 'ws');
    expect(cli(['init', '--workspace', w]).code).toBe(0);
    const run = cli(['import', 'customers', f, '--mapping', mappingFile({ encoding: 'latin-9x' }), '-w', w]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/encoding/);
    expect(run.stderr).toMatch(/latin-9x/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('bytes the guessed encoding cannot read refuse the file, naming the line and suggesting "encoding"', async () => {
    // ~400 KB of Latin-1 text; line 2400 has 0x81, which is no character in windows-1252. It lies
    // outside the samples the guess reads (start, middle, end, around the first non-UTF-8 byte).
    const lines = ['customer_id,name,city', 'c1,Müller,Zürich'];
    for (let i = 3; i <= 8000; i++) lines.push(`c${i},customer number ${i} of this long file,Köln`);
    const bytes = iconv.encode(`${lines.join('\n')}\n`, 'latin1');
    const at = bytes.indexOf(Buffer.from('c2400,customer'));
    expect(at / bytes.length).toBeGreaterThan(0.25);
    expect(at / bytes.length).toBeLessThan(0.35);
    bytes[at + 'c2400,customer'.length] = 0x81;
    expect(bytes.length).toBeGreaterThan(4 * 65536);
    const f = fileWith('bad.csv', bytes);
    await expect(importFiles(ws, 'customers', [f])).rejects.toThrow(
      /bad\.csv, line 2400: the text encoding was recognised as windows-1252, but this line has bytes that are not windows-1252 text; declare the file's encoding in the mapping, e\.g\. "encoding"/,
    );
    expect((await ws.db.query<{ n: number }>('SELECT count(*)::INT AS n FROM _imports'))[0].n).toBe(0);
  });
});

describe('gzip-compressed files', () => {
  it('a .csv.gz is decompressed and read as usual, never called binary', async () => {
    const f = fileWith('customers.csv.gz', gzipSync(Buffer.from(EUROPE)));
    const scratch = tempDir();
    const src = await openSource(f, defaultMapping('customers'), scratch);
    expect(src).toMatchObject({ format: 'csv', compression: 'gzip', encoding: 'utf-8', header: true });
    expect(readdirSync(scratch).map((n) => join(scratch, n))).toEqual(src.temp);
    expect(await importFiles(ws, 'customers', [f])).toMatchObject({ read: 2, accepted: 2 });
    expect(await customers()).toEqual(EUROPE_ROWS);
  });

  it('a gzip-compressed GBK TSV, and a gzip-compressed JSON Lines file', async () => {
    const tsv = fileWith('c.tsv.gz', gzipSync(iconv.encode(CHINA.replaceAll(',', '\t'), 'gbk')));
    const scratch = tempDir();
    const src = await openSource(tsv, defaultMapping('customers'), scratch);
    expect(src).toMatchObject({ format: 'csv', delimiter: '\t', encoding: 'gb18030' });
    // The decompressed intermediate is gone; only the UTF-8 copy remains.
    expect(readdirSync(scratch).map((n) => join(scratch, n))).toEqual(src.temp);
    expect(await importFiles(ws, 'customers', [tsv])).toMatchObject({ read: 2, accepted: 2 });
    const jsonl = fileWith(
      'c.jsonl.gz',
      gzipSync(Buffer.from('{"customer_id": "c3", "name": "Zoë", "city": "Genève"}\n')),
    );
    expect(await importFiles(ws, 'customers', [jsonl])).toMatchObject({ read: 1, accepted: 1 });
    expect(await customers()).toEqual([...CHINA_ROWS, { customer_id: 'c3', name: 'Zoë', city: 'Genève' }]);
  });

  it('a truncated gzip file is refused with a reason', async () => {
    const whole = gzipSync(Buffer.from(EUROPE.repeat(50)));
    const f = fileWith('cut.csv.gz', whole.subarray(0, whole.length - 12));
    await expect(importFiles(ws, 'customers', [f])).rejects.toThrow(
      /cut\.csv\.gz: the gzip data is damaged or truncated/,
    );
  });
});

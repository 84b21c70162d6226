/**
 * Streaming at chunk boundaries: record ends, UTF-8 checks and UTF-16 surrogate pairs cut between
 * two chunks give the same result as whole text.
 */
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../workspace/index.js';
import { importFiles } from './import.js';
import { Utf8Check } from './readers/encoding.js';
import { LineEnds } from './readers/line-ends.js';
import { fileWith, tempWorkspace } from './test-support/workspace.js';

/** Feeds `text` to a fresh LineEnds cut at `cut`, returning the normalised text and the counts. */
function normaliseIn2(text: string, cut: number) {
  const bytes = Buffer.from(text);
  const ends = new LineEnds(',');
  const out = Buffer.concat([
    ends.normalise(bytes.subarray(0, cut)),
    ends.normalise(bytes.subarray(cut)),
    ends.end(),
  ]).toString();
  return { out, crlf: ends.crlf, lf: ends.lf };
}

describe('LineEnds', () => {
  const text = 'a,b\r\n1,"x\r\ny"\n2,"say ""hi""\r\n",\r\n3,z"q\r\n4,\r';
  // Record ends outside quotes: after a,b (CRLF), after "x\r\ny" (LF), after the third record
  // (CRLF), after z"q (CRLF: a quote inside an unquoted field opens nothing). The final lone CR
  // ends no record.
  const expected = 'a,b\n1,"x\r\ny"\n2,"say ""hi""\r\n",\n3,z"q\n4,\r';

  it('normalises CRLF record ends outside quotes, wherever the text is cut', () => {
    for (let cut = 0; cut <= Buffer.byteLength(text); cut++) {
      expect(normaliseIn2(text, cut)).toEqual({ out: expected, crlf: 3, lf: 1 });
    }
  });

  it('counts the same way without normalising', () => {
    for (let cut = 0; cut <= text.length; cut++) {
      const ends = new LineEnds(',');
      ends.count(Buffer.from(text.slice(0, cut)));
      ends.count(Buffer.from(text.slice(cut)));
      expect([ends.crlf, ends.lf, ends.mixed]).toEqual([3, 1, true]);
    }
    const clean = new LineEnds(';');
    clean.count(Buffer.from('a;b\r\n"1\n2";3\r\n'));
    expect([clean.crlf, clean.lf, clean.mixed]).toEqual([2, 0, false]);
  });
});

describe('Utf8Check', () => {
  it('accepts a multi-byte character cut between chunks and finds invalid bytes', () => {
    const bytes = Buffer.from('ab€c𠀀d张');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const check = new Utf8Check();
      check.feed(bytes.subarray(0, cut));
      check.feed(bytes.subarray(cut));
      expect(check.end()).toBe(true);
    }
    const latin1 = new Utf8Check();
    latin1.feed(Buffer.from('ok\n'));
    latin1.feed(iconv.encode('Zürich\n', 'latin1'));
    expect([latin1.end(), latin1.invalidAt]).toEqual([false, 4]); // the byte of ü
    const deep = new Utf8Check();
    deep.feed(Buffer.from('€'.repeat(1000)));
    deep.feed(Buffer.concat([Buffer.alloc(500_000, 'a'), Buffer.from([0xff]), Buffer.alloc(100, 'b')]));
    expect(deep.invalidAt).toBe(3000 + 500_000);
    const cutOff = new Utf8Check();
    cutOff.feed(Buffer.from('ab€').subarray(0, 4));
    expect(cutOff.end()).toBe(false);
  });
});

describe('files larger than one read chunk (1 MiB)', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await tempWorkspace();
  });
  afterEach(async () => {
    await ws.close();
  });
  const MiB = 1 << 20;

  it('a UTF-16 surrogate pair and a CRLF cut by the chunk boundary arrive intact', async () => {
    // UTF-16LE with BOM: the pair for 𠀀 sits across byte 1 MiB (high half before, low half after).
    const head = 'customer_id,name\r\n';
    const filler = (units: number) => {
      const rows: string[] = [];
      let n = 0;
      for (let i = 0; n < units; i++) {
        const row = `f${i},${'x'.repeat(40)}\r\n`;
        rows.push(row);
        n += row.length;
      }
      return rows.join('');
    };
    // Units before the pair: BOM (1) + head + filler + 'c1,' must be MiB/2 − 1.
    let pad = filler(MiB / 2 - 1 - 1 - head.length - 'c1,'.length - 80);
    pad += `p,${'y'.repeat(MiB / 2 - 1 - 1 - head.length - 'c1,'.length - pad.length - 4)}\r\n`;
    const text = `${head}${pad}c1,𠀀王\r\nc2,end\r\n`;
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]);
    expect(bytes.subarray(MiB - 2, MiB + 2)).toEqual(iconv.encode('𠀀', 'utf-16le'));
    const r = await importFiles(ws, 'customers', [fileWith('wide.csv', bytes)]);
    expect(r.rejected).toBe(0);
    const rows = await ws.db.query(
      `SELECT customer_id, name FROM customers WHERE customer_id IN ('c1', 'c2') ORDER BY 1`,
    );
    expect(rows).toEqual([
      { customer_id: 'c1', name: '𠀀王' },
      { customer_id: 'c2', name: 'end' },
    ]);
  });

  it('a mixed-line-end file whose CRLF straddles the boundary', async () => {
    const lines: string[] = ['customer_id,name'];
    let size = lines[0].length + 2;
    for (let i = 0; size < MiB - 100; i++) {
      lines.push(`f${i},${'x'.repeat(30)}`);
      size += lines[lines.length - 1].length + 2;
    }
    // Pad the last filler line so that its CR is byte MiB − 1 and its LF byte MiB.
    lines[lines.length - 1] += 'z'.repeat(MiB - 1 - size + 2);
    const text = `${lines.join('\r\n')}\r\nc1,last\nc2,lf only\n`;
    const bytes = Buffer.from(text);
    expect([bytes[MiB - 1], bytes[MiB]]).toEqual([13, 10]);
    const r = await importFiles(ws, 'customers', [fileWith('mixed.csv', bytes)]);
    expect(r).toMatchObject({ read: lines.length + 1, accepted: lines.length + 1, rejected: 0 });
    const crs = await ws.db.query<{ n: number }>(
      `SELECT count(*)::INT AS n FROM customers WHERE contains(name, chr(13)) OR contains(customer_id, chr(13))`,
    );
    expect(crs[0].n).toBe(0);
    const tail = await ws.db.query(
      `SELECT customer_id, name FROM customers WHERE customer_id LIKE 'c%' ORDER BY 1`,
    );
    expect(tail).toEqual([
      { customer_id: 'c1', name: 'last' },
      { customer_id: 'c2', name: 'lf only' },
    ]);
  });
});

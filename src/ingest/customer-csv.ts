/**
 * Per-customer results written as CSV with the customers' ids copied from their summary file
 * (the ids never go through the engine).
 */
import { closeSync, createReadStream, mkdtempSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputError } from '../errors.js';
import { csvField, csvRecords } from './summary-files.js';

/** Per-customer rows to write as CSV, the customers' ids copied from their summary file. */
export interface CustomerCsv {
  /** The summary file; ids are its column `idIndex` (−1: the row number from 1). */
  source: string;
  idIndex: number;
  /** The data records written, ascending: output row i is the file's record `records[i]`. */
  records: ArrayLike<number>;
  /** The header after `customer_id`. */
  columns: readonly string[];
  /** Output row i's fields after the id, formatted and joined by commas. */
  fields: (i: number) => string;
}

/** A record's field `i` as CSV text: copied as is unless the record has quotes. */
function idField(text: string, i: number): string {
  if (text.includes('"')) {
    const v = csvField(text, i);
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  }
  let from = 0;
  for (let k = 0; k < i; k++) from = text.indexOf(',', from) + 1;
  const to = text.indexOf(',', from);
  return to < 0 ? text.slice(from) : text.slice(from, to);
}

/**
 * Appends the lines of output rows [from, to) — `id,fields(i)` and CRLF — to the open file `fd`,
 * scanning the source for their ids (rows before `from` are skipped, not written).
 */
export function writeCustomerLines(csv: CustomerCsv, fd: number, from: number, to: number): void {
  const { records } = csv;
  let i = from;
  let text = '';
  if (i < to) {
    for (const r of csvRecords(csv.source)) {
      if (r.index !== records[i]) continue;
      const id = csv.idIndex < 0 ? String(r.index + 1) : idField(r.text, csv.idIndex);
      text += `${id},${csv.fields(i)}\r\n`;
      if (text.length > 1 << 20) {
        writeSync(fd, text);
        text = '';
      }
      if (++i === to) break;
    }
  }
  writeSync(fd, text);
}

/**
 * Writes the rows as CSV (header `customer_id,…`, CRLF line ends) to `out` — with a byte-order
 * mark so that Excel reads UTF-8, under a temporary name renamed when complete — or, without
 * `out`, to standard output (no mark), through a temporary file. Returns the rows written.
 */
export async function writeCustomerCsv(csv: CustomerCsv, out?: string): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-out-'));
  const target = out === undefined ? join(dir, 'out.csv') : `${out}.partial-${process.pid}`;
  let fd: number;
  try {
    fd = openSync(target, 'w');
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new InputError(`cannot write the output: ${(e as Error).message}`, { file: out });
  }
  const n = csv.records.length;
  try {
    writeSync(fd, `${out !== undefined ? '\uFEFF' : ''}${['customer_id', ...csv.columns].join(',')}\r\n`);
    writeCustomerLines(csv, fd, 0, n);
    closeSync(fd);
    fd = -1;
    if (out !== undefined) renameSync(target, out);
    else await pipeline(createReadStream(target), process.stdout, { end: false });
    return n;
  } finally {
    if (fd >= 0) closeSync(fd);
    rmSync(target, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
}

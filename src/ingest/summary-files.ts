/**
 * File work behind `summary-csv.ts`: a summary's records scanned as text (to locate problems by
 * line, to copy the records that keep the CSV structure, and to find customer ids for
 * `customer-csv.ts`), its header, and the rejects CSV.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { InputError } from '../errors.js';
import { splitCsvLine } from './sources.js';

/** One CSV record of a file (quoted values may span lines). */
export interface CsvRecord {
  /** Position among the data records from 0 (−1: the header); blank lines are not records. */
  index: number;
  /** Physical line (from 1) where the record starts. */
  line: number;
  /** The record's text without its line ending. */
  text: string;
  /** Number of fields. */
  fields: number;
  /** What breaks its quoting, or null. */
  problem: string | null;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Every record of a comma-separated file, header first, read in 1 MB pieces (memory stays flat).
 * Quoting follows RFC 4180: a quote opens a value only at its start, `""` inside a quoted value
 * is a quote, and a closing quote must end the value.
 */
export function* csvRecords(file: string): Generator<CsvRecord> {
  const fd = openSync(file, 'r');
  const decoder = new StringDecoder('utf8');
  const chunk = Buffer.alloc(1 << 20);
  let text = '';
  let start = 0;
  let pos = 0;
  let line = 1;
  let startLine = 1;
  let index = -1;
  let fields = 1;
  let fieldStart = true;
  let quoted = false;
  let closed = false; // just after a quoted value's closing quote
  let pendingQuote = false; // a quote inside a quoted value: closing, or the first of ""
  let problem: string | null = null;
  /** The record ending at `end`, or null for a blank line (not a record). */
  const take = (end: number): CsvRecord | null => {
    const raw = text.slice(start, end).replace(/\r$/, '');
    const record = {
      index,
      line: startLine,
      text: index < 0 ? raw.replace(/^\uFEFF/, '') : raw,
      fields,
      problem,
    };
    const blank = raw === '' && fields === 1;
    fields = 1;
    fieldStart = true;
    closed = false;
    problem = null;
    if (blank && index >= 0) return null;
    index++;
    return record;
  };
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      text = text.slice(start) + (n > 0 ? decoder.write(chunk.subarray(0, n)) : decoder.end());
      pos -= start;
      start = 0;
      let nextQuote = text.indexOf('"', pos);
      while (pos < text.length) {
        // Fast path: a record starting here whose line holds no quote is that line.
        if (pos === start && !quoted && !pendingQuote) {
          if (nextQuote >= 0 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
          const end = text.indexOf('\n', pos);
          if (end >= 0 && (nextQuote < 0 || end < nextQuote)) {
            for (let k = text.indexOf(',', pos); k >= 0 && k < end; k = text.indexOf(',', k + 1)) fields++;
            line++;
            const record = take(end);
            start = end + 1;
            startLine = line;
            pos = end + 1;
            if (record) yield record;
            continue;
          }
        }
        const c = text.charCodeAt(pos++);
        if (c === LF) line++;
        if (pendingQuote) {
          pendingQuote = false;
          if (c === QUOTE) continue; // "" inside a quoted value
          quoted = false;
          closed = true;
        }
        if (quoted) {
          if (c === QUOTE) pendingQuote = true;
          continue;
        }
        if (c === COMMA) {
          fields++;
          fieldStart = true;
          closed = false;
        } else if (c === LF) {
          const record = take(pos - 1);
          start = pos;
          startLine = line;
          if (record) yield record;
        } else if (c === QUOTE && fieldStart) {
          quoted = true;
          fieldStart = false;
        } else if (c !== CR || closed) {
          if (c === QUOTE) problem ??= 'a quote inside an unquoted value';
          else if (closed && c !== CR) problem ??= 'text after a closing quote';
          fieldStart = false;
        }
      }
      if (n === 0) break;
    }
    if (quoted && !pendingQuote) problem ??= 'a quoted value is not closed';
    if (start < text.length) {
      const record = take(text.length);
      if (record) yield record;
    }
  } finally {
    closeSync(fd);
  }
}

/** Calls `visit` with every record (see csvRecords) until it returns false. */
export function scanRecords(file: string, visit: (record: CsvRecord) => boolean): void {
  for (const record of csvRecords(file)) if (!visit(record)) return;
}

/** Field `i` of a record's text (unquoted), or '' when it has fewer fields. */
export function csvField(text: string, i: number): string {
  return splitCsvLine(text, ',')[i] ?? '';
}

/**
 * A copy of the file in a temporary folder with only the records `keep` accepts, each preceded by
 * its record number (column `_record`), for the engine to read instead of the original.
 */
export function writeCleanCopy(
  file: string,
  keep: (record: CsvRecord) => boolean,
): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-summary-'));
  const path = join(dir, 'clean.csv');
  const fd = openSync(path, 'w');
  let pending = '';
  try {
    scanRecords(file, (r) => {
      if (r.index < 0) pending += `_record,${r.text}\n`;
      else if (keep(r)) pending += `${r.index},${r.text}\n`;
      if (pending.length > 1 << 20) {
        writeSync(fd, pending);
        pending = '';
      }
      return true;
    });
    writeSync(fd, pending);
  } finally {
    closeSync(fd);
  }
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The header's column names (trimmed), read from the start of the file. */
export function readHeader(file: string): string[] {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw new InputError('file not found or not readable', { file });
  }
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.alloc(1 << 16);
    let text = '';
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      text += n > 0 ? decoder.write(buffer.subarray(0, n)) : decoder.end();
      const end = text.indexOf('\n');
      if (end >= 0 || n === 0) {
        const line = (end >= 0 ? text.slice(0, end) : text).replace(/^\uFEFF/, '').replace(/\r$/, '');
        if (line.trim() === '') throw new InputError('the file is empty', { file });
        return splitCsvLine(line, ',').map((h) => h.trim());
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** Writes the rejects CSV: line, column, reason and the record's text (UTF-8 with BOM, CRLF). */
export function writeRejects(
  path: string,
  rejects: readonly { line: number; column: string | null; reason: string; record: string }[],
): void {
  const cell = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = ['line,column,reason,record'];
  for (const r of [...rejects].sort((a, b) => a.line - b.line)) {
    lines.push([r.line, r.column, r.reason, r.record].map(cell).join(','));
  }
  try {
    writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`);
  } catch (e) {
    throw new InputError(`cannot write the rejects file: ${(e as Error).message}`, { file: path });
  }
}

/**
 * Opening source files: format, encoding, delimiter and header detection, and refusing files
 * that cannot be read at all (empty, binary). CSV-like files end up as UTF-8 CSV on disk for the
 * engine's fast reader; JSON Lines and Excel files are read here into rows.
 */
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import iconv from 'iconv-lite';
import { InputError } from '../errors.js';
import type { Mapping } from './mapping.js';

export type SourceFormat = 'csv' | 'parquet' | 'jsonl' | 'xlsx';

export interface CsvSource {
  format: 'csv';
  file: string;
  /** UTF-8 file for the engine (the original, or a converted copy). */
  path: string;
  delimiter: string;
  header: boolean;
  columns: string[];
  encoding: string;
}

export interface ParquetSource {
  format: 'parquet';
  file: string;
  path: string;
}

export interface RowsSource {
  format: 'jsonl' | 'xlsx';
  file: string;
  columns: string[];
  /** Row values as text (null for missing), with their 1-based line (or sheet row). */
  rows: { line: number; values: (string | null)[] }[];
  /** Lines that could not be read at all. */
  broken: { line: number; reason: string; raw: string }[];
}

export type Source = CsvSource | ParquetSource | RowsSource;

const SAMPLE = 1 << 16;

function head(file: string, bytes = SAMPLE): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Detects the format from magic bytes, then the extension. */
export function detectFormat(file: string, sample: Buffer): SourceFormat {
  if (sample.subarray(0, 4).toString('latin1') === 'PAR1') return 'parquet';
  if (sample[0] === 0x50 && sample[1] === 0x4b) return 'xlsx';
  const ext = extname(file).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  return 'csv';
}

function isUtf8(buf: Buffer): boolean {
  // A sample may end in the middle of a character: ignore up to 3 trailing bytes.
  for (let cut = 0; cut <= 3 && cut <= buf.length; cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(0, buf.length - cut));
      return true;
    } catch {
      /* try a shorter prefix */
    }
  }
  return false;
}

/** Splits one CSV record (no embedded newline) honouring double quotes. */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

function sniffDelimiter(lines: string[]): string {
  const candidates = [',', '\t', ';', '|'];
  let best = ',';
  let bestScore = 0;
  for (const d of candidates) {
    const counts = lines.slice(0, 20).map((l) => splitCsvLine(l, d).length);
    if (counts.length === 0 || counts[0] < 2) continue;
    const consistent = counts.filter((c) => c === counts[0]).length / counts.length;
    const score = consistent * counts[0];
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

const looksLikeData = (v: string) =>
  /^\s*[-+]?(\d[\d,.]*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) || /^\d{4}-\d{2}-\d{2}/.test(v);

/** Opens a source file and works out how to read it. Throws InputError for files refused whole. */
export async function openSource(
  file: string,
  mapping: Mapping,
  scratch: string = tmpdir(),
): Promise<Source> {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new InputError('file not found or not readable', { file });
  }
  if (size === 0) throw new InputError('the file is empty', { file });
  const sample = head(file);
  const format = mapping.format ?? detectFormat(file, sample);
  if (format === 'parquet') return { format, file, path: file };
  if (format === 'xlsx') return openXlsx(file, mapping.sheet);
  if (sample.includes(0)) {
    throw new InputError(
      'this looks like a binary file (it contains NUL bytes), not CSV, JSON Lines or Excel',
      { file },
    );
  }
  const encoding = mapping.encoding ?? (isUtf8(sample) ? 'utf-8' : 'gb18030');
  let text: string | null = null;
  let path = file;
  if (encoding !== 'utf-8') {
    text = iconv.decode(readFileSync(file), encoding);
    if (text.includes('\ufffd') && !mapping.encoding) {
      throw new InputError('the file is neither UTF-8 nor GBK/GB18030 text', { file });
    }
  }
  if (format === 'jsonl') return readJsonLines(file, text ?? readFileSync(file, 'utf8'));

  let delimiter = mapping.delimiter === 'tab' ? '\t' : mapping.delimiter;
  if (delimiter === 'whitespace') {
    // Runs of blanks separate fields: rewrite as tab-separated for the engine.
    text = (text ?? readFileSync(file, 'utf8'))
      .replace(/^\uFEFF/, '')
      .split(/\r?\n/)
      .map((l) =>
        l
          .trim()
          .split(/[ \t]+/)
          .join('\t'),
      )
      .join('\n');
    delimiter = '\t';
  }
  if (text !== null) {
    path = join(scratch, `clientele-${process.pid}-${Date.now()}-${basename(file)}.utf8.csv`);
    writeFileSync(path, text);
  }
  const firstText = (text ?? sample.toString('utf8')).replace(/^\uFEFF/, '');
  const lines = firstText.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new InputError('the file has no text lines', { file });
  delimiter ??= extname(file).toLowerCase() === '.tsv' ? '\t' : sniffDelimiter(lines);
  const first = splitCsvLine(lines[0], delimiter).map((c) => c.trim());
  const header =
    mapping.header ??
    (mapping.sourceColumns
      ? first.every((v, i) => v === mapping.sourceColumns![i]) || !first.some(looksLikeData)
      : !first.some(looksLikeData));
  let columns = mapping.sourceColumns ?? (header ? first : first.map((_, i) => `column${i + 1}`));
  columns = dedupeNames(columns.map((c, i) => c || `column${i + 1}`));
  return { format: 'csv', file, path, delimiter, header, columns, encoding };
}

function dedupeNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = seen.get(n) ?? 0;
    seen.set(n, k + 1);
    return k === 0 ? n : `${n}_${k + 1}`;
  });
}

const asText = (v: unknown): string | null => {
  if (v === null || v === undefined) return null;
  if (typeof v === 'object') return v instanceof Date ? v.toISOString() : JSON.stringify(v);
  return String(v);
};

/** JSON Lines: one object per line; lines that are not objects are reported, not dropped. */
export function readJsonLines(file: string, text: string): RowsSource {
  const rows: { line: number; object: Record<string, unknown> }[] = [];
  const broken: RowsSource['broken'] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    try {
      const v = JSON.parse(raw);
      if (v === null || typeof v !== 'object' || Array.isArray(v))
        broken.push({ line: i + 1, reason: 'not a JSON object', raw });
      else rows.push({ line: i + 1, object: v });
    } catch (e) {
      broken.push({ line: i + 1, reason: `invalid JSON: ${(e as Error).message}`, raw });
    }
  });
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r.object)))];
  return {
    format: 'jsonl',
    file,
    columns,
    rows: rows.map((r) => ({ line: r.line, values: columns.map((c) => asText(r.object[c])) })),
    broken,
  };
}

/** Excel workbooks: the first worksheet (or the named one), first row as header. */
async function openXlsx(file: string, sheet?: string): Promise<RowsSource> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw new InputError(`not a readable Excel workbook: ${(e as Error).message}`, { file });
  }
  const ws = sheet ? wb.getWorksheet(sheet) : wb.worksheets[0];
  if (!ws)
    throw new InputError(sheet ? `no worksheet named "${sheet}"` : 'the workbook has no worksheet', { file });
  const cellText = (v: unknown): string | null => {
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return v.toISOString();
    if (typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('result' in o) return cellText(o.result);
      if ('text' in o) return String(o.text);
      if (Array.isArray(o.richText)) return o.richText.map((t: { text: string }) => t.text).join('');
      return JSON.stringify(v);
    }
    return String(v);
  };
  let columns: string[] = [];
  const rows: RowsSource['rows'] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    const values = (row.values as unknown[]).slice(1).map(cellText);
    if (columns.length === 0) columns = dedupeNames(values.map((v, i) => v ?? `column${i + 1}`));
    else rows.push({ line: n, values: columns.map((_, i) => values[i] ?? null) });
  });
  if (columns.length === 0) throw new InputError('the worksheet is empty', { file });
  return { format: 'xlsx', file, columns, rows, broken: [] };
}

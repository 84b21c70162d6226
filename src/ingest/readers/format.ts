/**
 * Which format a file is in: magic bytes first (Parquet, zip-based Excel), then the extension.
 * A format declared in the mapping is checked against the bytes, so a wrong declaration is
 * explained instead of failing deep inside a reader.
 */
import iconv from 'iconv-lite';
import { InputError } from '../../errors.js';
import type { SourceFormat } from '../../schema/source.js';
import { bomEncoding, utf16WithoutBom } from './encoding.js';

const FORMATS: readonly SourceFormat[] = ['csv', 'parquet', 'jsonl', 'xlsx'];

const isParquet = (head: Buffer) => head.subarray(0, 4).toString('latin1') === 'PAR1';
const isZip = (head: Buffer) => head[0] === 0x50 && head[1] === 0x4b;

/** Detects the format from magic bytes, then the extension of `name`. */
export function detectFormat(name: string, head: Buffer): SourceFormat {
  if (isParquet(head)) return 'parquet';
  if (isZip(head)) return 'xlsx';
  const lower = name.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  return 'csv';
}

/** The first non-blank character of the text at the head (in UTF-8/ASCII or UTF-16). */
function firstCharacter(head: Buffer): string {
  const utf16 = bomEncoding(head) ?? utf16WithoutBom(head);
  const text = utf16 && utf16 !== 'utf-8' ? iconv.decode(head, utf16) : head.toString('latin1');
  return /[^\s\uFEFF\u00EF\u00BB\u00BF]/.exec(text)?.[0] ?? '';
}

/** What the bytes look like, in words. */
function looksLike(head: Buffer): string {
  if (isParquet(head)) return 'Parquet';
  if (isZip(head)) return 'a zip file, such as an Excel workbook';
  const first = firstCharacter(head);
  if (first === '{') return 'JSON Lines';
  if (first === '[') return 'a JSON array';
  if (head.includes(0) && !utf16WithoutBom(head) && !bomEncoding(head)) return 'binary data';
  return 'CSV text';
}

const NAMES: Record<SourceFormat, string> = {
  csv: 'CSV text',
  parquet: 'Parquet',
  jsonl: 'JSON Lines',
  xlsx: 'an Excel workbook',
};

/**
 * The format declared in the mapping (`format`), checked against the file's first bytes; null when
 * none is declared. A mismatch is an InputError saying what the file looks like.
 */
export function declaredFormat(declared: unknown, head: Buffer, file: string): SourceFormat | null {
  if (declared === undefined || declared === null) return null;
  if (!FORMATS.includes(declared as SourceFormat)) {
    throw new InputError(
      `the mapping key "format" is ${JSON.stringify(declared)}; use "csv", "parquet", "jsonl" or "xlsx", or remove it to detect the format`,
      { file },
    );
  }
  const format = declared as SourceFormat;
  const fits =
    format === 'parquet'
      ? isParquet(head)
      : format === 'xlsx'
        ? isZip(head)
        : format === 'jsonl'
          ? firstCharacter(head) === '{'
          : !isParquet(head) && !isZip(head);
  if (!fits) {
    throw new InputError(
      `declared "format": "${format}" in the mapping, but the file is not ${NAMES[format]} (it looks like ${looksLike(head)}); remove "format" or fix it`,
      { file },
    );
  }
  return format;
}

/**
 * The raw text of source lines, for rejects: exactly as the line stands in the original file
 * (empty fields and all), decoded and decompressed, without its line terminator.
 */
import type { Source } from '../../schema/source.js';
import { textLines } from './text-stream.js';

/**
 * Returns the text of the requested 1-based physical lines of the ORIGINAL file: for CSV and JSON
 * Lines the decoded line without its LF or CRLF; for Excel the row's cell texts joined by commas
 * (sheet rows are its lines); nothing for Parquet. Streams the file once and stops after the last
 * requested line, so memory is bounded by the requested lines. Lines the file does not have are
 * missing from the map.
 *
 * @example
 * const raw = await rawLines(source, [3, 17]); // Map { 3 => 'a,,c', 17 => 't9,c2,2024-01-02,x' }
 */
export async function rawLines(src: Source, lines: number[]): Promise<Map<number, string>> {
  const wanted = new Set(lines.filter((n) => Number.isInteger(n) && n >= 1));
  const out = new Map<number, string>();
  if (wanted.size === 0 || src.format === 'parquet') return out;
  if (src.format === 'xlsx') {
    for (const r of src.rows) if (wanted.has(r.line)) out.set(r.line, r.values.map((v) => v ?? '').join(','));
    for (const b of src.broken) if (wanted.has(b.line)) out.set(b.line, b.raw);
    return out;
  }
  let last = 0;
  for (const n of wanted) if (n > last) last = n;
  for await (const { line, text } of textLines({
    path: src.file,
    file: src.file,
    encoding: src.encoding ?? 'utf-8',
    gzip: src.compression === 'gzip',
  })) {
    if (wanted.has(line)) out.set(line, text);
    if (line >= last) break;
  }
  return out;
}

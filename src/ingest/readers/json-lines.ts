/**
 * JSON Lines: one object per line, read by streaming. Numbers keep their exact source text (big
 * integers beyond 2^53, `0.1`, `1e400`), so nothing is rounded on the way to the store. Lines
 * that are not objects are reported as broken, not dropped.
 */
import { isLosslessNumber, parse, stringify } from 'lossless-json';
import type { RowsSource } from '../../schema/source.js';
import { uniqueColumnNames } from './csv-layout.js';
import { notText, type TextFile, textLines } from './text-stream.js';

/** A JSON value as the text stored for it: numbers as written, objects and arrays as JSON. */
function valueText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (isLosslessNumber(v)) return v.value;
  if (typeof v === 'object') return stringify(v) ?? null;
  return String(v);
}

/**
 * Reads a JSON Lines file (any encoding, optionally gzip-compressed) into rows. With
 * `refuseReplacement` (a guessed encoding), a line that does not decode refuses the file.
 */
export async function readJsonLines(t: TextFile, refuseReplacement = false): Promise<RowsSource> {
  const objects: { line: number; object: Record<string, unknown> }[] = [];
  const broken: RowsSource['broken'] = [];
  // Keys in order of first appearance; keys that differ only in letter case get their own column.
  const seen = new Set<string>();
  for await (const { line, text } of textLines(t)) {
    if (text.trim() === '') continue;
    if (refuseReplacement && text.includes('\ufffd')) throw notText(t, line);
    try {
      const v = parse(text);
      if (v === null || typeof v !== 'object' || Array.isArray(v) || isLosslessNumber(v))
        broken.push({ line, reason: 'not a JSON object', raw: text });
      else {
        objects.push({ line, object: v as Record<string, unknown> });
        for (const k of Object.keys(v)) seen.add(k);
      }
    } catch (e) {
      broken.push({ line, reason: `invalid JSON: ${(e as Error).message}`, raw: text });
    }
  }
  const keys = [...seen];
  const columns = uniqueColumnNames(keys);
  return {
    format: 'jsonl',
    file: t.file,
    temp: [],
    columns,
    rows: objects.map((o) => ({ line: o.line, values: keys.map((k) => valueText(o.object[k])) })),
    broken,
    encoding: t.encoding,
    ...(t.gzip ? { compression: 'gzip' as const } : {}),
  };
}

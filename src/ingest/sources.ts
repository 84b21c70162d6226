/**
 * Opening source files: format, compression, encoding, delimiter and header detection, and
 * refusing files that cannot be read at all (missing, folders, unreadable, empty, binary, a
 * declared format or encoding that does not fit). CSV-like files end up as UTF-8 CSV on disk for
 * the engine's fast reader; JSON Lines and Excel files are read here into rows. The readers live
 * in `readers/`; this is their public face.
 */
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { InputError } from '../errors.js';
import type { Mapping } from '../schema/mapping.js';
import type { Source } from '../schema/source.js';
import { type EncodingChoice, openDelimited, type TextInput } from './readers/delimited.js';
import {
  bomEncoding,
  declaredEncoding,
  guessEncoding,
  guessSample,
  Utf8Check,
  utf16WithoutBom,
} from './readers/encoding.js';
import { readWorkbook } from './readers/excel.js';
import {
  gunzipToTemp,
  isGzip,
  readBytes,
  regularFileSize,
  withoutGzipExtension,
} from './readers/file-access.js';
import { declaredFormat, detectFormat } from './readers/format.js';
import { readJsonLines } from './readers/json-lines.js';

export type { CsvSource, ParquetSource, RowsSource, Source, SourceFormat } from '../schema/source.js';
export { splitCsvLine } from './readers/csv-layout.js';
export { detectFormat } from './readers/format.js';
export { rawLines } from './readers/raw-lines.js';

/** Bytes read from the start of a file to detect its format, encoding and layout. */
const HEAD = 1 << 16;

/**
 * Opens a source file and works out how to read it. Throws InputError for files refused whole.
 * Temporary files (decompressed or UTF-8 copies) go under `scratch` and are listed in the
 * source's `temp`, for the caller to delete when the import is over.
 */
export async function openSource(
  file: string,
  mapping: Mapping,
  scratch: string = tmpdir(),
): Promise<Source> {
  const size = regularFileSize(file);
  if (size === 0) throw new InputError('the file is empty', { file });
  const head = readBytes(file, 0, HEAD);
  if (!isGzip(head))
    return openPlain({ file, path: file, name: file, head, size, gzip: false }, mapping, scratch);
  const plain = await gunzipToTemp(file, scratch);
  try {
    const plainSize = statSync(plain).size;
    if (plainSize === 0) throw new InputError('the file is empty (once decompressed)', { file });
    const input = { file, path: plain, name: withoutGzipExtension(file), size: plainSize, gzip: true };
    const src = await openPlain({ ...input, head: readBytes(plain, 0, HEAD, file) }, mapping, scratch);
    if (!src.temp.includes(plain)) rmSync(plain, { force: true });
    return src;
  } catch (e) {
    rmSync(plain, { force: true });
    throw e;
  }
}

async function openPlain(input: TextInput, mapping: Mapping, scratch: string): Promise<Source> {
  const { file, path, head } = input;
  const format = declaredFormat(mapping.format, head, file) ?? detectFormat(input.name, head);
  const compression = input.gzip ? { compression: 'gzip' as const } : {};
  if (format === 'parquet') return { format, file, path, temp: input.gzip ? [path] : [], ...compression };
  if (format === 'xlsx') return readWorkbook(path, file, mapping.sheet);
  const choice = encodingOf(input, mapping);
  if (format === 'csv') return openDelimited(input, mapping, scratch, choice);
  // JSON Lines are read whole here; an encoding that is only provisionally UTF-8 is checked first.
  let { encoding } = choice;
  let guessed = !choice.declared && encoding !== 'utf-8';
  if (encoding === 'utf-8' && !choice.declared && !choice.bom) {
    const check = new Utf8Check();
    let at = 0;
    while (at < input.size && check.feed(readBytes(path, at, 1 << 20, file))) at += 1 << 20;
    if (!check.end()) {
      encoding = guessEncoding(guessSample(path, input.size, check.invalidAt)) ?? 'utf-8';
      guessed = true;
    }
  }
  const rows = await readJsonLines({ path, file, encoding }, guessed);
  return { ...rows, ...compression };
}

/**
 * The encoding to start from: declared in the mapping, else a byte order mark, else UTF-16
 * recognised by its zero bytes, else UTF-8 (checked over the whole file by the reader). Other
 * zero bytes mean binary data, refused.
 */
function encodingOf(input: TextInput, mapping: Mapping): EncodingChoice {
  if (mapping.encoding !== undefined) {
    const name = declaredEncoding(mapping.encoding, input.file);
    return { encoding: /^utf-?8$/.test(name) ? 'utf-8' : name, declared: true, bom: false };
  }
  const bom = bomEncoding(input.head);
  if (bom) return { encoding: bom, declared: false, bom: true };
  const utf16 = utf16WithoutBom(input.head, input.size);
  if (utf16) return { encoding: utf16, declared: false, bom: false };
  if (input.head.includes(0)) {
    throw new InputError(
      'this looks like a binary file (it contains NUL bytes), not CSV, JSON Lines or Excel',
      { file: input.file },
    );
  }
  return { encoding: 'utf-8', declared: false, bom: false };
}

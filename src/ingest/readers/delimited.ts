/**
 * Delimited text (CSV, TSV, blank-separated): the layout from the first lines, and the file the
 * engine reads. That is the original when it is valid UTF-8 with one kind of record end; otherwise
 * a UTF-8 copy made by streaming (re-encoded, CRLF made LF, blanks made tabs).
 */
import { createReadStream, rmSync } from 'node:fs';
import iconv from 'iconv-lite';
import { InputError } from '../../errors.js';
import type { Mapping } from '../../schema/mapping.js';
import type { CsvSource } from '../../schema/source.js';
import { firstLineIsHeader, sniffDelimiter, splitCsvLine, uniqueColumnNames } from './csv-layout.js';
import { guessEncoding, guessSample, Utf8Check } from './encoding.js';
import { fileError, tempName } from './file-access.js';
import { LineEnds } from './line-ends.js';
import { blanksToTabs, writeUtf8Copy } from './text-stream.js';

/** A text file to open: the user's name for it, where its (decompressed) bytes are, and its head. */
export interface TextInput {
  file: string;
  path: string;
  /** The name that tells the format (without `.gz`). */
  name: string;
  head: Buffer;
  size: number;
  gzip: boolean;
}

/** The encoding to read with; `declared` when the mapping names it, `bom` when a byte order mark does. */
export interface EncodingChoice {
  encoding: string;
  declared: boolean;
  bom: boolean;
}

/** The first lines of the head, decoded, without a line cut off by the sample's end, blank lines dropped. */
function headLines(input: TextInput, encoding: string): string[] {
  const lines = iconv
    .decode(input.head, encoding)
    .replace(/^\uFEFF/, '')
    .split('\n');
  if (input.head.length < input.size && lines.length > 1) lines.pop();
  return lines.map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
}

interface Layout {
  delimiter: string;
  header: boolean;
  columns: string[];
  /** Runs of blanks separate fields: the copy rewrites them as tabs. */
  blanks: boolean;
}

function layoutOf(input: TextInput, encoding: string, mapping: Mapping): Layout {
  let lines = headLines(input, encoding);
  if (lines.length === 0) throw new InputError('the file has no text lines', { file: input.file });
  let delimiter = mapping.delimiter === 'tab' ? '\t' : mapping.delimiter;
  const blanks = delimiter === 'whitespace';
  if (blanks) {
    lines = lines.map(blanksToTabs);
    delimiter = '\t';
  }
  if (delimiter !== undefined && delimiter.length !== 1) {
    throw new InputError(
      `the mapping key "delimiter" is ${JSON.stringify(delimiter)}; use one character, "tab" or "whitespace"`,
      { file: input.file },
    );
  }
  delimiter ??= input.name.toLowerCase().endsWith('.tsv') ? '\t' : sniffDelimiter(lines);
  const first = splitCsvLine(lines[0], delimiter).map((c) => c.trim());
  const header = firstLineIsHeader(first, mapping.header, mapping.sourceColumns);
  const columns = uniqueColumnNames(
    mapping.sourceColumns ?? (header ? first : first.map((_, i) => `column${i + 1}`)),
  );
  return { delimiter, header, columns, blanks };
}

/** One streaming pass over a file read as UTF-8: is every byte valid, and are record ends mixed? */
async function scanUtf8(input: TextInput, delimiter: string) {
  const check = new Utf8Check();
  const ends = new LineEnds(delimiter);
  try {
    for await (const chunk of createReadStream(input.path, { highWaterMark: 1 << 20 })) {
      if (!check.feed(chunk as Buffer)) break;
      ends.count(chunk as Buffer);
    }
  } catch (e) {
    throw fileError(e, input.file);
  }
  return { valid: check.end(), invalidAt: check.invalidAt, mixed: ends.mixed };
}

/** Opens delimited text for the engine's CSV reader. */
export async function openDelimited(
  input: TextInput,
  mapping: Mapping,
  scratch: string,
  choice: EncodingChoice,
): Promise<CsvSource> {
  let encoding = choice.encoding;
  let layout = layoutOf(input, encoding, mapping);
  let copy = layout.blanks || encoding !== 'utf-8';
  // Replacement characters are refused when the encoding was guessed.
  let refuseReplacement = !choice.declared;
  if (encoding === 'utf-8') {
    const scan = await scanUtf8(input, layout.delimiter);
    if (scan.valid) {
      refuseReplacement = false;
      copy ||= scan.mixed;
    } else {
      copy = true;
      if (!choice.declared && !choice.bom) {
        const guess = guessEncoding(guessSample(input.path, input.size, scan.invalidAt));
        if (!guess) {
          throw new InputError(
            'the text encoding cannot be recognised (the file is not UTF-8, and no other encoding reads it cleanly); ' +
              'declare it in the mapping, e.g. "encoding": "windows-1252", "gb18030" or "shift_jis"',
            { file: input.file },
          );
        }
        encoding = guess;
        layout = layoutOf(input, encoding, mapping);
      }
    }
  }
  const { delimiter, header, columns } = layout;
  const base = { format: 'csv' as const, file: input.file, delimiter, header, columns, encoding };
  const compression = input.gzip ? { compression: 'gzip' as const } : {};
  if (!copy) return { ...base, ...compression, path: input.path, temp: input.gzip ? [input.path] : [] };
  const out = tempName(scratch, input.name, '.utf8.csv');
  await writeUtf8Copy({ path: input.path, file: input.file, encoding }, out, {
    delimiter: layout.blanks ? 'whitespace' : delimiter,
    refuseReplacement,
  });
  if (input.gzip) rmSync(input.path, { force: true });
  return { ...base, ...compression, path: out, temp: [out] };
}

/**
 * Streaming a text file in any encoding: decoded chunks, numbered lines, and the UTF-8 copy the
 * engine reads when the original is in another encoding, mixes line ends or is separated by runs
 * of blanks. Memory stays bounded by the chunk size (and the longest line, for lines).
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import iconv from 'iconv-lite';
import { InputError } from '../../errors.js';
import { fileError } from './file-access.js';
import { LineEnds } from './line-ends.js';

const CHUNK = 1 << 20;

/** Where and how to read a text file. */
export interface TextFile {
  /** The bytes to read (the original file or a copy). */
  path: string;
  /** The file as the user named it, for messages. */
  file: string;
  /** An iconv-lite encoding name; a byte order mark is dropped. */
  encoding: string;
  /** Decompress gzip on the way. */
  gzip?: boolean;
}

/** The file's text, decoded chunk by chunk. A surrogate pair is never split between chunks. */
export async function* decodedChunks(t: TextFile): AsyncGenerator<string> {
  const source = createReadStream(t.path, { highWaterMark: CHUNK });
  const decoder = iconv.decodeStream(t.encoding);
  const done = t.gzip ? pipeline(source, createGunzip(), decoder) : pipeline(source, decoder);
  done.catch(() => {}); // observed below; an early stop by the caller is not an error
  let high = '';
  try {
    for await (const chunk of decoder) {
      let text = high + (chunk as string);
      high = '';
      const last = text.charCodeAt(text.length - 1);
      if (last >= 0xd800 && last <= 0xdbff) {
        high = text.slice(-1);
        text = text.slice(0, -1);
      }
      if (text) yield text;
    }
    await done;
    if (high) yield high;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code?.startsWith('Z_')) {
      throw new InputError(`the gzip data is damaged or truncated (${(e as Error).message})`, {
        file: t.file,
      });
    }
    throw fileError(e, t.file);
  } finally {
    source.destroy();
  }
}

/** The file's lines, numbered from 1, without their line terminator (LF or CRLF). */
export async function* textLines(t: TextFile): AsyncGenerator<{ line: number; text: string }> {
  let line = 1;
  let rest = '';
  for await (const chunk of decodedChunks(t)) {
    let from = 0;
    for (let at = chunk.indexOf('\n'); at !== -1; at = chunk.indexOf('\n', from)) {
      let text = rest + chunk.slice(from, at);
      rest = '';
      if (text.endsWith('\r')) text = text.slice(0, -1);
      yield { line: line++, text };
      from = at + 1;
    }
    rest += chunk.slice(from);
  }
  if (rest !== '') yield { line, text: rest.endsWith('\r') ? rest.slice(0, -1) : rest };
}

const countLf = (s: string, end = s.length): number => {
  let n = 0;
  for (let at = s.indexOf('\n'); at !== -1 && at < end; at = s.indexOf('\n', at + 1)) n++;
  return n;
};

/** How the UTF-8 copy is made. */
export interface CopyOptions {
  /** The field delimiter, or `whitespace` to rewrite runs of blanks as tabs. */
  delimiter: string;
  /**
   * Refuse the file when the decoded text has U+FFFD replacement characters (bytes that are not
   * text in the encoding): set when the encoding was guessed, not declared.
   */
  refuseReplacement: boolean;
}

/**
 * Writes `out`: the text as UTF-8 without byte order mark, every CRLF record end outside quoted
 * values made LF (or, for `whitespace`, each line's blank runs made tabs). Streams; removes
 * `out` again when it fails.
 */
export async function writeUtf8Copy(t: TextFile, out: string, opts: CopyOptions): Promise<void> {
  const whitespace = opts.delimiter === 'whitespace';
  const ends = new LineEnds(whitespace ? '\t' : opts.delimiter);
  async function* utf8() {
    let line = 1;
    let partial = '';
    for await (const text of decodedChunks(t)) {
      if (opts.refuseReplacement) {
        const bad = text.indexOf('\ufffd');
        if (bad !== -1) throw notText(t, line + countLf(text, bad));
        line += countLf(text);
      }
      if (!whitespace) {
        yield ends.normalise(Buffer.from(text, 'utf8'));
        continue;
      }
      const lines = (partial + text).split('\n');
      partial = lines.pop()!;
      if (lines.length) yield Buffer.from(`${lines.map(blanksToTabs).join('\n')}\n`, 'utf8');
    }
    yield whitespace ? Buffer.from(partial === '' ? '' : blanksToTabs(partial), 'utf8') : ends.end();
  }
  try {
    await pipeline(utf8, createWriteStream(out));
  } catch (e) {
    rmSync(out, { force: true });
    throw fileError(e, t.file);
  }
}

/** One line of a blank-separated file as tab-separated fields (leading and trailing blanks dropped). */
export const blanksToTabs = (line: string): string =>
  line
    .replace(/\r$/, '')
    .trim()
    .split(/[ \t]+/)
    .join('\t');

/** The refusal of a file whose guessed encoding does not decode `line`. */
export function notText(t: TextFile, line: number): InputError {
  return new InputError(
    `the text encoding was recognised as ${t.encoding}, but this line has bytes that are not ${t.encoding} text; ` +
      `declare the file's encoding in the mapping, e.g. "encoding": "windows-1252", "gb18030", "shift_jis" or "utf-16le"`,
    { file: t.file, line },
  );
}

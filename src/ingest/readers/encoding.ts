/**
 * Which text encoding a file is in: the one declared in the mapping, else a byte order mark,
 * else UTF-16 recognised by its zero bytes, else UTF-8 when every byte of the file is valid
 * UTF-8, else a guess by `chardet` over samples from the start, middle and end of the file (and
 * around the first byte that is not UTF-8), checked by decoding those samples.
 */
import { isUtf8 } from 'node:buffer';
import { analyse } from 'chardet';
import iconv from 'iconv-lite';
import { InputError } from '../../errors.js';
import { readBytes } from './file-access.js';

/** The mapping's `encoding`, checked against the encodings iconv-lite knows. */
export function declaredEncoding(value: unknown, file: string): string {
  if (typeof value !== 'string' || !iconv.encodingExists(value)) {
    throw new InputError(
      `the mapping key "encoding" has the value ${JSON.stringify(value)}, which is not a known text encoding; ` +
        'use a name such as "utf-8", "gb18030", "windows-1252", "iso-8859-1", "shift_jis", "big5", "utf-16le" or "utf-16be"',
      { file },
    );
  }
  return value.toLowerCase();
}

/** The encoding a byte order mark announces, or null. */
export function bomEncoding(head: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' | null {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return null;
}

/**
 * UTF-16 without a byte order mark: ASCII characters (digits, delimiters, line ends) have a zero
 * high byte, so zeros fill one byte position of most pairs and almost never the other; and the
 * text decodes without control characters. `size` is the whole file's size (UTF-16 is even).
 */
export function utf16WithoutBom(
  head: Buffer,
  size = Number.POSITIVE_INFINITY,
): 'utf-16le' | 'utf-16be' | null {
  const pairs = head.length >> 1;
  if (pairs < 2 || (head.length >= size && size % 2 === 1)) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  const guess =
    oddZeros >= pairs * 0.3 && evenZeros <= pairs * 0.02
      ? 'utf-16le'
      : evenZeros >= pairs * 0.3 && oddZeros <= pairs * 0.02
        ? 'utf-16be'
        : null;
  return guess && decodesCleanly(head.subarray(0, pairs * 2 - (pairs > 2 ? 2 : 0)), guess) ? guess : null;
}

/** Length of the prefix of `buf` that ends on a UTF-8 character boundary. */
function wholeCharacters(buf: Buffer): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(3, n); back++) {
    const b = buf[n - back];
    if ((b & 0xc0) === 0x80) continue;
    const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

/** About where the first invalid byte of `buf` is (within 3 bytes), by bisecting valid prefixes. */
function firstInvalid(buf: Buffer): number {
  let lo = 0;
  let hi = buf.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (isUtf8(buf.subarray(0, wholeCharacters(buf.subarray(0, mid))))) lo = mid;
    else hi = mid;
  }
  return Math.max(0, wholeCharacters(buf.subarray(0, lo)));
}

/** Checks UTF-8 validity chunk by chunk, characters cut between chunks included. */
export class Utf8Check {
  valid = true;
  /** Offset of (about, within 3 bytes) the first invalid byte; -1 while all is valid. */
  invalidAt = -1;
  private carry: Buffer = Buffer.alloc(0);
  private offset = 0;

  /** Checks the next chunk; false once anything so far was invalid. */
  feed(chunk: Buffer): boolean {
    if (!this.valid) return false;
    const buf = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const cut = wholeCharacters(buf);
    if (!isUtf8(buf.subarray(0, cut))) {
      this.valid = false;
      this.invalidAt = this.offset + firstInvalid(buf.subarray(0, cut));
    }
    this.offset += cut;
    this.carry = Buffer.from(buf.subarray(cut));
    return this.valid;
  }

  /** Final verdict: a character cut off by the end of the file is invalid. */
  end(): boolean {
    if (this.valid && this.carry.length > 0) {
      this.valid = false;
      this.invalidAt = this.offset;
    }
    return this.valid;
  }
}

const SAMPLE = 1 << 16;

/** Whole lines from `size` bytes at `offset` (cut after the first and last line feed). */
function linesAt(path: string, offset: number, size: number, total: number): Buffer {
  const buf = readBytes(path, offset, size);
  const start = offset === 0 ? 0 : buf.indexOf(0x0a) + 1;
  const last = buf.lastIndexOf(0x0a);
  const end = offset + buf.length >= total || last < start ? buf.length : last + 1;
  return buf.subarray(start, end);
}

/** Samples for guessing: start, middle, end, and around the first byte that is not UTF-8. */
export function guessSample(path: string, total: number, invalidAt: number): Buffer {
  if (total <= 4 * SAMPLE) return readBytes(path, 0, total);
  const at = [0, Math.floor(total / 2) - SAMPLE / 2, total - SAMPLE];
  if (invalidAt > 0) at.push(Math.max(0, invalidAt - 1024));
  return Buffer.concat(at.map((o) => linesAt(path, o, SAMPLE, total)));
}

/** Multi-byte East Asian encodings (chardet's names, lower-cased). */
const EAST_ASIAN = new Set(['gb18030', 'big5', 'shift_jis', 'euc-jp', 'euc-kr']);
/** Single-byte encodings of Latin-script languages, where non-ASCII letters stand alone. */
const LATIN = new Set([
  'iso-8859-1',
  'iso-8859-2',
  'iso-8859-9',
  'windows-1250',
  'windows-1252',
  'windows-1254',
  'windows-1257',
  'windows-1258',
]);

/** Share of the non-ASCII bytes that have a non-ASCII neighbour (East Asian characters come in pairs). */
function pairedShare(sample: Buffer): number {
  let high = 0;
  let paired = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] < 0x80) continue;
    high++;
    if ((i > 0 && sample[i - 1] >= 0x80) || (i + 1 < sample.length && sample[i + 1] >= 0x80)) paired++;
  }
  return high === 0 ? 0 : paired / high;
}

/** Decodes to text without replacement characters or control characters other than tab and line ends. */
function decodesCleanly(sample: Buffer, encoding: string): boolean {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: looking for control characters is the point
  return !/[\ufffd\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(iconv.decode(sample, encoding));
}

/**
 * Guesses the encoding of text that is not UTF-8 (nor UTF-16) from a sample; null when no
 * candidate decodes it cleanly. ISO-8859-1 is read as windows-1252, its superset on Windows.
 */
export function guessEncoding(sample: Buffer): string | null {
  const candidates = analyse(sample)
    .map((m) => ({ name: m.name.toLowerCase(), confidence: m.confidence }))
    .map((m) => (m.name === 'iso-8859-1' ? { ...m, name: 'windows-1252' } : m))
    .filter((m) => !/^(utf-|ascii|iso-2022)/.test(m.name) && iconv.encodingExists(m.name));
  const clean = (name: string) => decodesCleanly(sample, name);
  if (pairedShare(sample) >= 0.6) {
    // Characters of two or more bytes: East Asian, or a non-Latin alphabet (Cyrillic, Greek…).
    const best = candidates.find((m) => !LATIN.has(m.name));
    if (best && best.confidence >= 25 && clean(best.name)) return best.name;
    // Too little text for chardet's statistics: GB18030 (GBK) is what such exports mostly are.
    if (clean('gb18030')) return 'gb18030';
    return candidates.find((m) => clean(m.name))?.name ?? null;
  }
  const single = candidates.find((m) => !EAST_ASIAN.has(m.name) && clean(m.name));
  if (single) return single.name;
  return clean('windows-1252') ? 'windows-1252' : null;
}

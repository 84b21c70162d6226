/**
 * Record ends of CSV text, found by streaming: how many records end in CRLF and how many in a bare
 * LF (the engine's reader fails on a file that mixes them), and a copy with every CRLF made LF.
 * Newlines inside quoted values are part of the value, so they are neither counted nor changed.
 */

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/** Follows CSV quoting over UTF-8 bytes (ASCII-compatible text) fed chunk by chunk. */
export class LineEnds {
  /** Records ended by CRLF, outside quoted values. */
  crlf = 0;
  /** Records ended by a bare LF, outside quoted values. */
  lf = 0;
  private inQuotes = false;
  /** A quote inside a quoted value was just seen: the value's end, or the first of `""`. */
  private closing = false;
  private fieldStart = true;
  private prev = LF;
  /** Normalising: a CR outside quotes ended the last chunk; the next byte decides whether it stays. */
  private heldCr = false;
  private readonly delimiter: number;

  /** `delimiter` is the field separator (one ASCII character). */
  constructor(delimiter: string) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** True when some records end in CRLF and others in LF. */
  get mixed(): boolean {
    return this.crlf > 0 && this.lf > 0;
  }

  /** Counts the record ends of the next chunk. */
  count(buf: Buffer): void {
    if (!this.inQuotes && !this.closing && buf.indexOf(QUOTE) === -1) {
      // Fast path for chunks without quotes: only line feeds matter.
      for (let at = buf.indexOf(LF); at !== -1; at = buf.indexOf(LF, at + 1)) {
        if ((at === 0 ? this.prev : buf[at - 1]) === CR) this.crlf++;
        else this.lf++;
      }
      if (buf.length > 0) {
        const last = buf[buf.length - 1];
        this.prev = last;
        if (last === LF || last === this.delimiter) this.fieldStart = true;
        else if (last !== CR) this.fieldStart = false;
      }
      return;
    }
    this.walk(buf, null);
  }

  /** Counts the record ends of the next chunk and returns it with the CR of each CRLF removed. */
  normalise(buf: Buffer): Buffer {
    if (!this.heldCr && buf.indexOf(CR) === -1) {
      // Nothing to remove: only the quoting state needs following.
      this.count(buf);
      return buf;
    }
    const keep: Buffer[] = [];
    if (this.heldCr && buf.length > 0 && buf[0] !== LF) keep.push(Buffer.from([CR]));
    if (buf.length > 0) this.heldCr = false;
    this.walk(buf, keep);
    return keep.length === 1 ? keep[0] : Buffer.concat(keep);
  }

  /** What normalising still holds back at the end of the text. */
  end(): Buffer {
    const rest = this.heldCr ? Buffer.from([CR]) : Buffer.alloc(0);
    this.heldCr = false;
    return rest;
  }

  private walk(buf: Buffer, keep: Buffer[] | null): void {
    let from = 0;
    const n = buf.length;
    for (let i = 0; i < n; i++) {
      const b = buf[i];
      if (this.inQuotes) {
        if (b === QUOTE) {
          this.inQuotes = false;
          this.closing = true;
        }
        this.prev = b;
        continue;
      }
      if (this.closing) {
        this.closing = false;
        if (b === QUOTE) {
          this.inQuotes = true;
          this.prev = b;
          continue;
        }
      }
      if (b === LF) {
        if (this.prev === CR) {
          this.crlf++;
          if (keep && i > 0) {
            keep.push(buf.subarray(from, i - 1));
            from = i;
          }
        } else this.lf++;
        this.fieldStart = true;
      } else if (b === this.delimiter) this.fieldStart = true;
      else if (b === QUOTE && this.fieldStart) {
        this.inQuotes = true;
        this.fieldStart = false;
      } else if (b !== CR) this.fieldStart = false;
      this.prev = b;
    }
    if (!keep) return;
    // A CR that ends the chunk outside quotes waits for the next chunk's first byte.
    if (n > 0 && buf[n - 1] === CR && !this.inQuotes && !this.closing) {
      keep.push(buf.subarray(from, n - 1));
      this.heldCr = true;
    } else keep.push(buf.subarray(from, n));
  }
}

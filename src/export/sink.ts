/**
 * Where an export goes: a file (written under a temporary name and renamed when complete, so a
 * failed export never leaves a half-written file behind) or standard output. Writes wait for the
 * destination to drain, so memory stays flat however fast rows arrive.
 */
import { createWriteStream, renameSync, rmSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';

export interface Sink {
  /** The stream to write to (for libraries that write themselves, e.g. exceljs). */
  readonly stream: Writable;
  /** True when writing to standard output. */
  readonly toStdout: boolean;
  /** Writes a chunk, waiting while the destination is full. */
  write(chunk: string | Uint8Array): Promise<void>;
  /** Finishes the output (renames the file into place). */
  done(): Promise<void>;
  /** Abandons the output (removes the partial file). */
  abandon(): void;
}

/**
 * Removes `path` if the process exits before the returned function is called (e.g. on Ctrl-C,
 * which ends the CLI with `process.exit`), so that no partial file is left behind.
 */
export function removeOnExit(path: string): () => void {
  const remove = () => rmSync(path, { recursive: true, force: true });
  process.once('exit', remove);
  return () => process.removeListener('exit', remove);
}

/** The temporary name a file is written under until it is complete. */
export function partialPath(path: string): string {
  return `${path}.partial-${process.pid}`;
}

/**
 * A sink writing to `path`, or to `stdout` when `path` is undefined.
 *
 * @example const sink = openSink('rfm.csv'); await sink.write('a,b\r\n'); await sink.done();
 */
export function openSink(path: string | undefined, stdout: Writable = process.stdout): Sink {
  if (path === undefined) {
    return {
      stream: stdout,
      toStdout: true,
      write: (chunk) => writeChunk(stdout, chunk),
      done: async () => {},
      abandon: () => {},
    };
  }
  const partial = partialPath(path);
  const keep = removeOnExit(partial);
  const stream = createWriteStream(partial);
  // Errors surface in `write` and `done`; this keeps an early one (e.g. no such folder) from being unhandled.
  stream.on('error', () => {});
  return {
    stream,
    toStdout: false,
    write: (chunk) => writeChunk(stream, chunk),
    done: async () => {
      if (!stream.writableEnded) stream.end();
      await finished(stream); // rejects with the stream's error, even one that came earlier
      renameSync(partial, path);
      keep();
    },
    abandon: () => {
      stream.destroy();
      rmSync(partial, { force: true });
      keep();
    },
  };
}

/** Writes a chunk; when the stream is full, waits for it to drain (or fails with its error). */
async function writeChunk(stream: Writable, chunk: string | Uint8Array): Promise<void> {
  if (stream.errored) throw stream.errored;
  if (stream.write(chunk)) return;
  await new Promise<void>((resolve, reject) => {
    const settle = (e?: Error | null) => {
      stream.off('drain', onDrain);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (e) reject(e);
      else resolve();
    };
    const onDrain = () => settle();
    const onError = (e: Error) => settle(e);
    const onClose = () =>
      settle(stream.errored ?? new Error('the output was closed before the export finished'));
    stream.on('drain', onDrain);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}

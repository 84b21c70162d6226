/**
 * Getting at a source file's bytes: plain explanations for paths that are missing, folders,
 * unreadable or not regular files; samples of the head, middle and end; gzip decompression to a
 * temporary copy; and unique temporary file names under the scratch folder.
 */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  createReadStream,
  createWriteStream,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { InputError } from '../../errors.js';

/**
 * Turns an error of the file system into an InputError naming the file and what to do; anything
 * that is not a file-system error is returned unchanged.
 */
export function fileError(e: unknown, file: string): unknown {
  if (e instanceof InputError) return e;
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT': {
      const link = danglingLink(file);
      return new InputError(
        link !== null
          ? `the file is a symbolic link to "${link}", which does not exist; fix the link or give the file itself`
          : `no such file; check the path (relative paths start from ${process.cwd()})`,
        { file },
      );
    }
    case 'ENOTDIR':
      return new InputError('no such file (a part of the path is not a folder); check the path', { file });
    case 'EISDIR':
      return new InputError('this is a folder, not a file; give the files inside it instead', { file });
    case 'EACCES':
    case 'EPERM':
      return new InputError(
        'permission denied: this user may not read the file; change its permissions (chmod +r) or copy it somewhere readable',
        { file },
      );
    case 'ELOOP':
      return new InputError('the path is a loop of symbolic links; give the file itself', { file });
    case 'ENAMETOOLONG':
      return new InputError('the path is too long for the file system', { file });
    case undefined:
      return e;
    default:
      return new InputError(`the file cannot be read (${code}: ${(e as Error).message})`, { file });
  }
}

function danglingLink(file: string): string | null {
  try {
    return lstatSync(file).isSymbolicLink() ? readlinkSync(file) : null;
  } catch {
    return null;
  }
}

/** Checks that `file` is an existing, readable regular file and returns its size in bytes. */
export function regularFileSize(file: string): number {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch (e) {
    throw fileError(e, file);
  }
  if (st.isDirectory()) {
    throw new InputError('this is a folder, not a file; give the files inside it instead', { file });
  }
  if (!st.isFile()) {
    throw new InputError(
      'this is not a regular file (a pipe, socket or device); save the data to a file and import that',
      { file },
    );
  }
  // Opening now surfaces a missing read permission before any work is done.
  try {
    closeSync(openSync(file, 'r'));
  } catch (e) {
    throw fileError(e, file);
  }
  return st.size;
}

/** Up to `bytes` bytes of `path` from `offset`. `file` names the source in errors. */
export function readBytes(path: string, offset: number, bytes: number, file = path): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw fileError(e, file);
  }
  try {
    const buf = Buffer.alloc(bytes);
    let n = 0;
    while (n < bytes) {
      const got = readSync(fd, buf, n, bytes - n, offset + n);
      if (got === 0) break;
      n += got;
    }
    return buf.subarray(0, n);
  } catch (e) {
    throw fileError(e, file);
  } finally {
    closeSync(fd);
  }
}

/** True when the bytes start with the gzip magic number 1f 8b. */
export const isGzip = (head: Buffer): boolean => head[0] === 0x1f && head[1] === 0x8b;

/** The file name a compressed file stands for: `orders.csv.gz` → `orders.csv`. */
export const withoutGzipExtension = (name: string): string => name.replace(/\.gz$/i, '');

/** A fresh temporary file name under `scratch` that ends like `file`. */
export function tempName(scratch: string, file: string, suffix = ''): string {
  return join(scratch, `clientele-${process.pid}-${randomUUID().slice(0, 8)}-${basename(file)}${suffix}`);
}

/**
 * Decompresses a gzip file by streaming to a temporary copy under `scratch`; returns the copy's
 * path. A damaged or truncated file is an InputError naming it.
 */
export async function gunzipToTemp(file: string, scratch: string): Promise<string> {
  const out = tempName(scratch, withoutGzipExtension(file));
  try {
    await pipeline(createReadStream(file), createGunzip(), createWriteStream(out));
  } catch (e) {
    rmSync(out, { force: true });
    if ((e as NodeJS.ErrnoException).code?.startsWith('Z_')) {
      throw new InputError(
        `the gzip data is damaged or truncated (${(e as Error).message}); compress the file again or import it uncompressed`,
        { file },
      );
    }
    throw fileError(e, file);
  }
  return out;
}

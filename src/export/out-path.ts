/**
 * Checks where output is to go before anything is written, so that a path that cannot be written
 * is a clear usage error (exit 2) naming it, not a file-system error deep in a writer.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.js';

/** Pseudo file systems where nothing is written (Node's recursive mkdir spins under /proc). */
const PSEUDO = ['/proc', '/sys', '/dev'];

function kind(path: string): 'file' | 'dir' | 'other' | null {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : 'other';
  } catch {
    return null;
  }
}

function problem(option: string, path: string, why: string): InputError {
  return new InputError(`${option} ${path}: ${why}`);
}

/** The nearest existing folder at or above `dir`, checked to be a writable folder. */
function writableAncestor(option: string, path: string, dir: string): void {
  let at = dir;
  while (kind(at) === null && dirname(at) !== at) at = dirname(at);
  if (PSEUDO.some((p) => at === p || at.startsWith(`${p}/`))) {
    throw problem(option, path, `${at} is a system folder: choose a folder of your own`);
  }
  if (kind(at) !== 'dir') throw problem(option, path, `${at} is not a folder`);
  try {
    accessSync(at, constants.W_OK);
  } catch {
    throw problem(option, path, `the folder ${at} is not writable`);
  }
}

/**
 * Throws unless a file can be written at `path` (its folder exists and is writable; the path is
 * not a folder).
 *
 * @example checkOutFile('rfm.csv'); // fine in a writable working folder
 */
export function checkOutFile(path: string, option = '--out'): void {
  const full = resolve(path);
  if (kind(full) === 'dir') throw problem(option, path, 'is a folder: give a file name');
  const parent = dirname(full);
  const k = kind(parent);
  if (k === null) {
    throw problem(option, path, `the folder ${parent} does not exist: create it first or choose another`);
  }
  if (k !== 'dir') throw problem(option, path, `${parent} is not a folder`);
  writableAncestor(option, path, parent);
}

/**
 * Throws unless `path` is a folder or can be created as one.
 *
 * @example checkOutDir('reports'); // created by the caller when missing
 */
export function checkOutDir(path: string, option = '--out'): void {
  const full = resolve(path);
  const k = kind(full);
  if (k !== null && k !== 'dir') throw problem(option, path, 'exists and is not a folder');
  writableAncestor(option, path, full);
}

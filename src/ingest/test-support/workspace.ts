/**
 * Temporary workspaces and files for tests, and a runner for the real CLI binary. Every folder
 * made by `tempDir()` is removed after the test file that made it (nothing is left in /tmp).
 */
import { type SpawnSyncOptions, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import { initWorkspace, type Workspace } from '../../workspace/index.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export { SHARED_DATA } from '../../models/test-support/data.js';

const made: string[] = [];

/** Removes every folder made by `tempDir()` so far. */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// Registered when a test file first imports this module: runs after all of that file's tests and
// after its own afterAll hooks (which close the workspaces), since vitest runs them in reverse.
afterAll(removeTempDirs);

/** A fresh folder under the system temp folder, removed after the current test file. */
export function tempDir(prefix = 'clientele-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export async function tempWorkspace(): Promise<Workspace> {
  return initWorkspace(join(tempDir(), 'ws'));
}

/** Writes a file in a fresh temp folder and returns its path. */
export function fileWith(name: string, content: string | Buffer): string {
  const path = join(tempDir(), name);
  writeFileSync(path, content);
  return path;
}

/**
 * Runs `clientele ARGS` (the built binary) and returns its exit code and output. `options` can
 * run it as another user (`uid`, `gid`), e.g. to meet file permissions as root does not.
 */
export function cli(
  args: string[],
  env: Record<string, string> = {},
  options: Pick<SpawnSyncOptions, 'uid' | 'gid' | 'cwd'> = {},
) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'clientele.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    cwd: REPO,
    ...options,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

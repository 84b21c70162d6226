/** Temporary workspaces and files for import tests, and a runner for the real CLI binary. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initWorkspace, type Workspace } from '../../workspace/index.js';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const SHARED_DATA = join(REPO, '..', 'shared', 'data');

export function tempDir(prefix = 'clientele-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
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

/** Runs `clientele ARGS` (the built binary) and returns its exit code and output. */
export function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(REPO, 'bin', 'clientele.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    cwd: REPO,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

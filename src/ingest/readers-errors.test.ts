/** Paths and declarations that cannot be read become clear InputErrors naming the file, never crashes. */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import type { Workspace } from '../workspace/index.js';
import { importFiles } from './import.js';
import { cli, fileWith, tempDir, tempWorkspace } from './test-support/workspace.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace();
});
afterEach(async () => {
  await ws.close();
});

const CSV = 'txn_id,customer_id,occurred_at,amount\nt1,c1,2024-01-01,10\n';

/** The InputError an import of `file` fails with. */
async function refusal(file: string, mapping?: Record<string, unknown>): Promise<InputError> {
  let path: string | undefined;
  if (mapping) {
    path = join(tempDir(), 'mapping.json');
    writeFileSync(path, JSON.stringify({ columns: {}, ...mapping }));
  }
  const e = await importFiles(ws, 'transactions', [file], { mapping: path }).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(InputError);
  return e as InputError;
}

describe('paths that are not readable files', () => {
  it('a folder', async () => {
    const dir = tempDir();
    expect((await refusal(dir)).message).toBe(
      `${dir}: this is a folder, not a file; give the files inside it instead`,
    );
  });

  it('a path that does not exist', async () => {
    const f = join(tempDir(), 'nope.csv');
    expect((await refusal(f)).message).toMatch(new RegExp(`^${f}: no such file; check the path`));
  });

  it('a symbolic link to a file that is gone', async () => {
    const dir = tempDir();
    symlinkSync(join(dir, 'gone.csv'), join(dir, 'link.csv'));
    expect((await refusal(join(dir, 'link.csv'))).message).toBe(
      `${join(dir, 'link.csv')}: the file is a symbolic link to "${join(dir, 'gone.csv')}", which does not exist; fix the link or give the file itself`,
    );
  });

  it('a named pipe is refused at once, without waiting for a writer', async () => {
    const fifo = join(tempDir(), 'pipe.csv');
    execFileSync('mkfifo', [fifo]);
    expect((await refusal(fifo)).message).toBe(
      `${fifo}: this is not a regular file (a pipe, socket or device); save the data to a file and import that`,
    );
  });

  it('a file this user may not read: exit 2 with the reason (run as an unprivileged user when root)', () => {
    // Root reads any file, so as root the CLI runs as "nobody" (uid 65534) against a file of mode 000.
    const asRoot = process.getuid?.() === 0;
    const as = asRoot ? { uid: 65534, gid: 65534 } : {};
    const dir = tempDir();
    chmodSync(dir, 0o777);
    const w = join(dir, 'ws');
    mkdirSync(w, { mode: 0o777 });
    chmodSync(w, 0o777);
    expect(cli(['init', '--workspace', w], { HOME: dir }, as).code).toBe(0);
    const secret = join(dir, 'secret.csv');
    writeFileSync(secret, CSV);
    chmodSync(secret, 0o000);
    const run = cli(['import', 'transactions', secret, '-w', w], { HOME: dir }, as);
    expect(run.stderr).toBe(
      `clientele import: ${secret}: permission denied: this user may not read the file; change its permissions (chmod +r) or copy it somewhere readable\n`,
    );
    expect(run.code).toBe(2);
  });
});

describe('a format declared in the mapping that the file does not have', () => {
  const csv = () => fileWith('orders.csv', CSV);
  const advice = 'remove "format" or fix it';

  it('"parquet" for CSV text', async () => {
    const f = csv();
    expect((await refusal(f, { format: 'parquet' })).message).toBe(
      `${f}: declared "format": "parquet" in the mapping, but the file is not Parquet (it looks like CSV text); ${advice}`,
    );
  });

  it('"xlsx" and "jsonl" for CSV text', async () => {
    const f = csv();
    expect((await refusal(f, { format: 'xlsx' })).message).toBe(
      `${f}: declared "format": "xlsx" in the mapping, but the file is not an Excel workbook (it looks like CSV text); ${advice}`,
    );
    expect((await refusal(f, { format: 'jsonl' })).message).toBe(
      `${f}: declared "format": "jsonl" in the mapping, but the file is not JSON Lines (it looks like CSV text); ${advice}`,
    );
  });

  it('"csv" for a Parquet file', async () => {
    const path = join(tempDir(), 't.parquet');
    await ws.db.run(`COPY (SELECT 't1' AS txn_id) TO '${path}' (FORMAT parquet)`);
    expect((await refusal(path, { format: 'csv' })).message).toBe(
      `${path}: declared "format": "csv" in the mapping, but the file is not CSV text (it looks like Parquet); ${advice}`,
    );
  });

  it('nothing was imported by any refusal', async () => {
    await refusal(csv(), { format: 'parquet' });
    expect((await ws.db.query<{ n: number }>('SELECT count(*)::INT AS n FROM _imports'))[0].n).toBe(0);
  });
});

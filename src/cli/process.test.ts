/** The binary as a process: a closed stdout, Ctrl-C, and a fast --help that does not load DuckDB. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fileWith, REPO, tempDir } from '../ingest/test-support/workspace.js';
import { openWorkspace } from '../workspace/index.js';

const BIN = join(REPO, 'bin', 'clientele.js');

/** Runs the binary with its stdout closed before it writes anything; resolves with how it ended. */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy(); // the reader is gone, as after `| head -1` has its line
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

describe('a closed standard output', () => {
  it('ends the command quietly with 0 (no EPIPE stack)', async () => {
    const dir = join(tempDir(), 'ws');
    expect(cli(['init', '-w', dir]).code).toBe(0);
    for (const args of [['schema'], ['status', '-w', dir], ['status', '-w', dir, '--json']]) {
      const r = await withClosedStdout(args);
      expect(r, args.join(' ')).toEqual({ code: 0, stderr: '' });
    }
    // The same through a shell pipeline, as a user types it.
    const sh = spawnSync(
      'bash',
      ['-c', `node "${BIN}" status -w "${dir}" | head -1; exit "\${PIPESTATUS[0]}"`],
      { encoding: 'utf8' },
    );
    expect(sh.stdout).toBe(`workspace ${dir} (CNY, Asia/Shanghai)\n`);
    expect(sh.stderr).toBe('');
    expect(sh.status).toBe(0);
  });
});

describe('Ctrl-C', () => {
  it('exits 130 with one line; what was imported before is intact and nothing is half-imported', async () => {
    const dir = join(tempDir(), 'ws');
    const child = spawn(process.execPath, [BIN, 'demo', '--customers', '20000', '-w', dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const ended = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // Interrupt once the demo is importing (its first CSV is written just before the first import).
    const first = join(dir, 'demo-data', 'customers.csv');
    const deadline = Date.now() + 60_000;
    while (!existsSync(first) && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setImmediate(r));
    }
    expect(existsSync(first)).toBe(true);
    child.kill('SIGINT');
    expect(await ended).toBe(130);
    expect(stderr.trim()).toBe('clientele demo: interrupted');
    const ws = await openWorkspace(dir);
    try {
      // Every table holds exactly what its finished imports accepted.
      const rows = await ws.db.query<{ kind: string; accepted: number; actual: number }>(
        `SELECT kind, sum(accepted)::BIGINT AS accepted, 0 AS actual FROM _imports WHERE finished_at IS NOT NULL GROUP BY kind`,
      );
      const imported = new Map(rows.map((r) => [r.kind, Number(r.accepted)]));
      for (const table of ['customers', 'transactions', 'events', 'feedback']) {
        const [{ n }] = await ws.db.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM ${table}`);
        expect(Number(n), table).toBe(imported.get(table) ?? 0);
      }
      expect(imported.size).toBeLessThan(12); // it was interrupted before the last table
    } finally {
      await ws.close();
    }
  });
});

describe('clientele --help', () => {
  // A preload that reports every native addon the process loads (DuckDB is one).
  const tracer = fileWith(
    'trace-addons.cjs',
    `const dlopen = process.dlopen;
process.dlopen = function (module, file, ...rest) {
  process.stderr.write('addon: ' + file + '\\n');
  return dlopen.call(this, module, file, ...rest);
};\n`,
  );
  const traced = (args: string[]) => cli(args, { NODE_OPTIONS: `--require=${tracer}` });

  it('and schema do not load DuckDB; status does', () => {
    const help = traced(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^clientele — customer value analytics/);
    expect(help.stderr).toBe('');
    const schema = traced(['schema', 'transactions']);
    expect(schema.code).toBe(0);
    expect(schema.stderr).toBe('');
    const status = traced(['status', '-w', join(tempDir(), 'none')]);
    expect(status.stderr).toMatch(/addon: .*duckdb.*\.node/);
  });

  it('lists every exit code, and so does each command help', () => {
    const codes = [
      '0    done',
      '1    done with problems',
      '2    bad usage',
      '3    database error',
      '70   internal error',
      '130  interrupted',
    ];
    for (const args of [
      ['--help'],
      ['help', 'import'],
      ['import', '--help'],
      ['init', '--help'],
      ['status', '--help'],
      ['schema', '--help'],
      ['demo', '--help'],
      ['fit', '--help'],
      ['predict', '--help'],
    ]) {
      const r = cli(args);
      expect(r.code, args.join(' ')).toBe(0);
      for (const c of codes) expect(r.stdout, `${args.join(' ')}: ${c}`).toContain(c);
    }
  });
});

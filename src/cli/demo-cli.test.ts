/** `clientele demo` through the real binary: it never mixes with other data. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fileWith, tempDir } from '../ingest/test-support/workspace.js';

const status = (dir: string) => JSON.parse(cli(['status', '-w', dir, '--json']).stdout);
const rows = (dir: string) =>
  Object.fromEntries(Object.entries(status(dir).tables).map(([t, s]) => [t, (s as { rows: number }).rows]));

describe('clientele demo', () => {
  it('fills a new workspace; the same demo again imports nothing new; another demo is refused', () => {
    const dir = join(tempDir(), 'ws');
    const first = cli(['demo', '--customers', '200', '--seed', '3', '-w', dir, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const tables = JSON.parse(first.stdout).tables as Record<string, { read: number; accepted: number }>;
    expect(tables.customers.accepted).toBe(200);
    // The generated CSVs are in the workspace: their line counts are what was imported.
    for (const [t, r] of Object.entries(tables)) {
      const lines =
        readFileSync(join(dir, 'demo-data', `${t}.csv`), 'utf8')
          .trim()
          .split('\n').length - 1;
      expect(r.accepted, t).toBeGreaterThan(0);
      expect(r.read, t).toBeLessThanOrEqual(lines); // quoted multi-line texts make lines ≥ rows
    }
    const before = rows(dir);
    expect(before.customers).toBe(200);

    const again = cli(['demo', '--customers', '200', '--seed', '3', '-w', dir]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(
      new RegExp(
        `^the demo data for 200 customers \\(seed 3\\) is already in ${dir}; nothing new was imported\n`,
      ),
    );
    expect(again.stdout).toMatch(/\n {2}customers\s+0 rows, 200 already there\n/);
    expect(rows(dir)).toEqual(before);

    const other = cli(['demo', '--customers', '200', '--seed', '4', '-w', dir]);
    expect(other.code).toBe(2);
    expect(other.stderr).toBe(
      `clientele demo: the workspace ${dir} already holds the demo for 200 customers with seed 3; a different demo would mix with it, so nothing was imported. Give a new folder with --workspace, e.g. "clientele demo --workspace ./clientele-demo".\n`,
    );
    expect(rows(dir)).toEqual(before);
  });

  it('refuses a workspace that holds other data, naming it and suggesting --workspace', () => {
    const dir = join(tempDir(), 'ws');
    expect(cli(['init', '-w', dir]).code).toBe(0);
    const f = fileWith(
      't.csv',
      'txn_id,customer_id,occurred_at,amount\nt1,c1,2024-01-01,1\nt2,c2,2024-01-02,2\n',
    );
    expect(cli(['import', 'transactions', f, '-w', dir]).code).toBe(0);
    const r = cli(['demo', '--customers', '200', '-w', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `clientele demo: the workspace ${dir} already holds other data (2 rows); the demo would mix with it, so nothing was imported. Give a new folder with --workspace, e.g. "clientele demo --workspace ./clientele-demo".\n`,
    );
    expect(rows(dir).transactions).toBe(2);
    expect(rows(dir).customers).toBe(0);
  });

  it('is welcome in an existing but empty workspace', () => {
    const dir = join(tempDir(), 'ws');
    expect(cli(['init', '-w', dir, '--time-zone', 'UTC']).code).toBe(0);
    const r = cli(['demo', '--customers', '200', '-w', dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^demo data for 200 customers \\(seed 1\\) in ${dir}\n`));
    expect(r.stdout).toMatch(/\nnext: clientele runs --workspace /);
    expect(rows(dir).customers).toBe(200);
  });
});

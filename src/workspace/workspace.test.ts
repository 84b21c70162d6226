import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../ingest/test-support/workspace.js';
import { initWorkspace, openWorkspace, SCHEMA_VERSION, workspaceDir } from './index.js';

describe('workspace', () => {
  it('holds every canonical table, tags personal data and records the schema version', async () => {
    const ws = await initWorkspace(join(tempDir(), 'ws'), { currency: 'EUR', timeZone: 'Europe/Berlin' });
    expect(ws.config).toEqual({ currency: 'EUR', timeZone: 'Europe/Berlin' });
    const [{ value }] = await ws.db.query<{ value: string }>(
      `SELECT value FROM _meta WHERE key = 'schema_version'`,
    );
    expect(Number(value)).toBe(SCHEMA_VERSION);
    const pii = await ws.db.query<{ column_name: string }>(
      `SELECT column_name FROM duckdb_columns() WHERE table_name = 'customers' AND comment = 'PII' ORDER BY column_index`,
    );
    expect(pii.map((p) => p.column_name)).toEqual(['name', 'phone', 'email', 'id_number', 'birth_date']);
    const [{ tz }] = await ws.db.query<{ tz: string }>(`SELECT current_setting('TimeZone') AS tz`);
    expect(tz).toBe('Europe/Berlin');
    await ws.close();
  });

  it('refuses a workspace from a newer version, and a folder that is not a workspace', async () => {
    const dir = join(tempDir(), 'ws');
    const ws = await initWorkspace(dir);
    await ws.db.run(`UPDATE _meta SET value = $1 WHERE key = 'schema_version'`, [String(SCHEMA_VERSION + 1)]);
    await ws.close();
    await expect(openWorkspace(dir)).rejects.toThrow(/newer than this Clientele .*upgrade Clientele/);
    await expect(openWorkspace(tempDir())).rejects.toThrow(/no workspace at .*clientele init/);
  });

  it('migrates a version-1 workspace: transactions gain order_id, rows are kept', async () => {
    const dir = join(tempDir(), 'ws');
    const ws = await initWorkspace(dir);
    // Make it what version 1 was: no order_id column.
    await ws.db.run(
      `INSERT INTO transactions (txn_id, customer_id, occurred_at, amount) VALUES ('t1', 'c1', now(), 9.5)`,
    );
    await ws.db.run('ALTER TABLE transactions DROP COLUMN order_id');
    await ws.db.run(`UPDATE _meta SET value = '1' WHERE key = 'schema_version'`);
    await ws.close();
    const again = await openWorkspace(dir);
    const rows = await again.db.query<{ txn_id: string; order_id: string | null }>(
      'SELECT txn_id, order_id FROM transactions',
    );
    expect(rows).toEqual([{ txn_id: 't1', order_id: null }]);
    const [{ value }] = await again.db.query<{ value: string }>(
      `SELECT value FROM _meta WHERE key = 'schema_version'`,
    );
    expect(value).toBe(String(SCHEMA_VERSION));
    await again.close();
  });

  it('adds result-table columns that a newer version defines, keeping the rows', async () => {
    const dir = join(tempDir(), 'ws');
    const ws = await initWorkspace(dir);
    await ws.db.run(`INSERT INTO kpis (run_id, kpi, value, unit) VALUES (1, 'revenue', 5, 'CNY')`);
    await ws.db.run('ALTER TABLE kpis DROP COLUMN unit');
    await ws.db.run('DROP TABLE rfm');
    await ws.close();
    const again = await openWorkspace(dir);
    expect(await again.db.query('SELECT run_id, kpi, value, unit FROM kpis')).toEqual([
      { run_id: 1, kpi: 'revenue', value: 5, unit: null },
    ]);
    expect(await again.db.query('SELECT count(*)::INT AS n FROM rfm')).toEqual([{ n: 0 }]);
    await again.close();
  });

  it('explains a workspace held by another process', async () => {
    const dir = join(tempDir(), 'ws');
    const ws = await initWorkspace(dir);
    const other = cli(['status', '--workspace', dir]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/the workspace .* is in use by another process \(PID \d+\)/);
    await ws.close();
    expect(cli(['status', '--workspace', dir]).code).toBe(0);
  });

  it('takes the folder from the flag, else CLIENTELE_WORKSPACE, else ./clientele-workspace', () => {
    const saved = process.env.CLIENTELE_WORKSPACE;
    process.env.CLIENTELE_WORKSPACE = '/tmp/from-env';
    expect(workspaceDir('/tmp/flag')).toBe('/tmp/flag');
    expect(workspaceDir()).toBe('/tmp/from-env');
    delete process.env.CLIENTELE_WORKSPACE;
    expect(workspaceDir()).toBe(join(process.cwd(), 'clientele-workspace'));
    if (saved !== undefined) process.env.CLIENTELE_WORKSPACE = saved;
  });
});

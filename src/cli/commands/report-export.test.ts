/**
 * `clientele report` and `clientele export`, called in-process (the binary runs them once they are
 * registered in main.ts): options, output and the user's errors.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../errors.js';
import { cli, tempDir, tempWorkspace } from '../../ingest/test-support/workspace.js';
import { addRows, addRun } from '../../report/test-support/runs.js';
import { openWorkspace } from '../../workspace/index.js';
import { EXPORT_HELP, exportCommand } from './export.js';
import { REPORT_HELP, report } from './report.js';

let dir: string;

beforeAll(async () => {
  const ws = await tempWorkspace();
  dir = ws.dir;
  await addRun(ws, 1);
  await addRun(ws, 2);
  await addRows(ws, 'rfm', 2, [
    {
      customer_id: 'c1',
      recency_days: 3,
      frequency: 2,
      monetary: '12.5',
      r_score: 5,
      f_score: 5,
      m_score: 5,
      segment: 'Champions',
    },
  ]);
  await addRows(ws, 'kpis', 2, [{ kpi: 'revenue', value: 12.5, unit: 'CNY' }]);
  await ws.db.run(`INSERT INTO customers (customer_id) VALUES ('c1'), ('c2')`);
  await ws.close(); // the commands open it themselves
});

/** Runs a command with standard output captured. */
async function run(command: (argv: string[]) => Promise<number>, argv: string[]) {
  let stdout = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  try {
    const code = await command(argv);
    return { code, stdout };
  } finally {
    spy.mockRestore();
  }
}
afterEach(() => vi.restoreAllMocks());

describe('clientele export', () => {
  it('exports the latest finished run to a file, the format from the extension', async () => {
    const out = join(tempDir(), 'rfm.csv');
    const r = await run(exportCommand, ['rfm', '--workspace', dir, '--out', out]);
    expect(r).toEqual({ code: 0, stdout: `exported 1 rows of rfm (run 2) to ${out}\n` });
    expect(readFileSync(out, 'utf8')).toContain('2,c1,3,2,12.5000,5,5,5,Champions');

    const parquet = join(tempDir(), 'customers.parquet');
    expect((await run(exportCommand, ['customers', '-w', dir, '-o', parquet])).code).toBe(0);
    const ws = await openWorkspace(dir);
    try {
      expect(await ws.db.query('SELECT customer_id FROM read_parquet($1) ORDER BY 1', [parquet])).toEqual([
        { customer_id: 'c1' },
        { customer_id: 'c2' },
      ]);
    } finally {
      await ws.close();
    }
  });

  it('writes to standard output without --out', async () => {
    const r = await run(exportCommand, ['kpis', '--workspace', dir, '--format', 'jsonl']);
    expect(r).toEqual({ code: 0, stdout: '{"run_id":2,"kpi":"revenue","value":12.5,"unit":"CNY"}\n' });
    const one = await run(exportCommand, ['rfm', '--workspace', dir, '--run', '1']);
    expect(one.stdout).toBe(
      'run_id,customer_id,recency_days,frequency,monetary,r_score,f_score,m_score,segment\r\n',
    );
  });

  it('lists every table with its rows', async () => {
    const r = await run(exportCommand, ['--list', '--json', '--workspace', dir]);
    const listed = JSON.parse(r.stdout);
    expect(listed.runId).toBe(2);
    const rows = Object.fromEntries(
      listed.tables.map((t: { table: string; rows: number }) => [t.table, t.rows]),
    );
    expect(rows).toMatchObject({ rfm: 1, kpis: 1, customer_value: 0, customers: 2, transactions: 0 });
    const text = await run(exportCommand, ['--list', '--workspace', dir]);
    expect(text.stdout).toMatch(/^result tables of run 2 \(data as of 2024-06-30\)/);
    expect(text.stdout).toMatch(/\n {2}customers {10} {10}2 {2}One row per customer/);
  });

  it('refuses what it cannot do, saying what to do instead', async () => {
    await expect(exportCommand(['nope', '-w', dir])).rejects.toThrow(
      /no table "nope" to export; the tables are rfm, /,
    );
    await expect(exportCommand(['-w', dir])).rejects.toThrow('give one TABLE to export');
    await expect(exportCommand(['rfm', '--format', 'xml', '-w', dir])).rejects.toThrow(
      '--format must be one of csv, jsonl, xlsx, parquet, got "xml"',
    );
    await expect(exportCommand(['customers', '--run', '1', '-w', dir])).rejects.toThrow(UsageError);
    await expect(exportCommand(['rfm', '--run', '9', '-w', dir])).rejects.toThrow(
      'there is no run 9; the finished runs are 1, 2',
    );
    await expect(exportCommand(['rfm', '--bogus'])).rejects.toThrow(/export: Unknown option '--bogus'/);
  });

  it('has help', async () => {
    expect((await run(exportCommand, ['--help'])).stdout).toContain(EXPORT_HELP);
  });
});

describe('clientele report', () => {
  it('writes the HTML and the workbook and says where they are', async () => {
    const out = join(tempDir(), 'r');
    const r = await run(report, ['--workspace', dir, '--out', out, '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `report of run 2 (data as of 2024-06-30):\n  ${join(out, 'clientele-run-2.en.html')}\n  ${join(out, 'clientele-run-2.en.xlsx')}\n\nrevenue: 12.5\n`,
    );
    const json = JSON.parse(
      (await run(report, ['-w', dir, '--out', out, '--lang', 'zh', '--run', '1', '--json'])).stdout,
    );
    expect(json).toEqual({
      runId: 1,
      html: join(out, 'clientele-run-1.zh.html'),
      workbook: join(out, 'clientele-run-1.zh.xlsx'),
      cutTables: [],
    });
    expect(existsSync(json.html) && existsSync(json.workbook)).toBe(true);
  });

  it('writes into the workspace by default, in the language of $LANG', async () => {
    vi.stubEnv('LANG', 'zh_CN.UTF-8');
    vi.stubEnv('LC_ALL', '');
    try {
      const json = JSON.parse((await run(report, ['-w', dir, '--json'])).stdout);
      expect(json.html).toBe(join(dir, 'reports', 'clientele-run-2.zh.html'));
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses an unknown language or a run that failed', async () => {
    await expect(report(['-w', dir, '--lang', 'fr'])).rejects.toThrow(
      'report: --lang must be en or zh, got "fr"',
    );
    await expect(report(['-w', dir, 'extra'])).rejects.toThrow('report: unexpected "extra"');
    expect((await run(report, ['--help'])).stdout).toContain(REPORT_HELP);
  });
});

describe('through the clientele binary', () => {
  it('exports to standard output, Parquet too when it is not a terminal', () => {
    const csv = cli(['export', 'kpis', '--workspace', dir]);
    expect(csv).toMatchObject({ code: 0, stderr: '' });
    expect(csv.stdout).toBe('run_id,kpi,value,unit\r\n2,revenue,12.5,CNY\r\n');
    const parquet = cli(['export', 'customers', '--format', 'parquet', '--workspace', dir]);
    expect(parquet.code).toBe(0);
    expect(parquet.stdout.startsWith('PAR1')).toBe(true); // Parquet's magic number, first and last
    expect(parquet.stdout.endsWith('PAR1')).toBe(true);
  });

  it('refuses an output path that cannot be written: exit 2 naming it, nothing written', () => {
    const t = tempDir();
    writeFileSync(join(t, 'afile'), 'x');
    const cases: [string[], RegExp][] = [
      [
        ['export', 'rfm', '--out', join(t, 'no', 'such', 'x.csv')],
        /--out .*x\.csv: the folder .*such does not exist/,
      ],
      [['export', 'rfm', '--out', join(t, 'afile', 'x.csv')], /--out .*x\.csv: .*afile is not a folder/],
      [['export', 'rfm', '--format', 'parquet', '--out', t], /--out .*: is a folder: give a file name/],
      [['report', '--out', join(t, 'afile')], /--out .*afile: exists and is not a folder/],
      [['report', '--out', join(t, 'afile', 'sub')], /--out .*sub: .*afile is not a folder/],
      [
        ['report', '--out', '/proc/clientele-report'],
        /--out \/proc\/clientele-report: \/proc is a system folder/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = cli([...args, '--workspace', dir]);
      expect([r.code, r.stderr], args.join(' ')).toEqual([2, expect.stringMatching(message)]);
    }
    expect(readdirSync(t)).toEqual(['afile']);
  });

  it('writes the report and prints where it is', () => {
    const out = join(tempDir(), 'r');
    const r = cli(['report', '--workspace', dir, '--out', out, '--lang', 'zh']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain(join(out, 'clientele-run-2.zh.html'));
    expect(existsSync(join(out, 'clientele-run-2.zh.xlsx'))).toBe(true);
  });

  it('explains mistakes in one line with exit code 2, without a stack trace', () => {
    const r = cli(['export', 'nope', '--workspace', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^clientele export: there is no table "nope" to export; the tables are rfm, .*\n$/,
    );
    const failed = cli(['report', '--run', '5', '--workspace', dir]);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toBe('clientele report: there is no run 5; the finished runs are 1, 2\n');
    expect(cli(['help', 'export']).stdout).toContain('clientele export --list');
  });
});

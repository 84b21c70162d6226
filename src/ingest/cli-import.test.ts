/** The import through the real `clientele` binary: CDNOW, exit codes, JSON output, status, and SIGKILL. */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDuckDb } from '../store/duckdb/engine.js';
import { openWorkspace } from '../workspace/index.js';
import { cli, fileWith, REPO, SHARED_DATA, tempDir } from './test-support/workspace.js';

const json = (s: string) => JSON.parse(s.trim().split('\n').pop()!);

describe('clientele import (CLI)', () => {
  it('CDNOW_master.txt with the shipped mapping: 69,659 transactions of 23,570 customers, then all duplicates', () => {
    const w = join(tempDir(), 'ws');
    expect(cli(['init', '--workspace', w]).code).toBe(0);
    const args = [
      'import',
      'transactions',
      join(SHARED_DATA, 'lifetimes/CDNOW_master.txt'),
      '--mapping',
      'examples/mappings/cdnow.json',
      '--workspace',
      w,
      '--json',
    ];
    const first = cli(args);
    expect(first.code).toBe(0);
    expect(json(first.stdout)).toEqual({
      read: 69659,
      accepted: 69659,
      rejected: 0,
      duplicates: 0,
      rejectsFile: null,
    });
    const status = json(cli(['status', '--workspace', w, '--json']).stdout);
    expect(status.tables.transactions).toMatchObject({ rows: 69659, customers: 23570 });
    expect(status.tables.transactions.from.slice(0, 10)).toBe('1997-01-01');
    expect(status.tables.transactions.to.slice(0, 10)).toBe('1998-06-30');
    const second = cli(args);
    expect(json(second.stdout)).toEqual({
      read: 69659,
      accepted: 0,
      rejected: 0,
      duplicates: 69659,
      rejectsFile: null,
    });
  });

  it('Online Retail layout: cancellations, computed amounts, rows without CustomerID rejected', () => {
    const w = join(tempDir(), 'ws');
    cli(['init', '-w', w]);
    const f = fileWith(
      'retail.csv',
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n' +
        '536365,85123A,WHITE HANGING HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom\n' +
        '536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850,United Kingdom\n' +
        'C536379,D,Discount,-1,12/1/2010 9:41,27.5,14527,United Kingdom\n' +
        '536414,22139,,56,12/1/2010 11:52,0,,United Kingdom\n',
    );
    const r = cli([
      'import',
      'transactions',
      f,
      '-m',
      'examples/mappings/online-retail.json',
      '-w',
      w,
      '--json',
    ]);
    expect(json(r.stdout)).toMatchObject({ read: 4, accepted: 3, rejected: 1, duplicates: 0 });
    const rejects = json(r.stdout).rejectsFile as string;
    expect(existsSync(rejects)).toBe(true);
    return (async () => {
      const ws = await openWorkspace(w);
      const rows = await ws.db.query<{ amount: number; status: string; country: string }>(
        `SELECT amount::DOUBLE AS amount, status, attributes->>'Country' AS country FROM transactions ORDER BY occurred_at, amount`,
      );
      expect(rows.map((x) => [x.amount, x.status])).toEqual([
        [15.3, 'completed'],
        [20.34, 'completed'],
        [-27.5, 'cancelled'],
      ]);
      expect(rows[0].country).toBe('United Kingdom');
      const [rej] = await ws.db.query<{ reason: string; line: number }>('SELECT reason, line FROM _rejects');
      expect(rej).toEqual({ reason: 'no CustomerID', line: 5 });
      await ws.close();
    })();
  });

  it('exit codes: 1 above --max-rejects, 2 for usage and refused files', () => {
    const w = join(tempDir(), 'ws');
    cli(['init', '-w', w]);
    const bad = fileWith(
      't.csv',
      'txn_id,customer_id,occurred_at,amount\nt1,c1,2024-01-01,x\nt2,c2,2024-01-02,3\n',
    );
    expect(cli(['import', 'transactions', bad, '-w', w, '--max-rejects', '0']).code).toBe(1);
    expect(cli(['import', 'transactions', bad, '-w', w, '--max-rejects', '1']).code).toBe(0);
    const empty = fileWith('e.csv', '');
    const refused = cli(['import', 'transactions', empty, '-w', w]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/e\.csv: the file is empty/);
    expect(cli(['import', 'nosuchtable', bad, '-w', w]).code).toBe(2);
    expect(cli(['import', 'transactions', bad, '-w', w, '--bogus']).stderr).toMatch(
      /Unknown option '--bogus'/,
    );
    expect(cli(['status', '-w', join(tempDir(), 'none')]).stderr).toMatch(
      /no workspace at .*run "clientele init/,
    );
  });

  it('help for every command', () => {
    const top = cli(['--help']);
    expect(top.code).toBe(0);
    for (const c of ['init', 'import', 'status', 'demo', 'fit', 'predict']) {
      expect(top.stdout).toContain(c);
      const h = cli([c, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toContain(`clientele ${c}`);
    }
  });
});

describe('atomic import', () => {
  it('SIGKILL part-way through a large import leaves the workspace exactly as before', async () => {
    const dir = tempDir();
    const w = join(dir, 'ws');
    cli(['init', '-w', w]);
    const small = fileWith('s.csv', 'txn_id,customer_id,occurred_at,amount\nt1,c1,2024-01-01,1\n');
    expect(cli(['import', 'transactions', small, '-w', w]).code).toBe(0);
    // A 6-million-row file (about 4 s to import here), written by DuckDB itself.
    const big = join(dir, 'big.csv');
    const gen = await openDuckDb(':memory:');
    await gen.run(
      `COPY (SELECT 'b' || i AS txn_id, 'c' || (i % 100000) AS customer_id, TIMESTAMP '2024-01-01' + INTERVAL (i % 1000) MINUTE AS occurred_at, (i % 97) + 0.5 AS amount FROM range(6000000) t(i)) TO '${big}' (HEADER)`,
    );
    await gen.close();
    // Killed as soon as it says it is importing (inside its transaction), never after a guessed delay.
    const child = spawn(
      process.execPath,
      [join(REPO, 'bin', 'clientele.js'), 'import', 'transactions', big, '-w', w],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CLIENTELE_PROGRESS: 'plain' } },
    );
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    let said = '';
    child.stderr.on('data', (d) => {
      said += String(d);
      if (/importing /.test(said)) child.kill('SIGKILL');
    });
    const end = await exited;
    expect(end.signal).toBe('SIGKILL'); // it was still importing when killed
    const ws = await openWorkspace(w);
    const [{ n }] = await ws.db.query<{ n: number }>('SELECT count(*)::BIGINT AS n FROM transactions');
    const imports = await ws.db.query('SELECT import_id FROM _imports');
    expect(n).toBe(1);
    expect(imports).toHaveLength(1);
    expect(readdirSync(w).filter((f) => f.startsWith('rejects'))).toEqual([]);
    await ws.close();
    // And the workspace still works.
    const again = fileWith('s2.csv', 'txn_id,customer_id,occurred_at,amount\nt2,c2,2024-01-02,2\n');
    expect(cli(['import', 'transactions', again, '-w', w]).code).toBe(0);
    writeFileSync(join(dir, 'done'), '');
  });
});

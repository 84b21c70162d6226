/** Exit codes and messages through the real binary: usage, database, model input and internal errors. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ClienteleError,
  EngineError,
  InputError,
  RejectLimitError,
  UsageError,
  WorkspaceError,
} from '../errors.js';
import { cli, fileWith, tempDir } from '../ingest/test-support/workspace.js';
import { ModelInputError } from '../models/errors.js';
import { openWorkspace } from '../workspace/index.js';
import { exitCodeFor, reportError } from './errors.js';

/** A preload module for the child process that plants a bug: `body` runs on the first stdout write. */
function plantBug(body: string): string {
  return fileWith(
    'bug.mjs',
    `const write = process.stdout.write.bind(process.stdout);
let planted = false;
process.stdout.write = (...args) => {
  if (!planted) { planted = true; ${body} }
  return write(...args);
};\n`,
  );
}

const BUG_LINE =
  /^clientele schema: internal error: planted bug — this is a bug; please report it with the command you ran \(set CLIENTELE_DEBUG=1 for details\)\n$/;

describe('internal errors (bugs)', () => {
  it('are one line and exit 70; the stack only with CLIENTELE_DEBUG=1', () => {
    const bug = plantBug(`throw new TypeError('planted bug');`);
    const r = cli(['schema'], { NODE_OPTIONS: `--import=${bug}` });
    expect(r.code).toBe(70);
    expect(r.stderr).toMatch(BUG_LINE);
    const debug = cli(['schema'], { NODE_OPTIONS: `--import=${bug}`, CLIENTELE_DEBUG: '1' });
    expect(debug.code).toBe(70);
    expect(`${debug.stderr.split('\n')[0]}\n`).toMatch(BUG_LINE);
    expect(debug.stderr).toMatch(/TypeError: planted bug\n\s+at /);
  });

  it('an uncaught exception or an unhandled rejection outside the command is reported the same way', () => {
    for (const body of [
      `setImmediate(() => { throw new Error('planted bug'); });`,
      `Promise.reject(new Error('planted bug'));`,
    ]) {
      const r = cli(['schema'], { NODE_OPTIONS: `--import=${plantBug(body)}` });
      expect(r.code, body).toBe(70);
      expect(r.stderr, body).toMatch(BUG_LINE);
    }
  });
});

describe('errors users can fix', () => {
  it('bad usage: exit 2, one line naming the command, no stack', () => {
    const r = cli(['status', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^clientele status: Unknown option '--bogus'.*\(see "clientele status --help"\)\n$/,
    );
    const unknown = cli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(
      /^clientele: unknown command "frobnicate"; the commands are init, import, /,
    );
  });

  it('a failing statement is a database error: exit 3; CLIENTELE_DEBUG=1 adds the SQL', async () => {
    const dir = join(tempDir(), 'ws');
    expect(cli(['init', '-w', dir]).code).toBe(0);
    const ws = await openWorkspace(dir);
    await ws.db.run('DROP TABLE market');
    await ws.close();
    const r = cli(['status', '-w', dir]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /^clientele status: database error: Catalog Error: Table with name market does not exist/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const debug = cli(['status', '-w', dir], { CLIENTELE_DEBUG: '1' });
    expect(debug.stderr).toMatch(/\nSQL: SELECT count\(\*\)/);
  });

  it('summary data a model cannot use (ModelInputError) is bad input: exit 2', () => {
    const invalid = fileWith('v.csv', 'frequency,recency,periods\n1,5,4\n');
    const r = cli(['fit', '--summary', invalid, '--model', 'bgbb']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^clientele fit: invalid customer summary \(1 rows\):\n {2}1 row\(s\) with recency t_x > T/,
    );
  });

  it('more rejected rows than --max-rejects: exit 1, nothing imported', () => {
    const dir = join(tempDir(), 'ws');
    cli(['init', '-w', dir]);
    const f = fileWith(
      't.csv',
      'txn_id,customer_id,occurred_at,amount\nt1,c1,2024-01-01,1\nt2,c1,not a date,2\nt3,c2,2024-01-02,x\n',
    );
    const r = cli(['import', 'transactions', f, '--max-rejects', '1', '-w', dir]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^clientele import: more than 1 rows rejected \(2\); nothing was imported/);
    const status = JSON.parse(cli(['status', '-w', dir, '--json']).stdout);
    expect(status.tables.transactions.rows).toBe(0);
    expect(cli(['import', 'transactions', f, '--max-rejects', '2', '-w', dir]).code).toBe(0);
  });
});

describe('the mapping of error classes to exit codes', () => {
  it('gives every class its code and one message line', () => {
    const cases: [unknown, number, string][] = [
      [new UsageError('import: no files given'), 2, 'clientele import: no files given'],
      [
        new InputError('must be a number', { file: 'map.json', key: 'columns.amount' }),
        2,
        'clientele import: map.json, key "columns.amount": must be a number',
      ],
      [new WorkspaceError('no workspace at /x'), 2, 'clientele import: no workspace at /x'],
      [new EngineError('boom', 'SELECT 1'), 3, 'clientele import: database error: boom'],
      [
        new RejectLimitError(5, { rejected: 9 }),
        1,
        'clientele import: more than 5 rows rejected (9); nothing was imported',
      ],
      [new ModelInputError('no customers'), 2, 'clientele import: no customers'],
      [new ClienteleError('done, but with problems'), 1, 'clientele import: done, but with problems'],
    ];
    for (const [error, code, line] of cases) {
      let out = '';
      expect(reportError('import', error, (t) => (out += t))).toBe(code);
      expect(exitCodeFor(error)).toBe(code);
      expect(out).toBe(`${line}\n`);
    }
    expect(exitCodeFor(new RangeError('x'))).toBe(70);
    expect(exitCodeFor('a string')).toBe(70);
  });
});

/** `clientele analyze` and `clientele runs` through the real binary, including a run killed part-way. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO, tempDir } from '../ingest/test-support/workspace.js';
import { RESULT_TABLE_NAMES } from '../schema/results.js';
import { openWorkspace } from '../workspace/index.js';

const json = (s: string) => JSON.parse(s.trim().split('\n').pop()!);

describe('clientele analyze and runs', () => {
  it('stores a dated run with KPIs; runs lists it; a killed run leaves nothing and is shown as failed', async () => {
    const w = join(tempDir(), 'ws');
    expect(cli(['demo', '--customers', '2000', '--no-analyze', '-w', w]).code).toBe(0);
    const first = cli(['analyze', '-w', w, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const run = json(first.stdout);
    expect(run.runId).toBe(1);
    expect(run.kpis.customers_with_purchases.value).toBeGreaterThan(0);
    // The stored start and finish times span the run (the process measured its own seconds).
    const [listed] = json(cli(['runs', '-w', w, '--json']).stdout);
    const instant = (t: string) => Date.parse(t.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
    const span = (instant(listed.finishedAt) - instant(listed.startedAt)) / 1000;
    expect(span).toBeGreaterThan(run.seconds * 0.5);
    expect(span).toBeLessThanOrEqual(run.seconds + 1);

    // Dates that leave the models nothing to work on are refused, and no run is stored.
    const early = cli(['analyze', '-w', w, '--as-of', '2000-01-01']);
    expect([early.code, early.stderr]).toEqual([
      2,
      expect.stringMatching(/no completed transactions up to the observation date \(2000-01-01\)/),
    ]);
    const calibration = cli(['analyze', '-w', w, '--calibration-end', '2000-01-01']);
    expect([calibration.code, calibration.stderr]).toEqual([
      2,
      expect.stringMatching(/--calibration-end \(2000-01-01\) is before the first completed purchase/),
    ]);

    // A second run, killed as soon as it reports its second phase (the first wrote scratch tables).
    const child = spawn(process.execPath, [join(REPO, 'bin', 'clientele.js'), 'analyze', '-w', w], {
      env: { ...process.env, CLIENTELE_PROGRESS: 'plain' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<{ signal: string | null }>((resolve) =>
      child.on('exit', (_, signal) => resolve({ signal })),
    );
    let seen = '';
    child.stderr.on('data', (d) => {
      seen += String(d);
      if (/RFM/.test(seen)) child.kill('SIGKILL');
    });
    expect((await exited).signal).toBe('SIGKILL');

    const runs = json(cli(['runs', '-w', w, '--json']).stdout);
    expect(runs.map((r: { runId: number; status: string }) => [r.runId, r.status])).toEqual([
      [2, 'failed'],
      [1, 'done'],
    ]);
    expect(runs[0].message).toMatch(/stopped before it finished/);
    const ws = await openWorkspace(w);
    for (const t of RESULT_TABLE_NAMES) {
      const [{ n }] = await ws.db.query<{ n: number }>(
        `SELECT count(*)::INT AS n FROM ${t} WHERE run_id = 2`,
      );
      expect(n, t).toBe(0);
    }
    await ws.close();

    // A third run after it: the change since the previous finished run (1) is zero for the same data.
    expect(cli(['analyze', '-w', w]).code).toBe(0);
    const again = json(cli(['runs', '-w', w, '--json']).stdout);
    expect(again[0]).toMatchObject({ runId: 3, status: 'done' });
    expect(again[0].changeSincePrevious.customers_with_purchases).toBe(0);
    const text = cli(['runs', '-w', w]).stdout;
    expect(text).toMatch(/run 3 +done/);
    expect(text).toMatch(/customers with purchases: [\d,]+ \(\+0 since the previous run\)/);
  });

  it('explains bad options and an empty workspace', () => {
    const w = join(tempDir(), 'ws');
    expect(cli(['init', '-w', w]).code).toBe(0);
    const empty = cli(['analyze', '-w', w]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no completed transactions to analyse/);
    expect(cli(['analyze', '-w', w, '--time-unit', 'month']).stderr).toMatch(
      /--time-unit must be one of day, week/,
    );
    expect(cli(['analyze', '-w', w, '--as-of', 'yesterday']).stderr).toMatch(/"yesterday" is not a date/);
  });
});

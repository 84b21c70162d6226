/**
 * The demo data (10,000 customers, seed 7) with one finished `analyze` run, made once per test
 * file, and queries over it with `$run` (the run id) and `$asOf` (its observation instant) filled in.
 */
import { afterAll, beforeAll } from 'vitest';
import { loadDemo } from '../../demo/index.js';
import { tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { analyze, type RunSummary } from '../run.js';

export interface DemoRun {
  readonly ws: Workspace;
  readonly run: RunSummary;
  /** A headline figure of the run. */
  kpi(name: string): number | null | undefined;
  query<T extends Record<string, unknown>>(sql: string): Promise<T[]>;
}

/**
 * Registers the file's `beforeAll` (demo and run) and `afterAll` (close).
 *
 * @example const { query } = useDemoRun(); // then: await query('SELECT … WHERE run_id = $run')
 */
export function useDemoRun(): DemoRun {
  let ws: Workspace;
  let run: RunSummary;
  beforeAll(async () => {
    ws = await tempWorkspace();
    await loadDemo(ws, { customers: 10000, seed: 7 });
    run = await analyze(ws.db, ws.config);
  });
  afterAll(async () => {
    await ws.close();
  });
  return {
    get ws() {
      return ws;
    },
    get run() {
      return run;
    },
    kpi: (name) => run.kpis[name]?.value,
    query: <T extends Record<string, unknown>>(sql: string) =>
      ws.db.query<T>(
        sql.replaceAll('$run', String(run.runId)).replaceAll('$asOf', `'${run.params.asOf}'::TIMESTAMPTZ`),
      ),
  };
}

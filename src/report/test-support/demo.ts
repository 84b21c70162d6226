/** A demo workspace with one finished analysis run, for the end-to-end report tests. */
import { analyze } from '../../analyses/run.js';
import { loadDemo } from '../../demo/index.js';
import { tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';

/** Imports the demo for `customers` customers (seed 1) and runs `analyze` with a holdout period. */
export async function demoRun(customers: number): Promise<{ ws: Workspace; runId: number }> {
  const ws = await tempWorkspace();
  await loadDemo(ws, { customers, seed: 1 });
  const run = await analyze(ws.db, ws.config, { calibrationEnd: '2024-06-30' });
  return { ws, runId: run.runId };
}

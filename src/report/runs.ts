/** Which analysis run a report or an export reads: the one the user names, else the latest finished run. */
import { listRuns, type RunRow } from '../analyses/run.js';
import { InputError, UsageError } from '../errors.js';
import type { Engine } from '../store/engine.js';

/**
 * The run `--run` names (a positive integer as text), or the latest finished run when absent.
 * Throws a user-facing error when there is no such run, or it failed or is still running.
 *
 * @example const run = await chooseRun(db, values.run as string | undefined);
 */
export async function chooseRun(db: Engine, requested: string | number | undefined): Promise<RunRow> {
  let id: number | null = null;
  if (requested !== undefined) {
    id = Number(requested);
    if (!Number.isSafeInteger(id) || id < 1) {
      throw new UsageError(`--run must be a run number (see "clientele runs"), got "${requested}"`);
    }
  }
  const runs = await listRuns(db);
  if (id === null) {
    const done = runs.find((r) => r.status === 'done');
    if (!done) {
      throw new InputError(
        runs.length === 0
          ? 'there is no analysis run yet: run "clientele analyze" first'
          : 'no analysis run has finished: run "clientele analyze" (see "clientele runs" for the failed ones)',
      );
    }
    return done;
  }
  const run = runs.find((r) => r.runId === id);
  if (!run) {
    const ids = runs.filter((r) => r.status === 'done').map((r) => r.runId);
    throw new InputError(
      `there is no run ${id}${ids.length ? `; the finished runs are ${ids.reverse().join(', ')}` : '; run "clientele analyze" first'}`,
    );
  }
  if (run.status !== 'done') {
    throw new InputError(
      run.status === 'failed'
        ? `run ${id} failed${run.message ? ` (${run.message})` : ''}, so it has no results; choose a finished run (see "clientele runs")`
        : `run ${id} is still running; wait for it to finish or choose a finished run (see "clientele runs")`,
    );
  }
  return run;
}

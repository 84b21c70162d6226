/**
 * Hand-made analysis runs for the report and export tests: a `runs` row and result rows written
 * straight into the result tables, so that every expected value is known by construction.
 */
import type { RunParameters } from '../../analyses/context.js';
import type { ResultTableName } from '../../schema/results.js';
import { RESULT_TABLES } from '../../schema/results.js';
import { quoteIdent as q, type SqlValue } from '../../store/engine.js';
import type { Workspace } from '../../workspace/index.js';

export const PARAMETERS: RunParameters = {
  asOf: '2024-06-30T15:59:59.999Z',
  calibrationEnd: '2024-03-31T15:59:59.999Z',
  timeUnit: 'week',
  model: 'auto',
  discountRate: 0.1,
  horizonMonths: 12,
  churnThreshold: 0.5,
  timeZone: 'Asia/Shanghai',
  currency: 'CNY',
};

/** Records run `id` with `status` (finished now unless it is running). */
export async function addRun(
  ws: Workspace,
  id: number,
  status: 'done' | 'failed' | 'running' = 'done',
  message: string | null = null,
): Promise<void> {
  await ws.db.run(
    `INSERT INTO runs (run_id, as_of, parameters, started_at, finished_at, status, code_version, pid, message)
     VALUES ($1, $2::TIMESTAMPTZ, $3, TIMESTAMPTZ '2024-07-01 09:00:00+08', ${status === 'running' ? 'NULL' : `TIMESTAMPTZ '2024-07-01 09:05:00+08'`}, $4, 'test', $5, $6)`,
    [
      id,
      PARAMETERS.asOf,
      JSON.stringify(PARAMETERS),
      status,
      status === 'running' ? process.pid : null,
      message,
    ],
  );
}

/** Inserts rows into a result table for run `runId`; keys are column names, missing ones NULL. */
export async function addRows(
  ws: Workspace,
  table: ResultTableName,
  runId: number,
  rows: readonly Record<string, SqlValue>[],
): Promise<void> {
  const names = ['run_id', ...RESULT_TABLES[table].columns.map((c) => c.name)];
  for (const row of rows) {
    const values = names.map((n) => (n === 'run_id' ? runId : (row[n] ?? null)));
    await ws.db.run(
      `INSERT INTO ${q(table)} (${names.map(q).join(', ')}) VALUES (${names.map((_, i) => `$${i + 1}`).join(', ')})`,
      values,
    );
  }
}

/**
 * What every analysis receives: the engine and its dialect, the run's id and parameters, and ways
 * to write results, headline figures and counted warnings. Analyses write result tables only
 * through `write`/`writeRows`, so every row carries the run id.
 */
import type { ResultTableName } from '../schema/results.js';
import { RESULT_TABLES } from '../schema/results.js';
import type { Dialect } from '../store/dialect.js';
import { type Engine, quoteIdent as q, type SqlValue } from '../store/engine.js';

export type TimeUnit = 'day' | 'week';
export type PurchaseModelChoice = 'auto' | 'bgnbd' | 'mbgnbd' | 'pnbd';

/** The parameters of a run, stored with it (JSON) so that a run can be explained and repeated. */
export interface RunParameters {
  /** Observation date (ISO instant): purchases after it are not seen. */
  asOf: string;
  /** End of the calibration period for the holdout check of the lifetime models, or null. */
  calibrationEnd: string | null;
  /** Time unit of the lifetime models' summary. */
  timeUnit: TimeUnit;
  /** Lifetime model: chosen by holdout error ('auto') or fixed. */
  model: PurchaseModelChoice;
  /** Annual discount rate for predictive CLV. */
  discountRate: number;
  /** Predictive CLV horizon in months. */
  horizonMonths: number;
  /** Customers with P(alive) below this are at risk (SPEC §4.5). */
  churnThreshold: number;
  /** Workspace time zone (calendar days and months are counted in it). */
  timeZone: string;
  /** The zone's UTC offset in seconds when it is the same over all the data up to as_of, else null. */
  utcOffsetSeconds?: number | null;
  /** Workspace currency. */
  currency: string;
  /** Tag rules of the workspace config (`tags`), over the shipped ones; absent: the shipped ones. */
  tagRules?: Record<string, string | null>;
  /** Banking classes' period and AUM threshold (`banking` in the workspace config). */
  banking?: { period?: 'month' | 'quarter'; threshold?: number };
  /** Hours within which feedback should be resolved (`resolutionSlaHours`); absent: 48. */
  resolutionSlaHours?: number;
}

/** A counted warning about the data (not an error: the run goes on). */
export interface RunWarning {
  analysis: string;
  message: string;
  count?: number;
}

export interface RunContext {
  db: Engine;
  sql: Dialect;
  runId: number;
  params: RunParameters;
  /** The name of the analysis running now (for warnings). */
  analysis: string;
  /** Inserts the rows of `select` (its columns in the result table's order, without run_id). */
  write(table: ResultTableName, select: string, params?: readonly SqlValue[]): Promise<number>;
  /** Inserts rows computed in JavaScript (keys are column names; missing ones are NULL). */
  writeRows(table: ResultTableName, rows: readonly Record<string, SqlValue>[]): Promise<void>;
  /** Creates the run's scratch table `name` from `select` (dropped when the run ends). */
  materialize(name: string, select: string, params?: readonly SqlValue[]): Promise<void>;
  /** Records a headline figure for `kpis`. */
  kpi(name: string, value: number | null, unit: string): void;
  /** Records a counted warning about the data. */
  warn(message: string, count?: number): void;
  progress(phase: string): void;
}

/** Builds a context over a transaction; `kpis` and `warnings` collect what analyses report. */
export function runContext(
  db: Engine,
  runId: number,
  params: RunParameters,
  progress: (phase: string) => void,
): RunContext & {
  kpis: Map<string, { value: number | null; unit: string }>;
  warnings: RunWarning[];
  scratch: string[];
} {
  const kpis = new Map<string, { value: number | null; unit: string }>();
  const warnings: RunWarning[] = [];
  const ctx = {
    db,
    sql: db.dialect,
    runId,
    params,
    analysis: '',
    kpis,
    warnings,
    async write(table: ResultTableName, select: string, values: readonly SqlValue[] = []) {
      const cols = ['run_id', ...RESULT_TABLES[table].columns.map((c) => c.name)].map(q).join(', ');
      return db.execute(
        `INSERT INTO ${q(table)} (${cols}) SELECT ${Number(runId)}, r.* FROM (${select}) r`,
        values,
      );
    },
    async writeRows(table: ResultTableName, rows: readonly Record<string, SqlValue>[]) {
      if (rows.length === 0) return;
      const names = ['run_id', ...RESULT_TABLES[table].columns.map((c) => c.name)];
      await db.append(
        table,
        names,
        rows.map((r) => [runId, ...names.slice(1).map((n) => r[n] ?? null)]),
      );
    },
    scratch: [] as string[],
    async materialize(name: string, select: string, values: readonly SqlValue[] = []) {
      await db.run(db.dialect.createScratch(name, select), values);
      if (!ctx.scratch.includes(name)) ctx.scratch.push(name);
    },
    kpi(name: string, value: number | null, unit: string) {
      kpis.set(name, { value: value === null || Number.isFinite(value) ? value : null, unit });
    },
    warn(message: string, count?: number) {
      warnings.push({ analysis: ctx.analysis, message, count });
    },
    progress,
  };
  return ctx;
}

/**
 * Analysis runs (`clientele analyze`): every analysis computed as one dated run. The run is
 * recorded first (status `running`); its results are written in one transaction that also marks
 * it `done`, so a failed or killed run leaves no partial results — a failure marks it `failed`
 * with the reason, and a run whose process died is shown as failed by `listRuns`.
 */
import { createRequire } from 'node:module';
import { InputError } from '../errors.js';
import { RESULT_TABLE_NAMES } from '../schema/results.js';
import { type Engine, quoteIdent as q } from '../store/engine.js';
import type { WorkspaceConfig } from '../workspace/index.js';
import { COMPLETED_UP_TO_AS_OF } from './base/index.js';
import { ANALYSES } from './catalog.js';
import { type RunParameters, type RunWarning, runContext } from './context.js';
import { checkTagRules, tagRules } from './tags/index.js';
import { fixedUtcOffset } from './time-zone.js';

const VERSION: string = createRequire(import.meta.url)('../../package.json').version;

export interface AnalyzeOptions {
  asOf?: string;
  calibrationEnd?: string;
  timeUnit?: RunParameters['timeUnit'];
  model?: RunParameters['model'];
  discountRate?: number;
  progress?: (phase: string) => void;
}

export interface RunSummary {
  runId: number;
  params: RunParameters;
  kpis: Record<string, { value: number | null; unit: string }>;
  warnings: RunWarning[];
  seconds: number;
}

/** The latest completed purchase, the default observation date; null without transactions. */
export async function latestPurchase(db: Engine): Promise<string | null> {
  const [row] = await db.query<{ at: string | null }>(
    `SELECT ${db.dialect.toText('max(occurred_at)')} AS at FROM transactions WHERE status IS NULL OR status = 'completed'`,
  );
  return row.at;
}

/** Runs every analysis as one dated run; returns its id, KPIs and warnings. */
export async function analyze(
  db: Engine,
  config: WorkspaceConfig,
  options: AnalyzeOptions = {},
): Promise<RunSummary> {
  const t0 = performance.now();
  const progress = options.progress ?? (() => {});
  const asOf = options.asOf ?? (await latestPurchase(db));
  if (asOf === null) {
    throw new InputError('there are no completed transactions to analyse: import some first');
  }
  // A bad tag rule in the workspace config stops the run before any work (its key named).
  if (config.tags) checkTagRules(tagRules(config.tags));
  const params: RunParameters = {
    asOf: await instant(db, asOf),
    calibrationEnd: options.calibrationEnd ? await instant(db, options.calibrationEnd) : null,
    timeUnit: options.timeUnit ?? 'week',
    model: options.model ?? 'auto',
    discountRate: options.discountRate ?? 0.1,
    horizonMonths: 12,
    churnThreshold: 0.5,
    timeZone: config.timeZone,
    utcOffsetSeconds: null,
    currency: config.currency,
    ...(config.tags ? { tagRules: config.tags } : {}),
    ...(config.banking ? { banking: config.banking } : {}),
    ...(config.resolutionSlaHours ? { resolutionSlaHours: config.resolutionSlaHours } : {}),
  };
  // The first transaction (for the zone's offset) and the first completed one the run can see.
  const seenSql = COMPLETED_UP_TO_AS_OF.replace('$1', db.dialect.timestamp('$1'));
  const [span] = await db.query<{ first: string | null; firstSeen: string | null }>(
    `SELECT ${db.dialect.isoInstant('min(occurred_at)')} AS first,
       ${db.dialect.isoInstant(`min(CASE WHEN ${seenSql} THEN occurred_at END)`)} AS "firstSeen"
     FROM transactions`,
    [params.asOf],
  );
  if (span.first !== null) {
    params.utcOffsetSeconds = fixedUtcOffset(
      config.timeZone,
      Date.parse(span.first),
      Date.parse(params.asOf),
    );
  }
  if (params.calibrationEnd !== null && params.calibrationEnd >= params.asOf) {
    throw new InputError(
      `--calibration-end (${options.calibrationEnd}) must be before the observation date (${asOf})`,
    );
  }
  if (span.firstSeen === null) {
    throw new InputError(
      `there are no completed transactions up to the observation date (${asOf}): choose a later --as-of`,
    );
  }
  if (params.calibrationEnd !== null && params.calibrationEnd <= span.firstSeen) {
    throw new InputError(
      `--calibration-end (${options.calibrationEnd}) is before the first completed purchase (${span.firstSeen.slice(0, 10)}): the lifetime models would have no calibration data; choose a date between the first purchase and the observation date`,
    );
  }
  const [{ id }] = await db.query<{ id: number }>('SELECT coalesce(max(run_id), 0) + 1 AS id FROM runs');
  await db.run(
    `INSERT INTO runs (run_id, as_of, parameters, started_at, status, code_version, pid)
     VALUES ($1, ${db.dialect.timestamp('$2')}, $3, now(), 'running', $4, $5)`,
    [id, params.asOf, JSON.stringify(params), VERSION, process.pid],
  );
  try {
    const ctx = await db.transaction(async (tx) => {
      await tx.boundMemory();
      const c = runContext(tx, id, params, progress);
      for (const a of ANALYSES) {
        c.analysis = a.name;
        progress(a.title);
        await a.run(c);
      }
      for (const t of c.scratch) await tx.run(tx.dialect.dropScratch(t));
      const rows = [...c.kpis].map(([kpi, v]) => ({ kpi, value: v.value, unit: v.unit }));
      await c.writeRows('kpis', rows);
      // The wall clock, not now(): inside a transaction now() is the time the transaction began.
      await tx.run(
        `UPDATE runs SET status = 'done', finished_at = ${tx.dialect.timestamp('$3')}, message = $2 WHERE run_id = $1`,
        [id, c.warnings.length ? JSON.stringify(c.warnings) : null, new Date().toISOString()],
      );
      return c;
    });
    return {
      runId: id,
      params,
      kpis: Object.fromEntries(ctx.kpis),
      warnings: ctx.warnings,
      seconds: (performance.now() - t0) / 1000,
    };
  } catch (e) {
    await db
      .run(`UPDATE runs SET status = 'failed', finished_at = now(), message = $2 WHERE run_id = $1`, [
        id,
        (e as Error).message,
      ])
      .catch(() => undefined);
    throw e;
  }
}

/**
 * An ISO instant for a user's date or time. A bare date means the end of that day in the
 * workspace's time zone, so that `--as-of 1998-06-30` sees the purchases of June 30.
 */
async function instant(db: Engine, text: string): Promise<string> {
  const endOfDay = /^\d{4}-\d{2}-\d{2}$/.test(text.trim()) ? `${text.trim()} 23:59:59.999` : text;
  const [row] = await db
    .query<{ t: string | null }>(`SELECT ${db.dialect.isoInstant(db.dialect.tryTimestamp('$1'))} AS t`, [
      endOfDay,
    ])
    .catch(() => [{ t: null }]);
  if (!row?.t) throw new InputError(`"${text}" is not a date or date and time (use e.g. 1998-06-30)`);
  return row.t;
}

/** A run as listed by `clientele runs`. */
export interface RunRow {
  runId: number;
  asOf: string;
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  parameters: RunParameters;
  message: string | null;
  kpis: Record<string, number | null>;
}

/**
 * Every run, newest first, with its KPIs. A run still marked `running` whose process is gone was
 * killed: it is shown (and recorded) as failed.
 */
export async function listRuns(db: Engine): Promise<RunRow[]> {
  const rows = await db.query<{
    run_id: number;
    as_of: string;
    status: RunRow['status'];
    started_at: string;
    finished_at: string | null;
    parameters: string;
    message: string | null;
    pid: number | null;
  }>(
    `SELECT run_id, ${db.dialect.toText('as_of')} AS as_of, status, ${db.dialect.toText('started_at')} AS started_at,
       ${db.dialect.toText('finished_at')} AS finished_at, ${db.dialect.toText('parameters')} AS parameters, message, pid
     FROM runs ORDER BY run_id DESC`,
  );
  const kpis = await db.query<{ run_id: number; kpi: string; value: number | null }>(
    'SELECT run_id, kpi, value FROM kpis',
  );
  const out: RunRow[] = [];
  for (const r of rows) {
    let status = r.status;
    if (status === 'running' && r.pid !== null && !alive(r.pid)) {
      status = 'failed';
      await db.run(
        `UPDATE runs SET status = 'failed', message = 'the process running it stopped before it finished' WHERE run_id = $1`,
        [r.run_id],
      );
      r.message = 'the process running it stopped before it finished';
    }
    out.push({
      runId: r.run_id,
      asOf: r.as_of,
      status,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      parameters: JSON.parse(r.parameters),
      message: r.message,
      kpis: Object.fromEntries(kpis.filter((k) => k.run_id === r.run_id).map((k) => [k.kpi, k.value])),
    });
  }
  return out;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The id of the latest finished run, or null. */
export async function latestRun(db: Engine): Promise<number | null> {
  const [row] = await db.query<{ id: number | null }>(
    `SELECT max(run_id) AS id FROM runs WHERE status = 'done'`,
  );
  return row.id;
}

/** Result tables hold rows of finished runs only; this is for tests and diagnostics. */
export async function resultRowCounts(db: Engine, runId: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of RESULT_TABLE_NAMES) {
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${q(t)} WHERE run_id = $1`, [
      runId,
    ]);
    out[t] = n;
  }
  return out;
}

/**
 * The import's memory bound. DuckDB's own default is 80 % of the machine's memory, and an import's
 * scratch tables, aggregates and joins grow to it (a re-import of 30M rows peaked at 20.8 GB).
 * Under a bound they spill to the database's temp directory, which DuckDB keeps beside the
 * database file (`clientele.duckdb.tmp/`, inside the workspace). The bound holds for the import
 * only — the engine's transaction puts the setting in force before it back when it ends — and
 * for closing the database, whose checkpoint writes what the import left in the log.
 */
import type { Engine } from '../../engine.js';

/**
 * DuckDB's memory limit during an import. The process goes over it (buffers the engine does not
 * count, memory its allocator keeps, Node.js's own heap): at 10M rows a first import peaked at
 * 0.73 GB and a re-import at 0.95 GB under this limit (1.1 and 1.45 GB under 1 GB), no slower.
 */
export const IMPORT_MEMORY_LIMIT = '512MB';

const UNITS: Record<string, number> = {
  b: 1,
  bytes: 1,
  kb: 1e3,
  mb: 1e6,
  gb: 1e9,
  tb: 1e12,
  kib: 2 ** 10,
  mib: 2 ** 20,
  gib: 2 ** 30,
  tib: 2 ** 40,
};

/**
 * Bytes of a DuckDB size setting ("18.8 GiB", "1GB"); NaN when it is not one. `plus` adds that
 * many of its units (0.05: the middle of the sizes DuckDB shows as "18.8 GiB").
 */
export function sizeBytes(setting: string, plus = 0): number {
  const m = /^\s*([\d.]+)\s*([a-z]*)\s*$/i.exec(setting);
  if (!m) return Number.NaN;
  const unit = UNITS[(m[2] || 'b').toLowerCase()];
  return unit === undefined ? Number.NaN : (Number(m[1]) + plus) * unit;
}

/** Lowers DuckDB's memory limit to the import's bound (never raises it). */
export async function boundMemory(db: Engine): Promise<void> {
  const [{ limit }] = await db.query<{ limit: string }>(`SELECT current_setting('memory_limit') AS "limit"`);
  if (!(sizeBytes(limit) <= sizeBytes(IMPORT_MEMORY_LIMIT))) {
    await db.run(`SET memory_limit = '${IMPORT_MEMORY_LIMIT}'`);
  }
}

/**
 * Runs `fn` with the engine's filter pushdown off. A typed insert filters on `_check`, a CASE
 * over the typed values; pushed down into the projection below, the filter would compute every
 * cast again (three time-zone conversions per row instead of one: the 10M-row insert took 2.3×
 * the CPU). The setting is put back after `fn`, and by the transaction if `fn` fails.
 */
export async function withoutFilterPushdown<T>(db: Engine, fn: () => Promise<T>): Promise<T> {
  const [{ disabled }] = await db.query<{ disabled: string }>(
    `SELECT current_setting('disabled_optimizers')::VARCHAR AS disabled`,
  );
  const others = disabled
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== 'filter_pushdown');
  await db.run(`SET disabled_optimizers = '${[...others, 'filter_pushdown'].join(',')}'`);
  const out = await fn();
  await db.run(`SET disabled_optimizers = '${others.join(',')}'`);
  return out;
}

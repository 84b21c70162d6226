/**
 * What can be exported, and the SELECT that reads it: every result table of a run (its rows of
 * that run, `run_id` kept) and every canonical table (whole, with its `attributes`). Columns come
 * from the schema definitions, cast per output format so that money stays exact in text formats.
 */
import { UsageError } from '../errors.js';
import { RESULT_TABLE_NAMES, resultTableByName } from '../schema/results.js';
import { type ColumnType, TABLE_NAMES, tableByName } from '../schema/tables.js';
import { type Engine, quoteIdent as q, type SqlValue } from '../store/engine.js';

/** A column of an exported table and its type in the data model. */
export interface ExportColumn {
  name: string;
  type: ColumnType;
}

/** A table as an export reads it. */
export interface ExportSource {
  table: string;
  kind: 'result' | 'canonical';
  columns: readonly ExportColumn[];
  /** The run whose rows are read (result tables only). */
  runId: number | null;
}

/** How values leave the engine: `text` keeps money, times and JSON as exact text; `number` turns money into floats. */
export type ValueShape = 'text' | 'number' | 'native';

/** Every exportable table: result tables first (per run), then the canonical tables. */
export const EXPORTABLE_TABLES: readonly string[] = [...RESULT_TABLE_NAMES, ...TABLE_NAMES];

/**
 * The table `name` as read for an export; result tables need `runId`.
 *
 * @example exportSource('rfm', 3).columns[0] // { name: 'run_id', type: 'integer' }
 */
export function exportSource(name: string, runId: number | null): ExportSource {
  const result = resultTableByName(name);
  if (result) {
    if (runId === null) throw new Error(`exportSource: result table ${name} needs a run`);
    return {
      table: name,
      kind: 'result',
      runId,
      columns: [{ name: 'run_id', type: 'integer' }, ...result.columns],
    };
  }
  const canonical = tableByName(name);
  if (canonical) {
    return {
      table: name,
      kind: 'canonical',
      runId: null,
      columns: [...canonical.columns, { name: 'attributes', type: 'json' }],
    };
  }
  throw new UsageError(
    `there is no table "${name}" to export; the tables are ${EXPORTABLE_TABLES.join(', ')} (see "clientele export --list")`,
  );
}

/** True for a result table (read per run), false for a canonical one. */
export function isResultTable(name: string): boolean {
  return resultTableByName(name) !== undefined;
}

/**
 * The SELECT that streams `source` with values shaped for a format, and its parameters. No ORDER
 * BY: rows come in stored order, so that a million-row export never sorts.
 */
export function selectFor(
  db: Engine,
  source: ExportSource,
  shape: ValueShape,
): { sql: string; params: SqlValue[] } {
  const d = db.dialect;
  const cols = source.columns.map((c) => {
    const col = q(c.name);
    if (shape === 'native') return col;
    if (c.type === 'decimal') return `${shape === 'text' ? d.toText(col) : d.toFloat(col)} AS ${col}`;
    if (c.type === 'timestamp' || c.type === 'date' || c.type === 'json') return `${d.toText(col)} AS ${col}`;
    return col;
  });
  const where = source.kind === 'result' ? ' WHERE run_id = $1' : '';
  return {
    sql: `SELECT ${cols.join(', ')} FROM ${q(source.table)}${where}`,
    params: source.kind === 'result' ? [source.runId] : [],
  };
}

/** The number of rows an export of `source` holds. */
export async function rowCount(db: Engine, source: ExportSource): Promise<number> {
  const where = source.kind === 'result' ? ' WHERE run_id = $1' : '';
  const [{ n }] = await db.query<{ n: number }>(
    `SELECT count(*) AS n FROM ${q(source.table)}${where}`,
    source.kind === 'result' ? [source.runId] : [],
  );
  return Number(n);
}

/** A table listed by `clientele export --list`. */
export interface ExportableTable {
  table: string;
  kind: 'result' | 'canonical';
  rows: number;
  description: string;
}

/**
 * Every exportable table with its row count: result tables counted in run `runId` (0 rows when
 * there is no run), canonical tables whole.
 */
export async function listExportable(db: Engine, runId: number | null): Promise<ExportableTable[]> {
  const out: ExportableTable[] = [];
  for (const name of EXPORTABLE_TABLES) {
    const result = resultTableByName(name);
    const description = result?.description ?? tableByName(name)?.description ?? '';
    const rows = result && runId === null ? 0 : await rowCount(db, exportSource(name, runId));
    out.push({ table: name, kind: result ? 'result' : 'canonical', rows, description });
  }
  return out;
}

/**
 * Model inputs as typed columns: a query's numeric columns read by the engine straight into
 * `Float64Array`s (`Engine.columns`), so that a million-row summary never becomes a million row
 * objects.
 */
import type { Engine, SqlValue } from '../../store/engine.js';

/** Columns of equal length `size`, by name. */
export interface TypedColumns<K extends string> {
  size: number;
  columns: Record<K, Float64Array>;
}

/**
 * Runs `select` and returns the columns `names` (numbers; NULL becomes NaN) as Float64Arrays, in
 * the rows' order. A name the query does not return is a bug in the caller: it throws.
 *
 * @example
 * const { size, columns } = await readColumns(db, 'SELECT x, count(*) AS w FROM s GROUP BY x ORDER BY x', [], ['x', 'w']);
 */
export async function readColumns<K extends string>(
  db: Engine,
  select: string,
  params: readonly SqlValue[],
  names: readonly K[],
): Promise<TypedColumns<K>> {
  const all = await db.columns(select, params);
  const columns = {} as Record<K, Float64Array>;
  let size = 0;
  for (const name of names) {
    const column = all[name];
    if (!column) throw new Error(`readColumns: the query returns no column "${name}"`);
    columns[name] = column;
    size = column.length;
  }
  return { size, columns };
}

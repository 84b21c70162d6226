/**
 * Model inputs as typed columns: a query's numeric columns streamed into `Float64Array`s, batch
 * by batch, so that a million-row summary never becomes a million row objects at once.
 */
import type { Engine, SqlValue } from '../../store/engine.js';

/** Columns of equal length `size`, by name. */
export interface TypedColumns<K extends string> {
  size: number;
  columns: Record<K, Float64Array>;
}

/**
 * Runs `select` and copies the columns `names` (numbers; NULL becomes NaN) into Float64Arrays.
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
  let capacity = 1024;
  let size = 0;
  let arrays = names.map(() => new Float64Array(capacity));
  for await (const batch of db.stream(select, params)) {
    if (size + batch.length > capacity) {
      while (size + batch.length > capacity) capacity *= 2;
      arrays = arrays.map((a) => {
        const grown = new Float64Array(capacity);
        grown.set(a.subarray(0, size));
        return grown;
      });
    }
    for (const row of batch) {
      for (let c = 0; c < names.length; c++) {
        const v = row[names[c]];
        arrays[c][size] = v === null || v === undefined ? Number.NaN : Number(v);
      }
      size++;
    }
  }
  const columns = {} as Record<K, Float64Array>;
  names.forEach((n, c) => {
    columns[n] = arrays[c].slice(0, size);
  });
  return { size, columns };
}

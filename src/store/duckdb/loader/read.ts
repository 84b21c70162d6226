/** DuckDB's readers over a source, every column as text under its positional name (`c0`, `c1`, …). */
import type { CsvSource } from '../../../schema/source.js';
import type { Engine } from '../../engine.js';
import { quoteIdent as q } from '../../engine.js';
import { lit } from '../ddl.js';
import { type Params, sourceColumn } from './sql.js';

/**
 * Longest CSV record the staged reader accepts (a 10 MB field is fine; a longer record is a
 * structural reject, with its line). The reader's buffer must hold a whole record, and the engine
 * sizes it at 16 records unless told: 64 MB records would ask for 1 GB buffers, over the import's
 * memory bound, so the buffer is set to one record. The direct path keeps the engine's default
 * (2 MB), which reads several times faster: a longer record there is a structural reject, which
 * sends the import to the staged path.
 */
const MAX_LINE = 64 * 1024 * 1024;

/**
 * The CSV reader. With `rejects`, records that break the CSV structure go to the temp tables
 * `rejects` and `rejects_scan`; without, they are skipped (for counting).
 */
export function csvReaderSql(src: CsvSource, p: Params, rejects?: string, longLines = false): string {
  const cols = `{${src.columns.map((_, i) => `${lit(sourceColumn(i))}: 'VARCHAR'`).join(', ')}}`;
  const errors = rejects
    ? `store_rejects = true, rejects_table = ${lit(rejects)}, rejects_scan = ${lit(`${rejects}_scan`)}`
    : 'ignore_errors = true';
  return `read_csv(${p.add(src.path)}, header = ${p.add(src.header)}, delim = ${p.add(src.delimiter)}, quote = '"', escape = '"',
    columns = ${cols}, auto_detect = false, strict_mode = true, null_padding = false, ${errors}${longLines ? `, max_line_size = ${MAX_LINE}, buffer_size = ${MAX_LINE}` : ''})`;
}

/** The Parquet reader, every leaf column cast to text. */
export function parquetReaderSql(path: string, columns: readonly string[], p: Params): string {
  const list = columns.map((c, i) => `CAST(${q(c)} AS VARCHAR) AS ${q(sourceColumn(i))}`).join(', ');
  return `(SELECT ${list} FROM read_parquet(${p.add(path)}))`;
}

/** The leaf column names of a Parquet file, in order. */
export async function parquetColumns(db: Engine, path: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT name FROM parquet_schema($1) WHERE num_children IS NULL`,
    [path],
  );
  return rows.map((r) => r.name);
}

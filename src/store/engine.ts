/**
 * The one interface between Clientele and a database. The embedded default is DuckDB
 * (`duckdb/`); a ClickHouse implementation will push the same analyses to a cluster. Values are
 * always passed as parameters, never spliced into SQL; SQL text in the rest of the project is
 * written against this interface's dialect helpers in `store/`.
 */

import type { Dialect } from './dialect.js';
import type { ImportLoader } from './loader.js';

export type SqlValue = string | number | bigint | boolean | null | Date;
export type Row = Record<string, unknown>;

export interface Engine {
  /** Runs a statement and returns all rows as plain objects (numbers as JS numbers). */
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement for its effect. */
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Runs a statement and returns the number of rows it inserted, updated or deleted. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Streams a result in batches of rows. */
  stream<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): AsyncIterable<T[]>;
  /**
   * Runs a query and returns each column as a `Float64Array`, by name, in the result's row order
   * (numbers and decimals as doubles, big integers rounded to the nearest double, booleans as 1/0,
   * NULL and anything else as NaN). For model inputs: no object is made per row.
   */
  columns(sql: string, params?: readonly SqlValue[]): Promise<Record<string, Float64Array>>;
  /** Runs `fn` in one transaction: everything or nothing. */
  transaction<T>(fn: (tx: Engine) => Promise<T>): Promise<T>;
  /**
   * Writes the rows of `select` to a Parquet file at `path` (the engine streams them: memory stays
   * flat whatever the row count) and returns the number of rows written.
   */
  writeParquet(select: string, params: readonly SqlValue[], path: string): Promise<number>;
  /**
   * Lowers the engine's working memory to the bound that keeps the process under 2 GB (work that
   * does not fit spills to disk); inside a transaction, the bound ends with it.
   */
  boundMemory(): Promise<void>;
  /** Appends rows to a table quickly (bulk load); values in column order. */
  append(table: string, columns: readonly string[], rows: Iterable<readonly SqlValue[]>): Promise<void>;
  /** The engine's spelling of the SQL functions analyses use. */
  readonly dialect: Dialect;
  /** The engine's side of an import (see `loader.ts`), on this connection or transaction. */
  loader(): ImportLoader;
  /** Percent done of the statement running now, when the engine can tell (else null). */
  progress(): number | null;
  close(): Promise<void>;
}

/** Quotes an identifier (table or column name) for SQL. Names are not values: they cannot be bound. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

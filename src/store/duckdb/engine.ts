/** The embedded DuckDB engine (the default). */
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { EngineError } from '../../errors.js';
import type { Dialect } from '../dialect.js';
import { type Engine, quoteIdent, type Row, type SqlValue } from '../engine.js';
import type { ImportLoader } from '../loader.js';
import { lit } from './ddl.js';
import { duckDbDialect } from './dialect.js';
import { DuckDbLoader } from './loader/index.js';

function toJs(v: unknown): unknown {
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v;
  if (v !== null && typeof v === 'object' && 'toDouble' in v && typeof v.toDouble === 'function')
    return v.toDouble();
  // Lists and arrays become JS arrays of converted items.
  if (v !== null && typeof v === 'object' && 'items' in v && Array.isArray(v.items)) return v.items.map(toJs);
  if (v !== null && typeof v === 'object' && 'toString' in v && v.constructor?.name?.startsWith('DuckDB'))
    return String(v);
  return v;
}

function toRowObjects(columns: string[], rows: unknown[][]): Row[] {
  return rows.map((r) => {
    const o: Row = {};
    for (let i = 0; i < columns.length; i++) o[columns[i]] = toJs(r[i]);
    return o;
  });
}

class DuckDbEngine implements Engine {
  private inTransaction = false;
  readonly dialect: Dialect = duckDbDialect;

  constructor(
    private readonly instance: DuckDBInstance | null,
    private readonly conn: DuckDBConnection,
  ) {}

  private fail(e: unknown, sql: string, params: readonly SqlValue[]): never {
    const message = e instanceof Error ? e.message : String(e);
    throw new EngineError(message, sql, params, { cause: e });
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    try {
      const reader = await this.conn.runAndReadAll(sql, params as DuckDBValue[]);
      return toRowObjects(reader.columnNames(), reader.getRows()) as T[];
    } catch (e) {
      this.fail(e, sql, params);
    }
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    try {
      await this.conn.run(sql, params as DuckDBValue[]);
    } catch (e) {
      this.fail(e, sql, params);
    }
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    try {
      const result = await this.conn.run(sql, params as DuckDBValue[]);
      return Number(result.rowsChanged);
    } catch (e) {
      this.fail(e, sql, params);
    }
  }

  async *stream<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): AsyncIterable<T[]> {
    let result: Awaited<ReturnType<DuckDBConnection['stream']>>;
    try {
      result = await this.conn.stream(sql, params as DuckDBValue[]);
    } catch (e) {
      this.fail(e, sql, params);
    }
    const columns = result.columnNames();
    for (;;) {
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      yield toRowObjects(columns, chunk.getRows()) as T[];
    }
  }

  async transaction<T>(fn: (tx: Engine) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    await this.run('BEGIN TRANSACTION');
    this.inTransaction = true;
    try {
      const out = await fn(this);
      await this.run('COMMIT');
      return out;
    } catch (e) {
      await this.run('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  async append(
    table: string,
    columns: readonly string[],
    rows: Iterable<readonly SqlValue[]>,
  ): Promise<void> {
    // The appender needs every column of the table in order; others get NULL.
    const info = await this.query<{ name: string }>(
      `SELECT name FROM pragma_table_info(${'$1'}) ORDER BY cid`,
      [table],
    );
    const position = columns.map((c) => info.findIndex((i) => i.name === c));
    if (position.some((p) => p < 0))
      throw new EngineError(`append: unknown column in ${columns.join(', ')}`, table);
    const appender = await this.conn.createAppender(table);
    try {
      const full: SqlValue[] = new Array(info.length).fill(null);
      for (const row of rows) {
        full.fill(null);
        for (let i = 0; i < position.length; i++) full[position[i]] = row[i];
        for (const v of full) {
          if (v === null || v === undefined) appender.appendNull();
          else if (typeof v === 'number') appender.appendDouble(v);
          else if (typeof v === 'bigint') appender.appendBigInt(v);
          else if (typeof v === 'boolean') appender.appendBoolean(v);
          else appender.appendVarchar(v instanceof Date ? v.toISOString() : v);
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }

  async writeParquet(select: string, params: readonly SqlValue[], path: string): Promise<number> {
    return this.execute(`COPY (${select}) TO ${lit(path)} (FORMAT parquet)`, params);
  }

  loader(): ImportLoader {
    return new DuckDbLoader(this);
  }

  progress(): number | null {
    const p = this.conn.progress.percentage;
    return p >= 0 ? p : null;
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance?.closeSync();
  }
}

/**
 * Opens (creating if needed) a DuckDB database file, or an in-memory one for ':memory:'.
 *
 * @example const engine = await openDuckDb('ws/clientele.duckdb'); await engine.query('SELECT 1 AS x');
 */
export async function openDuckDb(path: string): Promise<Engine> {
  try {
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    // Track progress of long statements (for progress bars) without DuckDB printing its own.
    await conn.run('SET enable_progress_bar = true; SET enable_progress_bar_print = false');
    return new DuckDbEngine(instance, conn);
  } catch (e) {
    throw new EngineError(e instanceof Error ? e.message : String(e), `open ${path}`);
  }
}

export { quoteIdent };

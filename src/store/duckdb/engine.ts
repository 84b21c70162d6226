/** The embedded DuckDB engine (the default). */
import {
  DuckDBBigIntVector,
  type DuckDBConnection,
  DuckDBDoubleVector,
  DuckDBFloatVector,
  DuckDBInstance,
  DuckDBIntegerVector,
  DuckDBSmallIntVector,
  DuckDBTinyIntVector,
  DuckDBUBigIntVector,
  DuckDBUIntegerVector,
  DuckDBUSmallIntVector,
  DuckDBUTinyIntVector,
  type DuckDBValue,
  type DuckDBVector,
} from '@duckdb/node-api';
import { EngineError } from '../../errors.js';
import type { Dialect } from '../dialect.js';
import { type Engine, quoteIdent, type Row, type SqlValue } from '../engine.js';
import type { ImportLoader } from '../loader.js';
import { lit } from './ddl.js';
import { duckDbDialect } from './dialect.js';
import { DuckDbLoader } from './loader/index.js';
import { boundMemory, sizeBytes } from './loader/settings.js';

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

/** A value of a result vector as a double: NULL and non-numbers become NaN. */
function toDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v !== null && typeof v === 'object' && 'toDouble' in v && typeof v.toDouble === 'function')
    return v.toDouble();
  return Number.NaN;
}

/** Vectors whose items are plain numbers in a typed array (not decimals: those are scaled). */
const PLAIN_NUMBERS = [
  DuckDBDoubleVector,
  DuckDBFloatVector,
  DuckDBBigIntVector,
  DuckDBIntegerVector,
  DuckDBSmallIntVector,
  DuckDBTinyIntVector,
  DuckDBUBigIntVector,
  DuckDBUIntegerVector,
  DuckDBUSmallIntVector,
  DuckDBUTinyIntVector,
];
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * The first `n` values of a result vector as doubles. Plain numeric vectors are copied from their
 * typed array (the vector's `items`) with NULLs from its validity mask (bit i of 64-bit word
 * i / 64), without a call per value: `getItem` tests validity with BigInt arithmetic, 10× slower.
 * Anything else (decimals, hugeints, text) goes value by value.
 */
function vectorDoubles(vector: DuckDBVector, n: number): Float64Array {
  const out = new Float64Array(n);
  const raw = vector as unknown as { items?: unknown; validity?: { data?: unknown; offset?: number } };
  const { items, validity } = raw;
  const mask = validity?.data;
  const plain =
    LITTLE_ENDIAN &&
    PLAIN_NUMBERS.some((type) => vector instanceof type) &&
    ArrayBuffer.isView(items) &&
    !(items instanceof DataView) &&
    (items as unknown as ArrayLike<unknown>).length >= n &&
    validity?.offset === 0 &&
    (mask === null || mask instanceof BigUint64Array);
  if (!plain) {
    for (let i = 0; i < n; i++) out[i] = toDouble(vector.getItem(i));
    return out;
  }
  if (items instanceof BigInt64Array || items instanceof BigUint64Array) {
    for (let i = 0; i < n; i++) out[i] = Number(items[i]);
  } else {
    out.set((items as unknown as Float64Array).subarray(0, n));
  }
  if (mask instanceof BigUint64Array) {
    const words = new Uint32Array(mask.buffer, mask.byteOffset, mask.length * 2);
    for (let i = 0; i < n; i++) if (((words[i >>> 5] >>> (i & 31)) & 1) === 0) out[i] = Number.NaN;
  }
  return out;
}

function toRowObjects(columns: string[], rows: unknown[][]): Row[] {
  return rows.map((r) => {
    const o: Row = {};
    for (let i = 0; i < columns.length; i++) o[columns[i]] = toJs(r[i]);
    return o;
  });
}

/**
 * Settings a transaction puts back when it ends: the import bounds the engine's memory and turns
 * an optimizer off for one statement (`loader/settings.ts`).
 */
const KEPT_SETTINGS = ['memory_limit', 'disabled_optimizers'] as const;

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

  async columns(sql: string, params: readonly SqlValue[] = []): Promise<Record<string, Float64Array>> {
    // Chunk by chunk, column by column: one Float64Array per column and chunk, joined at the end.
    const parts: Float64Array[][] = [];
    let names: string[] = [];
    let size = 0;
    try {
      const result = await this.conn.stream(sql, params as DuckDBValue[]);
      names = result.columnNames();
      for (const _ of names) parts.push([]);
      for (;;) {
        const chunk = await result.fetchChunk();
        if (!chunk || chunk.rowCount === 0) break;
        for (let c = 0; c < names.length; c++) {
          parts[c].push(vectorDoubles(chunk.getColumnVector(c), chunk.rowCount));
        }
        size += chunk.rowCount;
      }
    } catch (e) {
      this.fail(e, sql, params);
    }
    const out: Record<string, Float64Array> = {};
    names.forEach((name, c) => {
      const column = new Float64Array(size);
      let offset = 0;
      for (const part of parts[c].splice(0)) {
        column.set(part, offset);
        offset += part.length;
      }
      out[name] = column;
    });
    return out;
  }

  /**
   * Runs `fn` in one transaction. The settings in `KEPT_SETTINGS` are at its end what they were at
   * its start, committed or not: work inside (an import) may change them for itself, and a
   * setting cannot be changed back inside a transaction that an error has aborted.
   */
  async transaction<T>(fn: (tx: Engine) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    const kept = await this.keptSettings();
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
      // Best effort: a failure here must not hide the transaction's own outcome.
      await this.restoreSettings(kept).catch(() => undefined);
    }
  }

  /**
   * Puts settings back as `keptSettings` read them: the engine's default when that reads the
   * same, else the value read. DuckDB shows a size to one decimal, cut short ("3GB" reads "2.7
   * GiB"): a size is set back to the middle of what reads the same, so it cannot drift down.
   */
  private async restoreSettings(kept: Record<string, string>): Promise<void> {
    for (const name of KEPT_SETTINGS) {
      if ((await this.keptSettings())[name] === kept[name]) continue;
      await this.run(`RESET ${name}`);
      if ((await this.keptSettings())[name] === kept[name]) continue;
      const value = name === 'memory_limit' ? `${Math.round(sizeBytes(kept[name], 0.05))}B` : kept[name];
      await this.run(`SET ${name} = ${lit(value)}`);
    }
  }

  private async keptSettings(): Promise<Record<string, string>> {
    const list = KEPT_SETTINGS.map((name) => `current_setting(${lit(name)})::VARCHAR AS ${quoteIdent(name)}`);
    const [row] = await this.query<Record<string, string>>(`SELECT ${list.join(', ')}`);
    return row;
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

  boundMemory(): Promise<void> {
    return boundMemory(this);
  }

  async writeParquet(select: string, params: readonly SqlValue[], path: string): Promise<number> {
    // A parallel COPY that keeps the rows' order buffers row groups per thread and grows with the
    // table (10M rows: 775 MB peak RSS); on one thread it streams (288 MB) and is no slower here.
    const [{ threads }] = await this.query<{ threads: number }>(
      `SELECT CAST(current_setting('threads') AS BIGINT) AS threads`,
    );
    await this.run('SET threads = 1');
    try {
      return await this.execute(`COPY (${select}) TO ${lit(path)} (FORMAT parquet)`, params);
    } finally {
      await this.run(`SET threads = ${Number(threads)}`);
    }
  }

  loader(): ImportLoader {
    return new DuckDbLoader(this);
  }

  progress(): number | null {
    const p = this.conn.progress.percentage;
    return p >= 0 ? p : null;
  }

  /**
   * Closes the database. Closing writes what the last transactions left in the write-ahead log
   * into the database file (a checkpoint: after a 10M-row import, 1.4 GB of memory without a
   * bound), so it runs under the import's memory bound too.
   */
  async close(): Promise<void> {
    await boundMemory(this).catch(() => undefined);
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

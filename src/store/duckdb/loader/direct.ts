/**
 * The direct load: each file is typed, checked and inserted in one pass, straight from the
 * engine's reader into the table. It then verifies that every record read was inserted, that no
 * record broke the CSV structure and that keys are unique and new; otherwise it takes its rows
 * out again and returns null. Same transaction throughout: nothing is ever half-done.
 */
import { open } from 'node:fs/promises';
import type { Source } from '../../../schema/source.js';
import { TABLES } from '../../../schema/tables.js';
import { type Engine, quoteIdent as q, type SqlValue } from '../../engine.js';
import type { LoadBatch } from '../../loader.js';
import { compileTypedSelect } from './compile.js';
import { keysUniqueAndNew } from './keys.js';
import { csvReaderSql, parquetColumns, parquetReaderSql } from './read.js';
import { withoutFilterPushdown } from './settings.js';
import { bindUsed, Params } from './sql.js';
import { batchSpan } from './temporal.js';

/** A source's text columns and its reader's SQL. */
async function readerOf(db: Engine, src: Source) {
  if (src.format === 'csv')
    return { columns: src.columns, sql: (p: Params, rejects?: string) => csvReaderSql(src, p, rejects) };
  if (src.format === 'parquet') {
    const columns = await parquetColumns(db, src.path);
    return { columns, sql: (p: Params) => parquetReaderSql(src.path, columns, p) };
  }
  throw new Error(`the direct load does not read ${src.format}`);
}

/** Whether the direct load can take these sources at all. */
export function directPossible(batch: LoadBatch): boolean {
  return (
    batch.sources.every((s) => s.format === 'csv' || s.format === 'parquet') &&
    !Object.values(batch.mapping.columns).some((c) => c.kind === 'derive')
  );
}

export async function loadDirect(
  db: Engine,
  batch: LoadBatch,
  progress: (phase: string) => void,
): Promise<number | null> {
  const { kind, importId, mapping } = batch;
  if (!directPossible(batch)) return null;
  const count = async (sql: string, params: readonly SqlValue[] = []) =>
    (await db.query<{ n: number }>(...bindUsed(sql, params)))[0].n;
  const before = await count(`SELECT count(*)::BIGINT AS n FROM ${q(kind)}`);
  if (before > 0 && (await knownKeysAhead(db, batch))) return null;
  let read = 0;
  let clean = true;
  for (const [i, src] of batch.sources.entries()) {
    progress(`importing ${src.file}`);
    const reader = await readerOf(db, src);
    const typed = compileTypedSelect(
      kind,
      mapping,
      src.file,
      reader.columns,
      { rec: 'NULL::BIGINT', line: 'NULL::BIGINT' },
      batch.dates,
      await batchSpan(db, batch),
    );
    const p = typed.params;
    const source = reader.sql(p, `_frej_${i}`);
    const cols = typed.columns.map(q).join(', ');
    const insert = withoutFilterPushdown(db, () =>
      db.execute(
        ...bindUsed(
          `INSERT INTO ${q(kind)} (${cols}, attributes, _import_id)
           SELECT ${cols}, attributes, ${p.add(importId)} FROM (${typed.sql(source)}) WHERE _check IS NULL`,
          p.values,
        ),
      ),
    );
    // Records read: a plain newline count when it agrees (no quoted newlines or blank lines),
    // else the engine's own count. The lines are counted while the engine inserts.
    const lines = src.format === 'csv' ? countLines(src.path) : Promise.resolve(Number.NaN);
    const [inserted, counted] = await both(insert, lines);
    let records = counted - (src.format === 'csv' && src.header ? 1 : 0);
    if (records !== inserted) {
      const cp = new Params();
      records = await count(`SELECT count(*)::BIGINT AS n FROM ${reader.sql(cp)}`, cp.values);
    }
    const broken =
      src.format === 'csv' ? await count(`SELECT count(*)::BIGINT AS n FROM ${q(`_frej_${i}`)}`) : 0;
    read += records;
    if (broken > 0 || records !== inserted) clean = false;
    if (!clean) break;
  }
  if (clean) {
    progress('checking keys');
    clean = await keysUniqueAndNew(
      db,
      kind,
      `(SELECT * FROM ${q(kind)} WHERE _import_id = $1)`,
      before === 0 ? null : `(SELECT * FROM ${q(kind)} WHERE _import_id IS DISTINCT FROM $1)`,
      [importId],
    );
  }
  for (const i of batch.sources.keys()) {
    for (const t of [`_frej_${i}`, `_frej_${i}_scan`]) await db.run(`DROP TABLE IF EXISTS ${q(t)}`);
  }
  if (!clean) {
    await db.run(`DELETE FROM ${q(kind)} WHERE _import_id = $1`, [importId]);
    return null;
  }
  return read;
}

/** Records looked at, per source, before a direct load into a table that holds rows. */
const AHEAD = 10_000;

/**
 * Whether one of the first records of some source has a key that the table holds. A direct load
 * would then insert every row only to take them all out again (a re-import, an overlapping
 * file): the import is staged at once instead. Any answer is safe; this one is cheap.
 */
async function knownKeysAhead(db: Engine, batch: LoadBatch): Promise<boolean> {
  const { kind } = batch;
  const keyEq = TABLES[kind].key.map((k) => `a.${q(k)} IS NOT DISTINCT FROM b.${q(k)}`).join(' AND ');
  for (const src of batch.sources) {
    const reader = await readerOf(db, src);
    const typed = compileTypedSelect(
      kind,
      batch.mapping,
      src.file,
      reader.columns,
      { rec: 'NULL::BIGINT', line: 'NULL::BIGINT' },
      batch.dates,
      await batchSpan(db, batch),
    );
    const p = typed.params;
    const head = `(SELECT * FROM ${reader.sql(p)} LIMIT ${AHEAD})`;
    const known = await db.query(
      ...bindUsed(
        `SELECT 1 FROM (${typed.sql(head)}) a WHERE _check IS NULL
           AND EXISTS (SELECT 1 FROM ${q(kind)} b WHERE ${keyEq}) LIMIT 1`,
        p.values,
      ),
    );
    if (known.length > 0) return true;
  }
  return false;
}

/** Both values, once both promises have settled (the first failure is thrown then). */
async function both<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [x, y] = await Promise.allSettled([a, b]);
  if (x.status === 'rejected') throw x.reason;
  if (y.status === 'rejected') throw y.reason;
  return [x.value, y.value];
}

/**
 * Lines in a text file (a last line without a newline counts), by scanning for newline bytes. It
 * reads asynchronously, a megabyte at a time, so that the engine's statements go on meanwhile.
 */
async function countLines(path: string): Promise<number> {
  const file = await open(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  let lines = 0;
  let last = 10;
  try {
    for (;;) {
      const { bytesRead: n } = await file.read(buf, 0, buf.length, null);
      if (n === 0) break;
      let at = buf.indexOf(10, 0);
      while (at !== -1 && at < n) {
        lines++;
        at = buf.indexOf(10, at + 1);
      }
      last = buf[n - 1];
    }
  } finally {
    await file.close();
  }
  return last === 10 ? lines : lines + 1;
}

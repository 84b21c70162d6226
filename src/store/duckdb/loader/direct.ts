/**
 * The direct load: each file is typed, checked and inserted in one pass, straight from the
 * engine's reader into the table. It then verifies that every record read was inserted, that no
 * record broke the CSV structure and that keys are unique and new; otherwise it takes its rows
 * out again and returns null. Same transaction throughout: nothing is ever half-done.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Source } from '../../../schema/source.js';
import { type Engine, quoteIdent as q, type SqlValue } from '../../engine.js';
import type { LoadBatch } from '../../loader.js';
import { bindUsed, compileTypedSelect, Params } from './compile.js';
import { keysUniqueAndNew } from './keys.js';
import { csvReaderSql, parquetColumns, parquetReaderSql } from './read.js';

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
    );
    const p = typed.params;
    const source = reader.sql(p, `_frej_${i}`);
    const cols = typed.columns.map(q).join(', ');
    const inserted = await db.execute(
      ...bindUsed(
        `INSERT INTO ${q(kind)} (${cols}, attributes, _import_id)
         SELECT ${cols}, attributes, ${p.add(importId)} FROM (${typed.sql(source)}) WHERE _check IS NULL`,
        p.values,
      ),
    );
    // Records read: a plain newline count when it agrees (no quoted newlines or blank lines),
    // else the engine's own count.
    let records = src.format === 'csv' ? countLines(src.path) - (src.header ? 1 : 0) : -1;
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

/** Lines in a text file (a last line without a newline counts), by scanning for newline bytes. */
function countLines(path: string): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  let lines = 0;
  let last = 10;
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let at = buf.indexOf(10, 0);
      while (at !== -1 && at < n) {
        lines++;
        at = buf.indexOf(10, at + 1);
      }
      last = buf[n - 1];
    }
  } finally {
    closeSync(fd);
  }
  return last === 10 ? lines : lines + 1;
}

/**
 * The direct import: each file is typed, checked and inserted in one pass, straight from the
 * engine's reader into the table. It then verifies that nothing needs the staged path — every
 * record read was inserted, no record broke the CSV structure, keys are unique and new — and
 * otherwise takes its rows out again and returns null, so the staged path does the import with
 * full diagnostics. Same transaction throughout: nothing is ever half-done.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type { Source } from '../../../ingest/sources.js';
import { type Engine, quoteIdent as q, type SqlValue } from '../../engine.js';
import { bindUsed, compileTypedSelect, csvReaderSql, Params } from './compile.js';
import type { ImportCounts, ImportPlan } from './index.js';
import { keysUniqueAndNew } from './keys.js';

function readerSql(src: Source, p: Params, rejects?: string): string {
  if (src.format === 'csv') return csvReaderSql(src, p, rejects);
  if (src.format === 'parquet') return `(SELECT COLUMNS(*)::VARCHAR FROM read_parquet(${p.add(src.path)}))`;
  throw new Error(`direct import does not read ${src.format}`);
}

export async function directImport(
  db: Engine,
  plan: ImportPlan,
  progress: (phase: string) => void,
): Promise<ImportCounts | null> {
  const { kind, importId, mapping } = plan;
  if (!plan.sources.every((s) => s.format === 'csv' || s.format === 'parquet')) return null;
  if (Object.values(mapping.columns).some((c) => c.kind === 'derive')) return null;
  const count = async (sql: string, params: readonly SqlValue[] = []) =>
    (await db.query<{ n: number }>(...bindUsed(sql, params)))[0].n;
  const before = await count(`SELECT count(*)::BIGINT AS n FROM ${q(kind)}`);
  let read = 0;
  let clean = true;
  for (const [i, src] of plan.sources.entries()) {
    progress(`importing ${src.file}`);
    const columns = src.format === 'csv' ? src.columns : await parquetColumns(db, src.path);
    const typed = compileTypedSelect(kind, mapping, src.file, columns, {
      rec: 'NULL::BIGINT',
      line: 'NULL::BIGINT',
    });
    const p = typed.params;
    const cols = typed.columns.map(q).join(', ');
    const inserted = await db.execute(
      ...bindUsed(
        `INSERT INTO ${q(kind)} (${cols}, attributes, _import_id)
         SELECT ${cols}, attributes, ${p.add(importId)} FROM (${typed.sql(readerSql(src, p, `_frej_${i}`))}) WHERE _check IS NULL`,
        p.values,
      ),
    );
    // Records read: a plain newline count when it agrees (no quoted newlines or blank lines),
    // else the engine's own count.
    let records = src.format === 'csv' ? countLines(src.path) - (src.header ? 1 : 0) : -1;
    if (records !== inserted) {
      const cp = new Params();
      records = await count(`SELECT count(*)::BIGINT AS n FROM ${readerSql(src, cp)}`, cp.values);
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
  for (const i of plan.sources.keys()) {
    for (const t of [`_frej_${i}`, `_frej_${i}_scan`]) await db.run(`DROP TABLE IF EXISTS ${q(t)}`);
  }
  if (!clean) {
    await db.run(`DELETE FROM ${q(kind)} WHERE _import_id = $1`, [importId]);
    return null;
  }
  return { read, accepted: read, rejected: 0, duplicates: 0 };
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

async function parquetColumns(db: Engine, path: string): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    `SELECT name FROM parquet_schema($1) WHERE num_children IS NULL`,
    [path],
  );
  return rows.map((r) => r.name);
}

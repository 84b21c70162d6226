/**
 * Comparing staged rows by key, with each other and with the table, and publishing them. Rows are
 * compared in every column read: the canonical values and the attributes (the other source
 * columns), so a row is a duplicate only when nothing about it is new.
 */
import { TABLES } from '../../../schema/tables.js';
import { type Engine, quoteIdent as q } from '../../engine.js';
import type { ConflictReasons, KeyComparison, LoadBatch } from '../../loader.js';
import { lit } from '../ddl.js';
import { keysUniqueAndNew } from './keys.js';
import { locate } from './stage.js';

async function typedColumns(db: Engine, i: number): Promise<Set<string>> {
  const info = await db.query<{ name: string }>(`SELECT name FROM pragma_table_info(${lit(`_typed_${i}`)})`);
  return new Set(info.map((r) => r.name));
}

/** The canonical columns any staged source provides, and each source's select of them. */
async function candidates(db: Engine, batch: LoadBatch) {
  const canon = TABLES[batch.kind].columns.map((c) => c.name);
  const own = await Promise.all(batch.sources.map((_, i) => typedColumns(db, i)));
  const cols = canon.filter((c) => own.some((o) => o.has(c)));
  const select = (i: number) =>
    `SELECT ${i} AS _src, _rec, ${cols.map((c) => (own[i].has(c) ? q(c) : `NULL AS ${q(c)}`)).join(', ')}, attributes FROM _typed_${i} WHERE _check IS NULL`;
  return { canon, cols, all: batch.sources.map((_, i) => select(i)).join(' UNION ALL ') };
}

/** Keeps, per loader, whether the last comparison found every key new and unique. */
const simple = new WeakMap<LoadBatch, boolean>();

export async function compareKeys(db: Engine, batch: LoadBatch): Promise<KeyComparison> {
  const { kind } = batch;
  const table = TABLES[kind];
  const { canon, cols, all } = await candidates(db, batch);
  const [{ existing }] = await db.query<{ existing: number }>(
    `SELECT count(*)::BIGINT AS existing FROM ${q(kind)}`,
  );
  if (await keysUniqueAndNew(db, kind, `(${all})`, existing === 0 ? null : q(kind))) {
    simple.set(batch, true);
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM (${all})`);
    return { fresh: n, duplicates: 0, conflictsInBatch: 0, conflictsWithTable: 0 };
  }
  simple.set(batch, false);
  const keyOf = (alias: string) => table.key.map((k) => `${alias}.${q(k)}`).join(', ');
  const keyEq = (a: string, b: string) =>
    table.key.map((k) => `${a}.${q(k)} IS NOT DISTINCT FROM ${b}.${q(k)}`).join(' AND ');
  const hashOf = (alias: string) =>
    `md5(concat_ws(chr(31), ${[...canon.map((c) => (cols.includes(c) ? `coalesce(CAST(${alias}.${q(c)} AS VARCHAR), chr(0))` : 'chr(0)')), `coalesce(CAST(${alias}.attributes AS VARCHAR), chr(0))`].join(', ')}))`;
  // Conflicting rows of different sources can share a record number: order by source first.
  await db.run(
    `CREATE TEMP TABLE _cand AS
     SELECT *, ${hashOf('u')} AS _h, row_number() OVER (PARTITION BY ${keyOf('u')} ORDER BY _src, _rec) AS _n
     FROM (${all}) u`,
  );
  await db.run(
    `CREATE TEMP TABLE _decided AS
     SELECT c.*, f._h AS _first_h, o._old_h
     FROM _cand c
     LEFT JOIN (SELECT ${keyOf('t')}, ${hashOf('t')} AS _old_h FROM ${q(kind)} t) o ON ${keyEq('o', 'c')}
     LEFT JOIN (SELECT * FROM _cand WHERE _n = 1) f ON ${keyEq('f', 'c')}`,
  );
  await db.run('DROP TABLE _cand');
  const [c] = await db.query<KeyComparison & Record<string, number>>(
    `SELECT
       count(*) FILTER (WHERE (_n > 1 AND _h = _first_h) OR (_n = 1 AND _old_h = _h))::BIGINT AS duplicates,
       count(*) FILTER (WHERE _n > 1 AND _h <> _first_h)::BIGINT AS "conflictsInBatch",
       count(*) FILTER (WHERE _n = 1 AND _old_h IS NOT NULL AND _old_h <> _h)::BIGINT AS "conflictsWithTable",
       count(*) FILTER (WHERE _n = 1 AND _old_h IS NULL)::BIGINT AS fresh
     FROM _decided`,
  );
  return c;
}

export async function rejectConflicts(
  db: Engine,
  batch: LoadBatch,
  reasons: ConflictReasons,
): Promise<number> {
  if (simple.get(batch)) return 0;
  const key = TABLES[batch.kind].key.join(',');
  let n = 0;
  for (const [i, src] of batch.sources.entries()) {
    const at = await locate(db, src, i);
    const withTable =
      reasons.withTable === null ? 'false' : 'd._n = 1 AND d._old_h IS NOT NULL AND d._old_h <> d._h';
    n += await db.execute(
      `INSERT INTO _rejects
       SELECT $1, $2, ${at.line}, $3, CASE WHEN d._n > 1 THEN $4 ELSE $5 END, NULL
       FROM _decided d JOIN _typed_${i} t ON t._rec = d._rec ${at.join}
       WHERE d._src = ${i} AND ((d._n > 1 AND d._h <> d._first_h) OR (${withTable}))`,
      [batch.importId, src.file, key, reasons.inBatch, reasons.withTable ?? ''],
    );
  }
  return n;
}

export async function publish(db: Engine, batch: LoadBatch, replace: boolean): Promise<number> {
  const { kind, importId } = batch;
  const { cols } = await candidates(db, batch);
  const list = cols.map(q).join(', ');
  if (simple.get(batch)) {
    let accepted = 0;
    for (const i of batch.sources.keys()) {
      const own = await typedColumns(db, i);
      const values = cols.map((c) => (own.has(c) ? q(c) : 'NULL')).join(', ');
      accepted += await db.execute(
        `INSERT INTO ${q(kind)} (${list}, attributes, _import_id) SELECT ${values}, attributes, $1 FROM _typed_${i} WHERE _check IS NULL`,
        [importId],
      );
    }
    return accepted;
  }
  const table = TABLES[kind];
  if (replace) {
    const keyEq = table.key.map((k) => `c.${q(k)} IS NOT DISTINCT FROM t.${q(k)}`).join(' AND ');
    await db.run(
      `DELETE FROM ${q(kind)} t WHERE EXISTS (SELECT 1 FROM _decided c WHERE c._n = 1 AND c._old_h IS NOT NULL AND c._old_h <> c._h AND ${keyEq})`,
    );
  }
  return db.execute(
    `INSERT INTO ${q(kind)} (${list}, attributes, _import_id)
     SELECT ${list}, attributes, $1 FROM _decided
     WHERE _n = 1 AND (_old_h IS NULL${replace ? ' OR _old_h <> _h' : ''}) ORDER BY _src, _rec`,
    [importId],
  );
}

export async function dropMerge(db: Engine): Promise<void> {
  await db.run('DROP TABLE IF EXISTS _decided; DROP TABLE IF EXISTS _cand');
}

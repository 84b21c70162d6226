/**
 * Comparing staged rows by key, with each other and with the table, and publishing them. Rows are
 * compared in every column read: the canonical values and the attributes (the other source
 * columns), so a row is a duplicate only when nothing about it is new. The comparison itself is
 * in `classify.ts`; here its counts become the contract's, conflicts become rejects with their
 * line, and the rows to keep go into the table in file order.
 */
import { TABLES } from '../../../schema/tables.js';
import { type Engine, quoteIdent as q } from '../../engine.js';
import type { ConflictReasons, KeyComparison, LoadBatch } from '../../loader.js';
import { lit } from '../ddl.js';
import {
  type Candidates,
  classifyKeys,
  classifyLater,
  dropClassification,
  keyEq,
  SHIFT,
} from './classify.js';
import { locate } from './stage.js';

async function typedColumns(db: Engine, i: number): Promise<Set<string>> {
  const info = await db.query<{ name: string }>(`SELECT name FROM pragma_table_info(${lit(`_typed_${i}`)})`);
  return new Set(info.map((r) => r.name));
}

/** The canonical columns any staged source provides, and each source's own. */
async function candidates(db: Engine, batch: LoadBatch): Promise<Candidates> {
  const own: Set<string>[] = [];
  for (const i of batch.sources.keys()) own.push(await typedColumns(db, i));
  const cols = TABLES[batch.kind].columns.map((c) => c.name).filter((c) => own.some((o) => o.has(c)));
  return { kind: batch.kind, cols, own };
}

/** The last comparison of a batch: its counts, and whether every row was new with a unique key. */
const decided = new WeakMap<LoadBatch, { simple: boolean; counts: KeyComparison }>();

function decision(batch: LoadBatch) {
  const d = decided.get(batch);
  if (!d) throw new Error('the staged rows were not compared (compareKeys) before this step');
  return d;
}

/** The rows of source `i` among places `_o` of a relation: its record numbers. */
const ofSource = (i: number, o: string) => `${o} >= ${i * SHIFT} AND ${o} < ${(i + 1) * SHIFT}`;

export async function compareKeys(db: Engine, batch: LoadBatch): Promise<KeyComparison> {
  await dropMerge(db);
  const c = await candidates(db, batch);
  const stored = await db.query(`SELECT 1 FROM ${q(batch.kind)} LIMIT 1`);
  const k = await classifyKeys(db, c, stored.length > 0);
  const later = k.mixed > 0 ? await classifyLater(db, c) : { same: 0, differ: 0 };
  const counts: KeyComparison = {
    fresh: k.fresh,
    duplicates: k.sameInBatch + later.same + k.sameAsTable,
    conflictsInBatch: later.differ,
    conflictsWithTable: k.differFromTable,
  };
  decided.set(batch, { simple: k.fresh === k.rows, counts });
  return counts;
}

export async function rejectConflicts(
  db: Engine,
  batch: LoadBatch,
  reasons: ConflictReasons,
): Promise<number> {
  const { counts } = decision(batch);
  const parts: string[] = [];
  if (counts.conflictsInBatch > 0) parts.push('SELECT _o, true AS _in_batch FROM _later WHERE NOT _same');
  if (reasons.withTable !== null && counts.conflictsWithTable > 0) {
    parts.push('SELECT _first_o AS _o, false AS _in_batch FROM _keys WHERE _old_h <> _first_h');
  }
  if (parts.length === 0) return 0;
  await db.run(`CREATE TEMP TABLE _conflicts AS ${parts.join(' UNION ALL ')}`);
  const key = TABLES[batch.kind].key.join(',');
  const sources = await db.query<{ i: number }>(
    `SELECT DISTINCT (_o // ${SHIFT})::BIGINT AS i FROM _conflicts ORDER BY i`,
  );
  let n = 0;
  for (const { i } of sources) {
    const src = batch.sources[i];
    const at = await locate(db, src, i);
    n += await db.execute(
      `INSERT INTO _rejects
       SELECT $1, $2, ${at.line}, $3, CASE WHEN c._in_batch THEN $4 ELSE $5 END, NULL
       FROM (SELECT _o - ${i * SHIFT} AS _rec, _in_batch FROM _conflicts WHERE ${ofSource(i, '_o')}) c
       JOIN _typed_${i} t ON t._rec = c._rec ${at.join}`,
      [batch.importId, src.file, key, reasons.inBatch, reasons.withTable ?? ''],
    );
  }
  return n;
}

export async function publish(db: Engine, batch: LoadBatch, replace: boolean): Promise<number> {
  const { kind, importId } = batch;
  const { simple, counts } = decision(batch);
  const c = await candidates(db, batch);
  const list = c.cols.map(q).join(', ');
  const values = (own: Set<string>) => c.cols.map((col) => (own.has(col) ? q(col) : 'NULL')).join(', ');
  const insert = (i: number, where: string) =>
    db.execute(
      `INSERT INTO ${q(kind)} (${list}, attributes, _import_id)
       SELECT ${values(c.own[i])}, attributes, $1 FROM _typed_${i} WHERE _check IS NULL${where}`,
      [importId],
    );
  let accepted = 0;
  if (simple) {
    // Every row is new with a unique key: each source as it is, in file order.
    for (const i of batch.sources.keys()) accepted += await insert(i, '');
    return accepted;
  }
  if (replace && counts.conflictsWithTable > 0) {
    await db.run(
      `DELETE FROM ${q(kind)} t WHERE EXISTS (SELECT 1 FROM _keys k WHERE k._old_h <> k._first_h AND ${keyEq(kind, 'k', 't')})`,
    );
  }
  if (counts.fresh + (replace ? counts.conflictsWithTable : 0) === 0) return 0;
  // The first row of each new key (and with `replace`, of each key whose stored row differs).
  const take = `(_old_h IS NULL${replace ? ' OR _old_h <> _first_h' : ''})`;
  for (const i of batch.sources.keys()) {
    accepted += await insert(
      i,
      ` AND _rec IN (SELECT _first_o - ${i * SHIFT} FROM _keys WHERE ${take} AND ${ofSource(i, '_first_o')}) ORDER BY _rec`,
    );
  }
  return accepted;
}

/** Drops the comparison's scratch tables. */
export async function dropMerge(db: Engine): Promise<void> {
  await dropClassification(db);
  await db.run('DROP TABLE IF EXISTS _conflicts');
}

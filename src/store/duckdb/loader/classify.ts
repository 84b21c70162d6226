/**
 * Classifying staged rows by key (the hash-probe merge): one row per key — the staged rows
 * themselves when their keys are unique, else an aggregate per key — joined with the stored rows
 * of those keys, comparing 64-bit hashes of whole rows, instead of numbering every row in a window
 * and joining wide text. Memory stays bounded: sorts, aggregates and joins spill to disk under the
 * import's memory limit. Rows are compared in every column read: the canonical values that some
 * source provides, and the attributes (the other source columns). Keys are compared exactly;
 * two different rows of one key would pass for identical only if their hashes met (about one
 * chance in 2⁶⁴ per comparison; the text comparison before used 128-bit MD5 digests).
 */
import { type ColumnDef, TABLES, type TableName } from '../../../schema/tables.js';
import { type Engine, quoteIdent as q } from '../../engine.js';
import { SQL_TYPES } from '../ddl.js';
import { keysUniqueAndNew } from './keys.js';

/** A staged row's place: source number × 2⁴⁰ + record number (so `min` is the first in file order). */
export const SHIFT = 2 ** 40;

/** The rows a batch compares: per source, its typed table and the canonical columns it has. */
export interface Candidates {
  kind: TableName;
  /** Canonical columns that at least one source provides, in the table's order. */
  cols: string[];
  /** For each source, the canonical columns its `_typed_i` has. */
  own: Set<string>[];
}

/** What the per-key table `_keys` holds, summed up. */
export interface KeyCounts {
  /** Staged rows that passed their checks. */
  rows: number;
  /** Keys whose first staged row is absent from the table. */
  fresh: number;
  /** Rows after the first of their key, identical to it (keys whose copies are all alike). */
  sameInBatch: number;
  /** Keys whose copies are not all alike (their later rows are classified one by one). */
  mixed: number;
  /** Keys whose first staged row is identical to the stored row. */
  sameAsTable: number;
  /** Keys whose first staged row differs from the stored row. */
  differFromTable: number;
}

const defOf = (kind: TableName, name: string): ColumnDef =>
  TABLES[kind].columns.find((c) => c.name === name) as ColumnDef;

/**
 * SQL for the 64-bit hash of a row over `cols` and the attributes. Values are hashed in the
 * table's types; doubles by their text, so that -0 and 0 differ as they do when written out.
 */
export function rowHash(
  kind: TableName,
  cols: string[],
  value: (c: string) => string,
  attrs: string,
): string {
  const parts = cols.map((c) => {
    const def = defOf(kind, c);
    const typed = `CAST(${value(c)} AS ${SQL_TYPES[def.type]})`;
    return def.type === 'double' ? `CAST(${typed} AS VARCHAR)` : typed;
  });
  return `hash(${[...parts, `CAST(${attrs} AS VARCHAR)`].join(', ')})`;
}

/** The staged rows that passed their checks: key columns, place `_o` and row hash `_h`. */
export function candidatesSql(c: Candidates): string {
  const keys = TABLES[c.kind].key;
  return c.own
    .map((own, i) => {
      const value = (col: string) => (own.has(col) ? q(col) : 'NULL');
      const keyList = keys.map((k) => `CAST(${value(k)} AS ${SQL_TYPES[defOf(c.kind, k).type]}) AS ${q(k)}`);
      return `SELECT ${keyList.join(', ')}, ${i}::BIGINT * ${SHIFT} + _rec AS _o, ${rowHash(c.kind, c.cols, value, 'attributes')} AS _h
        FROM _typed_${i} WHERE _check IS NULL`;
    })
    .join(' UNION ALL ');
}

/** `a.k IS NOT DISTINCT FROM b.k AND …` over the key columns. */
export function keyEq(kind: TableName, a: string, b: string): string {
  return TABLES[kind].key.map((k) => `${a}.${q(k)} IS NOT DISTINCT FROM ${b}.${q(k)}`).join(' AND ');
}

/**
 * Makes `_keys`: one row per key of the staged rows, with the first row's place and hash, how
 * many rows have the key, whether they differ among themselves, and the stored row's hash
 * (NULL when the key is new). Returns the counts over it.
 */
export async function classifyKeys(db: Engine, c: Candidates, tableHasRows: boolean): Promise<KeyCounts> {
  const { kind } = c;
  const keys = TABLES[kind].key.map(q);
  // Keys are nearly always unique within a batch (a re-import, new rows): each row is then the
  // first of its key and the aggregate per key (4 of the 10 CPU seconds of a 10M-row re-import)
  // is not needed. Whether they are is a sort of their hashes.
  const rows = candidatesSql(c);
  const grouped = (await keysUniqueAndNew(db, kind, `(${rows})`, null))
    ? `SELECT ${keys.join(', ')}, _o AS _first_o, _h AS _first_h, 1::BIGINT AS _copies, false AS _mixed FROM (${rows})`
    : `SELECT ${keys.join(', ')}, min(_o) AS _first_o, arg_min(_h, _o) AS _first_h,
         count(*) AS _copies, min(_h) <> max(_h) AS _mixed
       FROM (${rows}) GROUP BY ${keys.join(', ')}`;
  // The stored row's hash, computed after the join: only for keys the batch has.
  const stored = rowHash(kind, c.cols, (col) => `t.${q(col)}`, 't.attributes');
  await db.run(
    tableHasRows
      ? `CREATE TEMP TABLE _keys AS
         SELECT g.*, CASE WHEN t._hit THEN ${stored} END AS _old_h
         FROM (${grouped}) g LEFT JOIN (SELECT *, true AS _hit FROM ${q(kind)}) t ON ${keyEq(kind, 'g', 't')}`
      : `CREATE TEMP TABLE _keys AS SELECT *, NULL::UBIGINT AS _old_h FROM (${grouped})`,
  );
  const [k] = await db.query<Record<keyof KeyCounts, number>>(
    `SELECT coalesce(sum(_copies), 0)::BIGINT AS rows,
       count(*) FILTER (WHERE _old_h IS NULL)::BIGINT AS fresh,
       coalesce(sum(_copies - 1) FILTER (WHERE NOT _mixed), 0)::BIGINT AS "sameInBatch",
       count(*) FILTER (WHERE _mixed)::BIGINT AS mixed,
       count(*) FILTER (WHERE _old_h = _first_h)::BIGINT AS "sameAsTable",
       count(*) FILTER (WHERE _old_h <> _first_h)::BIGINT AS "differFromTable"
     FROM _keys`,
  );
  return k;
}

/**
 * Makes `_later`: the rows after the first of a key whose rows differ among themselves, each
 * with whether it is identical to the first row of its key. Returns how many are and are not.
 */
export async function classifyLater(db: Engine, c: Candidates): Promise<{ same: number; differ: number }> {
  await db.run(
    `CREATE TEMP TABLE _later AS
     SELECT r._o, r._h = k._first_h AS _same
     FROM (${candidatesSql(c)}) r JOIN (SELECT * FROM _keys WHERE _mixed) k
       ON ${keyEq(c.kind, 'r', 'k')} AND r._o > k._first_o`,
  );
  const [l] = await db.query<{ same: number; differ: number }>(
    `SELECT count(*) FILTER (WHERE _same)::BIGINT AS same, count(*) FILTER (WHERE NOT _same)::BIGINT AS differ FROM _later`,
  );
  return l;
}

/** Drops the classification's scratch tables. */
export async function dropClassification(db: Engine): Promise<void> {
  await db.run('DROP TABLE IF EXISTS _keys; DROP TABLE IF EXISTS _later');
}

/** The check both import paths share: are the new rows' natural keys unique and new to the table? */
import { TABLES, type TableName } from '../../../schema/tables.js';
import { type Engine, quoteIdent as q, type SqlValue } from '../../engine.js';

/**
 * True when the keys of `rows` (a relation) are distinct among themselves and absent from
 * `existing` (a relation, or null when the table held nothing before). Keys are compared by
 * their 64-bit hashes first (equal keys hash equally): sorted, a repeat is next to its first; only
 * when a hash repeats are the keys themselves counted (sorting 10M hashes costs three quarters of
 * a hash table of them).
 */
export async function keysUniqueAndNew(
  db: Engine,
  kind: TableName,
  rows: string,
  existing: string | null,
  params: readonly SqlValue[] = [],
): Promise<boolean> {
  const keys = TABLES[kind].key;
  const key = keys.length === 1 ? q(keys[0]) : `row(${keys.map((k) => q(k)).join(', ')})`;
  const [{ repeats }] = await db.query<{ repeats: number }>(
    `SELECT count(*) FILTER (WHERE h = p)::BIGINT AS repeats
     FROM (SELECT h, lag(h) OVER (ORDER BY h) AS p FROM (SELECT hash(${key}) AS h FROM ${rows} a))`,
    params,
  );
  if (repeats > 0) {
    const [{ n, k }] = await db.query<{ n: number; k: number }>(
      `SELECT count(*)::BIGINT AS n, count(DISTINCT ${key})::BIGINT AS k FROM ${rows} a`,
      params,
    );
    if (n !== k) return false;
  }
  if (existing === null) return true;
  const keyEq = keys.map((c) => `a.${q(c)} IS NOT DISTINCT FROM b.${q(c)}`).join(' AND ');
  const [{ o }] = await db.query<{ o: number }>(
    `SELECT count(*)::BIGINT AS o FROM ${rows} a WHERE EXISTS (SELECT 1 FROM ${existing} b WHERE ${keyEq})`,
    params,
  );
  return o === 0;
}

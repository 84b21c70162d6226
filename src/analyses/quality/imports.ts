/**
 * What the imports saw (`_imports`, `_rejects`): per table, the rows read that were rejected
 * (with the columns most often at fault and an example reason) and the exact duplicates dropped.
 * Failed imports left nothing behind, so only finished imports count.
 */
import { TABLE_NAMES } from '../../schema/tables.js';
import { type Engine, quoteIdent as q } from '../../store/engine.js';
import { type Finding, ofRows } from './pass.js';

/** Rejects and duplicates per table over every finished import. */
export async function importChecks(db: Engine): Promise<Finding[]> {
  const totals = await db.query<{ kind: string; read: number; rejected: number; duplicates: number }>(
    `SELECT ${q('kind')} AS kind, sum(${q('read')}) AS ${q('read')}, sum(${q('rejected')}) AS rejected,
       sum(${q('duplicates')}) AS duplicates
     FROM _imports WHERE finished_at IS NOT NULL GROUP BY ${q('kind')} ORDER BY kind`,
  );
  const reasons = await db.query<{ kind: string; col: string; n: number; example: string }>(
    `SELECT i.${q('kind')} AS kind, coalesce(r.${q('column')}, '') AS col, count(*) AS n, min(r.reason) AS example
     FROM _rejects r JOIN _imports i ON r.import_id = i.import_id
     WHERE i.finished_at IS NOT NULL
     GROUP BY i.${q('kind')}, coalesce(r.${q('column')}, '') ORDER BY kind, n DESC, col`,
  );
  const out: Finding[] = [];
  for (const t of totals) {
    if (!(TABLE_NAMES as readonly string[]).includes(t.kind) || !(Number(t.read) > 0)) continue;
    const read = Number(t.read);
    const rejected = Number(t.rejected ?? 0);
    const duplicates = Number(t.duplicates ?? 0);
    const top = reasons
      .filter((r) => r.kind === t.kind)
      .slice(0, 3)
      .map((r) => `${r.col || 'whole row'} ${r.n} (e.g. ${r.example})`)
      .join('; ');
    out.push(
      {
        table: t.kind,
        column: null,
        check: 'rejects',
        rows: read,
        failing: rejected,
        detail: rejected > 0 ? top : null,
        scored: true,
        message: `${t.kind}: ${ofRows(rejected, read)} rows read were rejected at import (kept in the rejects files); most often: ${top}`,
      },
      {
        table: t.kind,
        column: null,
        check: 'duplicates',
        rows: read,
        failing: duplicates,
        detail: duplicates > 0 ? 'exact copies of rows already read; dropped at import (not scored)' : null,
        scored: false,
        message: `${t.kind}: ${ofRows(duplicates, read)} rows read were exact duplicates, dropped at import`,
      },
    );
  }
  return out;
}

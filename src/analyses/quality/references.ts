/**
 * Orphan references: rows whose customer (or campaign) is not in the customers (campaigns)
 * table. Checked only when that table has rows — without a customers table every transaction
 * would be an orphan, which says nothing. Measured in the table's one pass as
 * `ref NOT IN (SELECT key FROM parent)` (a semi-join every engine runs, ClickHouse's `IN`
 * included); the unknown ids are read only when there are some.
 */
import type { TableName } from '../../schema/tables.js';
import type { Dialect } from '../../store/dialect.js';
import { quoteIdent as q } from '../../store/engine.js';
import { type Finding, ofRows, type PlannedCheck, shown, type TablePass } from './pass.js';
import { REFERENCES, type Reference } from './rules.js';

/** SQL true for a row whose reference is set and unknown. */
const unknown = (ref: Reference) =>
  `(${q(ref.column)} IS NOT NULL AND ${q(ref.column)} NOT IN
     (SELECT ${q(ref.parentColumn)} FROM ${q(ref.parent)} WHERE ${q(ref.parentColumn)} IS NOT NULL))`;

/** Plans the reference checks of the pass's table whose referenced table has rows (`rowCounts`). */
export function orphans(
  pass: TablePass,
  sql: Dialect,
  rowCounts: Partial<Record<TableName, number>>,
): PlannedCheck {
  const refs = REFERENCES.filter((r) => r.table === pass.table && (rowCounts[r.parent] ?? 0) > 0);
  const measured = refs.map((ref) => ({
    checked: pass.measure(`count(${q(ref.column)})`),
    failing: pass.measure(sql.countIf(unknown(ref))),
  }));
  return async (ctx) => {
    const out: Finding[] = [];
    for (const [i, ref] of refs.entries()) {
      const rows = measured[i].checked();
      const failing = measured[i].failing();
      if (rows === 0) continue;
      let detail: string | null = null;
      if (failing > 0) {
        // The unknown ids and their rows, once; then how many and the five most frequent.
        await ctx.materialize(
          '_quality_unknown_ids',
          `SELECT ${q(ref.column)} AS id, count(*) AS n FROM ${q(ref.table)} WHERE ${unknown(ref)} GROUP BY ${q(ref.column)}`,
        );
        const [{ ids }] = await ctx.db.query<{ ids: number }>(
          'SELECT count(*) AS ids FROM _quality_unknown_ids',
        );
        const top = await ctx.db.query<{ id: unknown; n: number }>(
          'SELECT id, n FROM _quality_unknown_ids ORDER BY n DESC, id LIMIT 5',
        );
        detail = `${ids.toLocaleString('en-US')} unknown ${ids === 1 ? 'id' : 'ids'} not in ${ref.parent}: ${top
          .map((x) => `${shown(x.id)} ×${x.n}`)
          .join(', ')}`;
      }
      out.push({
        table: ref.table,
        column: ref.column,
        check: 'orphans',
        rows,
        failing,
        detail,
        scored: true,
        message: `${ref.table}.${ref.column}: ${ofRows(failing, rows)} rows refer to ${ref.parent} not in the ${ref.parent} table (${detail})`,
      });
    }
    return out;
  };
}

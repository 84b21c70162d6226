/**
 * The column checks measured in a table's one pass: completeness of the optional columns, values
 * outside their domain, and dates in the future.
 */
import { TABLES, type TableName } from '../../schema/tables.js';
import type { Dialect } from '../../store/dialect.js';
import { type Engine, quoteIdent as q } from '../../store/engine.js';
import { type Finding, ofRows, type PlannedCheck, shown, type TablePass } from './pass.js';
import { domainRules, Params, timeColumns } from './rules.js';

/** Text of a column that is in the model but not in the data (every row empty). */
export const NOT_IN_DATA = 'not in the data (not scored)';

/**
 * Completeness of every optional column: failing = empty rows. Required columns are complete by
 * the import's rules and are not listed. A column empty in every row is not in the user's data:
 * it is listed but not scored.
 */
export function completeness(pass: TablePass, rows: number): PlannedCheck {
  const optional = TABLES[pass.table].columns.filter((c) => !c.required);
  const filled = optional.map((c) => pass.measure(`count(${q(c.name)})`));
  return async () =>
    optional.map((c, i): Finding => {
      const n = rows;
      const absent = filled[i]() === 0;
      const failing = n - filled[i]();
      return {
        table: pass.table,
        column: c.name,
        check: 'completeness',
        rows: n,
        failing,
        detail: absent ? NOT_IN_DATA : null,
        scored: !absent,
        message: `${pass.table}.${c.name}: ${ofRows(failing, n)} rows are empty`,
      };
    });
}

/** Values outside the column's domain (enumerations, ranges, signs, order of times; see rules.ts). */
export function domain(pass: TablePass, sql: Dialect): PlannedCheck {
  const rules = domainRules(pass.table);
  const measured = rules.map((r) => ({
    checked: pass.measure(`count(${q(r.column)})`),
    failing: pass.measure(sql.countIf(r.bad(pass.params))),
  }));
  return async ({ db }) => {
    const out: Finding[] = [];
    for (const [i, r] of rules.entries()) {
      const rows = measured[i].checked();
      const failing = measured[i].failing();
      if (rows === 0) continue;
      const found = failing > 0 ? await offendingValues(db, sql, pass.table, r.column, r.bad) : '';
      out.push({
        table: pass.table,
        column: r.column,
        check: 'domain',
        rows,
        failing,
        detail: failing > 0 ? `must be ${r.says}; found ${found}` : `must be ${r.says}`,
        scored: true,
        message: `${pass.table}.${r.column}: ${ofRows(failing, rows)} values are outside the domain (${r.says}): ${found}`,
      });
    }
    return out;
  };
}

/** The five most frequent offending values, as `value ×count`. */
async function offendingValues(
  db: Engine,
  sql: Dialect,
  table: TableName,
  column: string,
  bad: (p: Params) => string,
): Promise<string> {
  const p = new Params();
  const type = TABLES[table].columns.find((c) => c.name === column)?.type;
  const value =
    type === 'timestamp' ? sql.isoInstant(q(column)) : type === 'date' ? sql.toText(q(column)) : q(column);
  const rows = await db.query<{ v: unknown; n: number }>(
    `SELECT ${value} AS v, count(*) AS n FROM ${q(table)} WHERE ${bad(p)}
     GROUP BY ${q(column)} ORDER BY n DESC, v LIMIT 5`,
    p.values,
  );
  return rows.map((r) => `${shown(r.v)} ×${r.n}`).join(', ');
}

/**
 * Rows dated after both the observation date and the time of the run (`bound`, the later of the
 * two, an ISO instant): nothing can have happened yet. Date columns compare with the calendar day
 * of `bound` in the workspace's time zone. Planned campaign dates are not checked.
 */
export function futureDated(pass: TablePass, sql: Dialect, bound: string): PlannedCheck {
  const columns = timeColumns(pass.table);
  const measured = columns.map(({ column, isDate }) => {
    const at = sql.timestamp(pass.params.add(bound));
    const after = `${q(column)} > ${isDate ? sql.localDate(at) : at}`;
    const latest = `max(CASE WHEN ${after} THEN ${q(column)} END)`;
    return {
      checked: pass.measure(`count(${q(column)})`),
      failing: pass.measure(sql.countIf(after)),
      latest: pass.measure<string | null>(isDate ? sql.toText(latest) : sql.isoInstant(latest)),
    };
  });
  return async () =>
    columns.flatMap(({ column }, i): Finding[] => {
      const rows = measured[i].checked();
      const failing = measured[i].failing();
      if (rows === 0) return [];
      const latest = measured[i].latest();
      return [
        {
          table: pass.table,
          column,
          check: 'future_dated',
          rows,
          failing,
          detail: failing > 0 ? `latest ${latest}` : null,
          scored: true,
          message: `${pass.table}.${column}: ${ofRows(failing, rows)} rows are dated after the observation date and the time of the run (latest ${latest})`,
        },
      ];
    });
}

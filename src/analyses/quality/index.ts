/**
 * Data quality (004 §13): per canonical table and column, the share of rows failing each check —
 * completeness of optional columns, values outside their domain, orphan references, rows dated in
 * the future, extreme amounts — and what the imports rejected or dropped as duplicates. Every
 * check that ran is a row of `data_quality`, clean ones included ("checked, clean"); each failing
 * one is also a counted warning of the run (findings, not errors: the run goes on). The score
 * (0–100) and the score of each kind of check are KPIs. Definitions: docs/metrics/quality.md.
 *
 * Each table is read once for all its checks (orphans included, as semi-joins); offending values
 * are read only when there are some.
 */
import { TABLE_NAMES, type TableName } from '../../schema/tables.js';
import { quoteIdent as q } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { completeness, domain, futureDated, NOT_IN_DATA } from './columns.js';
import { extremeAmounts } from './extreme.js';
import { importChecks } from './imports.js';
import { type Finding, TablePass } from './pass.js';
import { orphans } from './references.js';
import { qualityScores } from './score.js';

export { CHECK_KINDS, type CheckKind, type Finding } from './pass.js';
export { CHECK_WEIGHTS, qualityScores } from './score.js';

/**
 * Runs every data-quality check, writes `data_quality`, warns about failing checks and sets the
 * KPIs `data_quality_score` and `data_quality_<kind>`.
 *
 * @example await quality(ctx); // then: SELECT * FROM data_quality WHERE run_id = ctx.runId
 */
export async function quality(ctx: RunContext): Promise<void> {
  const { db, sql } = ctx;
  // Future-dated: after both the observation date and the time of the run.
  const bound = new Date(Math.max(Date.parse(ctx.params.asOf), Date.now())).toISOString();
  const rowCounts: Partial<Record<TableName, number>> = {};
  for (const table of TABLE_NAMES) {
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${q(table)}`);
    rowCounts[table] = n;
  }
  const findings: Finding[] = [];
  for (const table of TABLE_NAMES) {
    const rows = rowCounts[table] ?? 0;
    if (rows === 0) continue;
    ctx.progress(`checking data quality: ${table}`);
    const pass = new TablePass(table);
    const planned = [
      completeness(pass, rows),
      domain(pass, sql),
      futureDated(pass, sql, bound),
      extremeAmounts(pass, sql, rows),
      orphans(pass, sql, rowCounts),
    ];
    await pass.run(db);
    for (const check of planned) findings.push(...(await check(ctx)));
  }
  ctx.progress('checking data quality: imports');
  findings.push(...(await importChecks(db)));

  await ctx.writeRows(
    'data_quality',
    findings.map((f) => ({
      table_name: f.table,
      column_name: f.column,
      check_name: f.check,
      rows: f.rows,
      failing: f.failing,
      share: f.rows > 0 ? f.failing / f.rows : null,
      detail: f.detail,
      scored: f.scored,
    })),
  );
  for (const f of findings) {
    if (f.failing > 0 && f.detail !== NOT_IN_DATA) ctx.warn(f.message, f.failing);
  }
  for (const table of TABLE_NAMES) {
    const absent = findings.filter((f) => f.table === table && f.detail === NOT_IN_DATA).map((f) => f.column);
    if (absent.length > 0) {
      ctx.warn(
        `${table}: ${absent.length} optional ${absent.length === 1 ? 'column is' : 'columns are'} not in the data (${absent.join(', ')}); check the mapping if you have them`,
      );
    }
  }
  const { byKind, score } = qualityScores(findings);
  ctx.kpi('data_quality_score', score, 'score');
  for (const [kind, s] of byKind) ctx.kpi(`data_quality_${kind}`, s, 'score');
}

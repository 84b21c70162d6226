/** Builds the context every report section and the workbook read: the run, its KPIs, formats. */
import type { RunRow } from '../analyses/run.js';
import { RESULT_TABLE_NAMES, type ResultTableName } from '../schema/results.js';
import { type Engine, quoteIdent as q, type SqlValue } from '../store/engine.js';
import { formats } from './format.js';
import { type Language, translator } from './i18n/index.js';
import type { ReportContext } from './section.js';

/** Everything a section needs about one run, in one language. */
export async function reportContext(db: Engine, run: RunRow, language: Language): Promise<ReportContext> {
  const rows = {} as Record<ResultTableName, number>;
  for (const table of RESULT_TABLE_NAMES) {
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${q(table)} WHERE run_id = $1`, [
      run.runId,
    ]);
    rows[table] = Number(n);
  }
  const kpis: ReportContext['kpis'] = {};
  for (const k of await db.query<{ kpi: string; value: number | null; unit: string | null }>(
    'SELECT kpi, value, unit FROM kpis WHERE run_id = $1',
    [run.runId],
  )) {
    kpis[k.kpi] = { value: k.value, unit: k.unit ?? '' };
  }
  const currency = run.parameters.currency;
  return {
    db,
    run,
    t: translator(language),
    f: formats(language, currency, run.parameters.timeZone),
    currency,
    rows,
    kpis,
    query: <T extends Record<string, unknown>>(sql: string, params: readonly SqlValue[] = []) =>
      db.query<T>(sql, [run.runId, ...params]),
  };
}

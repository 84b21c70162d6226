/**
 * Extreme amounts: |amount| above a robust threshold from the quartiles Q1, Q3 of the non-zero
 * |amount| values (per value of an enumeration where the amounts of different kinds differ by
 * nature, e.g. costs by kind): max(Q3 · (Q3/Q1)³, 10 · Q3) — Tukey's "far out" fence (three
 * interquartile ranges above Q3) on the log scale, and never below ten times Q3. The quartiles,
 * maxima and counts come from the table's one pass; above SAMPLE_ROWS rows the quartiles are
 * taken over a fixed sample (rows whose key hashes to 0 modulo ⌈rows / SAMPLE_ROWS⌉), which is
 * far cheaper than sorting every amount. The offending rows are read only when the largest value
 * is over its threshold, and always counted exactly.
 */
import { TABLES } from '../../schema/tables.js';
import type { Dialect } from '../../store/dialect.js';
import { quoteIdent as q } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { type Finding, ofRows, type PlannedCheck, shown, type TablePass } from './pass.js';
import { type AmountCheck, EXTREME_AMOUNTS, extremeThreshold, Params } from './rules.js';

/** Tables larger than this take their quartiles from a sample of about this many rows. */
export const SAMPLE_ROWS = 1_000_000;

interface Group {
  /** The enumeration value, or null when the amounts are not grouped. */
  value: string | null;
  checked: () => number;
  quartiles: () => number[] | null;
  largest: () => number | null;
}

const round = (x: number) => Number(x.toPrecision(6));

/** Plans the extreme-amount checks of the pass's table. */
export function extremeAmounts(pass: TablePass, sql: Dialect, tableRows: number): PlannedCheck {
  const checks = EXTREME_AMOUNTS.filter((c) => c.table === pass.table);
  const every = Math.ceil(tableRows / SAMPLE_ROWS);
  const sample =
    // A literal modulus: bound as a parameter, DuckDB evaluates the modulo some 25 times slower.
    every > 1 ? `${sql.hash(q(TABLES[pass.table].key[0]))} % ${Math.trunc(every)} = 0 AND ` : '';
  const planned = checks.map((c) => ({ check: c, groups: measureGroups(pass, sql, c, sample) }));
  return async (ctx) => {
    const out: Finding[] = [];
    for (const { check, groups } of planned) {
      const rows = groups.reduce((s, g) => s + g.checked(), 0);
      if (rows === 0) continue;
      const limits = groups.flatMap((g) => {
        const qs = g.quartiles();
        return qs && qs[0] !== null && qs[0] > 0 ? [{ ...g, limit: extremeThreshold(qs[0], qs[1]) }] : [];
      });
      const over = limits.some((g) => (g.largest() ?? 0) > g.limit);
      const found = over ? await offendingRows(ctx, check, limits) : { failing: 0, examples: '' };
      const thresholds =
        limits.length === 0
          ? 'no non-zero amounts'
          : check.by
            ? `thresholds by ${check.by.column}: ${limits.map((g) => `${g.value} ${round(g.limit)}`).join(', ')}`
            : `threshold ${round(limits[0].limit)} (Q1 ${round(limits[0].quartiles()![0])}, Q3 ${round(limits[0].quartiles()![1])})`;
      out.push({
        table: check.table,
        column: check.column,
        check: 'extreme',
        rows,
        failing: found.failing,
        detail: found.failing > 0 ? `${thresholds}; largest: ${found.examples}` : thresholds,
        scored: true,
        message: `${check.table}.${check.column}: ${ofRows(found.failing, rows)} amounts are extreme (${thresholds}); largest: ${found.examples}`,
      });
    }
    return out;
  };
}

/** Quartiles of the non-zero |amount|, the largest |amount| and the count, per group. */
function measureGroups(pass: TablePass, sql: Dialect, check: AmountCheck, sample: string): Group[] {
  const x = q(check.column);
  const groups: (string | null)[] = check.by ? [...check.by.values] : [null];
  return groups.map((value) => {
    const inGroup = value === null ? '' : `${q(check.by!.column)} = ${pass.params.add(value)} AND `;
    const nonZero = (where: string) => `CASE WHEN ${where}${x} <> 0 THEN ${sql.toFloat(`abs(${x})`)} END`;
    return {
      value,
      checked: pass.measure(inGroup ? sql.countIf(`${inGroup}${x} IS NOT NULL`) : `count(${x})`),
      quartiles: pass.measure<number[] | null>(sql.quantiles(nonZero(sample + inGroup), [0.25, 0.75])),
      largest: pass.measure<number | null>(`max(${nonZero(inGroup)})`),
    };
  });
}

/** Counts the rows over their group's threshold and names the five largest (key and amount). */
async function offendingRows(
  ctx: RunContext,
  check: AmountCheck,
  limits: readonly { value: string | null; limit: number }[],
): Promise<{ failing: number; examples: string }> {
  const { db, sql } = ctx;
  const p = new Params();
  const size = sql.toFloat(`abs(${q(check.column)})`);
  const limit = check.by
    ? `CASE ${limits.map((g) => `WHEN ${q(check.by!.column)} = ${p.add(g.value)} THEN ${p.add(g.limit)}`).join(' ')} END`
    : p.add(limits[0].limit);
  const key = TABLES[check.table].key;
  const keys = key.map((k, i) => `${q(k)} AS k${i}`).join(', ');
  await ctx.materialize(
    '_quality_extreme',
    `SELECT ${keys}, ${q(check.column)} AS v, ${size} AS size FROM ${q(check.table)} WHERE ${size} > ${limit}`,
    p.values,
  );
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*) AS n FROM _quality_extreme');
  const rows = await db.query(
    `SELECT * FROM _quality_extreme ORDER BY size DESC, ${key.map((_, i) => `k${i}`).join(', ')} LIMIT 5`,
  );
  const examples = rows.map((r) => `${key.map((_, i) => shown(r[`k${i}`])).join('/')} ${shown(r.v)}`);
  return { failing: n, examples: examples.join(', ') };
}

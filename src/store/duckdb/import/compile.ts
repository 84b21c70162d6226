/**
 * Compiling a column mapping to DuckDB SQL: typed values, checks with reasons, attributes.
 * Values (constants, formats, reason texts) are bound parameters; only identifiers we quote and
 * literals we generate are spliced.
 */
import { InputError } from '../../../errors.js';
import { type ColumnSource, type Expr, exprColumns, type Mapping } from '../../../ingest/mapping.js';
import type { CsvSource } from '../../../ingest/sources.js';
import { type ColumnDef, TABLES, type TableName } from '../../../schema/tables.js';
import { quoteIdent as q, type SqlValue } from '../../engine.js';
import { lit, SQL_TYPES } from '../ddl.js';

/** Collects bound parameters while SQL is generated. */
export class Params {
  readonly values: SqlValue[] = [];
  add(v: SqlValue): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

function compileExpr(e: Expr, cast: string, has: (c: string) => boolean, file: string): string {
  switch (e.op) {
    case 'col':
      if (!has(e.name))
        throw new InputError(`the mapping uses column "${e.name}", which the file does not have`, { file });
      return `TRY_CAST(NULLIF(s.${q(e.name)}, '') AS ${cast})`;
    case 'num':
      return `CAST(${e.value} AS ${cast})`;
    case 'neg':
      return `(-${compileExpr(e.arg, cast, has, file)})`;
    case '/':
      return `(${compileExpr(e.left, cast, has, file)} / NULLIF(${compileExpr(e.right, cast, has, file)}, 0))`;
    default:
      return `(${compileExpr(e.left, cast, has, file)} ${e.op} ${compileExpr(e.right, cast, has, file)})`;
  }
}

interface Compiled {
  /** Typed value. */
  value: string;
  /** Source text shown in a reject reason, or NULL. */
  raw: string;
  /** Source columns used. */
  uses: string[];
}

function typed(c: ColumnDef, raw: string, p: Params, format?: string): string {
  switch (c.type) {
    case 'text':
      return c.values ? `lower(${raw})` : raw;
    case 'timestamp':
      return format
        ? `CAST(try_strptime(${raw}, ${p.add(format)}) AS TIMESTAMPTZ)`
        : `TRY_CAST(${raw} AS TIMESTAMPTZ)`;
    case 'date':
      return format ? `CAST(try_strptime(${raw}, ${p.add(format)}) AS DATE)` : `TRY_CAST(${raw} AS DATE)`;
    case 'boolean':
      return `CASE WHEN lower(${raw}) IN ('true','t','1','yes','y') THEN true WHEN lower(${raw}) IN ('false','f','0','no','n') THEN false END`;
    case 'json':
      return `CASE WHEN json_valid(${raw}) THEN CAST(${raw} AS JSON) END`;
    default:
      return `TRY_CAST(${raw} AS ${SQL_TYPES[c.type]})`;
  }
}

function compileColumn(
  c: ColumnDef,
  spec: ColumnSource | undefined,
  sourceCols: string[],
  p: Params,
  file: string,
): Compiled | null {
  const has = (name: string) => sourceCols.includes(name);
  // Empty fields are NULL; values are taken as written (the engine's casts accept surrounding blanks).
  const rawOf = (name: string) => `NULLIF(s.${q(name)}, '')`;
  if (!spec) {
    const match = sourceCols.find((s) => s.toLowerCase() === c.name.toLowerCase());
    if (!match) return null;
    spec = { kind: 'column', column: match };
  }
  switch (spec.kind) {
    case 'column': {
      if (!has(spec.column)) {
        throw new InputError(
          `the mapping reads column "${spec.column}" for ${c.name}, but the file has only: ${sourceCols.join(', ')}`,
          { file },
        );
      }
      const raw = rawOf(spec.column);
      return { value: typed(c, raw, p, spec.format), raw, uses: [spec.column] };
    }
    case 'expr': {
      const cast = c.type === 'decimal' ? 'DECIMAL(38,8)' : 'DOUBLE';
      const v = compileExpr(spec.expr, cast, has, file);
      const value = c.type === 'text' ? `CAST(${v} AS VARCHAR)` : `TRY_CAST(${v} AS ${SQL_TYPES[c.type]})`;
      const cols = [...new Set(exprColumns(spec.expr))];
      return { value, raw: `concat_ws(' ', ${cols.map(rawOf).join(', ')})`, uses: cols };
    }
    case 'value': {
      const raw = `CAST(${p.add(String(spec.value))} AS VARCHAR)`;
      return { value: typed(c, raw, p), raw, uses: [] };
    }
    case 'derive': {
      const cols = spec.columns === '*' ? sourceCols : spec.columns;
      for (const col of cols)
        if (!has(col))
          throw new InputError(`"derive" uses column "${col}", which the file does not have`, { file });
      const joined = `concat_ws(chr(31), ${cols.map((col) => `coalesce(s.${q(col)}, chr(0))`).join(', ')})`;
      // Identical source rows are separate facts: the n-th copy gets suffix n, so a re-import
      // derives the same keys again.
      const value = `md5(${joined}) || '-' || row_number() OVER (PARTITION BY ${joined} ORDER BY s._rec)`;
      return { value, raw: 'NULL', uses: spec.columns === '*' ? [] : cols };
    }
    case 'when': {
      const arms = spec.cases.map((k) => {
        if (!has(k.column))
          throw new InputError(`"when" uses column "${k.column}", which the file does not have`, { file });
        const cond =
          k.startsWith !== undefined
            ? `starts_with(s.${q(k.column)}, ${p.add(k.startsWith)})`
            : `s.${q(k.column)} = ${p.add(k.equals ?? '')}`;
        return `WHEN ${cond} THEN CAST(${p.add(k.value)} AS VARCHAR)`;
      });
      const otherwise = spec.otherwise !== undefined ? `CAST(${p.add(spec.otherwise)} AS VARCHAR)` : 'NULL';
      const raw = `CASE ${arms.join(' ')} ELSE ${otherwise} END`;
      return { value: typed(c, raw, p), raw, uses: spec.cases.map((k) => k.column) };
    }
  }
}

const TYPE_WORDS: Record<string, string> = {
  timestamp: 'a date/time',
  date: 'a date',
  decimal: 'a number',
  double: 'a number',
  integer: 'a whole number',
  boolean: 'true/false',
  json: 'JSON',
};

/** The typed SELECT over a source aliased `s`: canonical columns, attributes and `_check`. */
export interface TypedSelect {
  /** The SELECT over a source (a table, view or reader call) that it aliases `s`. */
  sql: (source: string) => string;
  /** Canonical columns the select provides. */
  columns: string[];
  params: Params;
  /** SQL over `t._check` (and `s`) giving the failing column and the reason, for rejected rows. */
  column: string;
  reason: string;
}

/**
 * Compiles a mapping into one SELECT list over the source `s`: every canonical column typed, the
 * unused source columns as JSON attributes, and `_check`, the number of the first failing check.
 * `at` gives the SQL for the record number and source line columns.
 */
export function compileTypedSelect(
  kind: TableName,
  mapping: Mapping,
  file: string,
  sourceCols: string[],
  at: { rec: string; line: string },
): TypedSelect {
  const table = TABLES[kind];
  const p = new Params();
  const compiled = new Map<string, Compiled>();
  const used = new Set<string>();
  for (const c of table.columns) {
    const comp = compileColumn(c, mapping.columns[c.name], sourceCols, p, file);
    if (!comp) {
      if (c.required) {
        throw new InputError(
          `missing required column "${c.name}" for ${kind} (the file has: ${sourceCols.join(', ')}; map it with --mapping)`,
          { file },
        );
      }
      continue;
    }
    compiled.set(c.name, comp);
    for (const u of comp.uses) used.add(u);
  }
  for (const r of mapping.rejectIf) used.add(r.column);
  // Checks in order; a row's _check is the number of the first that fails (NULL: none fails).
  // They read the values computed once in the inner SELECT (u.*), never recompute a cast.
  const checks: { when: string; column: string; reason: string }[] = [];
  const inner: string[] = [`${at.rec} AS _rec`, `${at.line} AS _srcline`];
  mapping.rejectIf.forEach((r, k) => {
    if (!sourceCols.includes(r.column)) {
      throw new InputError(`"rejectIf" uses column "${r.column}", which the file does not have`, { file });
    }
    inner.push(`NULLIF(TRIM(s.${q(r.column)}), '') IS NULL AS ${q(`_reject_${k}`)}`);
    checks.push({ when: `u.${q(`_reject_${k}`)}`, column: p.add(r.column), reason: p.add(r.reason) });
  });
  for (const c of table.columns) {
    const comp = compiled.get(c.name);
    if (!comp) continue;
    inner.push(`${comp.raw} AS ${q(`_raw_${c.name}`)}`, `${comp.value} AS ${q(c.name)}`);
    const raw = `u.${q(`_raw_${c.name}`)}`;
    const v = `u.${q(c.name)}`;
    const column = p.add(c.name);
    if (c.required)
      checks.push({ when: `${raw} IS NULL AND ${v} IS NULL`, column, reason: p.add(`empty ${c.name}`) });
    if (c.type !== 'text' || c.values) {
      const what = c.values ? `one of ${c.values.join(', ')}` : TYPE_WORDS[c.type];
      const bad = c.values ? `${v} NOT IN (${c.values.map(lit).join(', ')})` : `${v} IS NULL`;
      checks.push({
        when: `${raw} IS NOT NULL AND (${bad})`,
        column,
        reason: `${p.add(`${c.name}: "`)} || ${comp.raw} || ${p.add(`" is not ${what}`)}`,
      });
    }
    if (c.range) {
      checks.push({
        when: `${v} NOT BETWEEN ${c.range[0]} AND ${c.range[1]}`,
        column,
        reason: p.add(`${c.name} outside ${c.range[0]}–${c.range[1]}`),
      });
    }
  }
  const extras = sourceCols.filter((c) => !used.has(c) && !compiled.has(c) && c !== '_line');
  inner.push(
    `${extras.length ? `json_object(${extras.map((c) => `${lit(c)}, s.${q(c)}`).join(', ')})` : 'CAST(NULL AS JSON)'} AS attributes`,
  );
  const outer = [
    'u._rec',
    'u._srcline',
    ...[...compiled.keys()].map((name) => `u.${q(name)}`),
    'u.attributes',
    checks.length
      ? `CASE ${checks.map((k, n) => `WHEN ${k.when} THEN ${n + 1}`).join(' ')} END AS _check`
      : 'NULL::INTEGER AS _check',
  ];
  const byCheck = (f: (k: (typeof checks)[number]) => string) =>
    checks.length
      ? `CASE t._check ${checks.map((k, n) => `WHEN ${n + 1} THEN ${f(k)}`).join(' ')} END`
      : 'NULL';
  return {
    sql: (source: string) =>
      `SELECT ${outer.join(', ')} FROM (SELECT ${inner.join(',\n  ')} FROM ${source} s) u`,
    columns: [...compiled.keys()],
    params: p,
    column: byCheck((k) => k.column),
    reason: byCheck((k) => k.reason),
  };
}

/** Keeps only the parameters a statement uses, renumbered in order of use ($3, $7 → $1, $2). */
export function bindUsed(sql: string, values: readonly SqlValue[]): [string, SqlValue[]] {
  const used: SqlValue[] = [];
  const seen = new Map<number, number>();
  const out = sql.replace(/(?<![\w"$])\$(\d+)/g, (_, d: string) => {
    const n = Number(d);
    if (!seen.has(n)) {
      used.push(values[n - 1]);
      seen.set(n, used.length);
    }
    return `$${seen.get(n)}`;
  });
  return [out, used];
}

/**
 * Longest CSV record the staged reader accepts (a 10 MB field is fine). The direct path keeps the
 * engine's default (2 MB), which reads several times faster: a longer record there is a
 * structural reject, which sends the import to the staged path.
 */
const MAX_LINE = 256 * 1024 * 1024;

/**
 * DuckDB's CSV reader over a source, every column as text. With `rejects`, records that break the
 * CSV structure go to the temp tables `rejects` and `rejects_scan`; without, they are skipped
 * (for counting).
 */
export function csvReaderSql(src: CsvSource, p: Params, rejects?: string, longLines = false): string {
  const cols = `{${src.columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
  const errors = rejects
    ? `store_rejects = true, rejects_table = ${lit(rejects)}, rejects_scan = ${lit(`${rejects}_scan`)}`
    : 'ignore_errors = true';
  return `read_csv(${p.add(src.path)}, header = ${p.add(src.header)}, delim = ${p.add(src.delimiter)}, quote = '"', escape = '"',
    columns = ${cols}, auto_detect = false, strict_mode = true, null_padding = false, ${errors}${longLines ? `, max_line_size = ${MAX_LINE}` : ''})`;
}

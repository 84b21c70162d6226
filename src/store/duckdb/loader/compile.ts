/**
 * Compiling a column mapping to DuckDB SQL: typed values, checks with reasons, attributes.
 * Values (constants, formats, reason texts) are bound parameters; only identifiers we quote and
 * literals we generate are spliced. Source columns are read under positional names (`c0`, `c1`,
 * …), so no source name can collide with the loader's own columns or differ only in case.
 */
import { InputError } from '../../../errors.js';
import { type ColumnSource, type Expr, exprColumns, type Mapping } from '../../../schema/mapping.js';
import { type ColumnDef, TABLES, type TableName } from '../../../schema/tables.js';
import { quoteIdent as q } from '../../engine.js';
import { lit, SQL_TYPES } from '../ddl.js';
import { isIdentifier, trimmed } from './identifiers.js';
import { Params, sourceColumn } from './sql.js';
import { calendar, type LocalSpan, plausible, type TemporalContext, temporal } from './temporal.js';

const MAX_DECIMAL = '99999999999999.9999';
const MAX_BIGINT = '9223372036854775807';

interface Compiled {
  /** Typed value. */
  value: string;
  /** Source text shown in a reject reason, or NULL. */
  raw: string;
  /** Source columns used. */
  uses: string[];
  /** Columns whose value is stored unchanged (a plain rename): left out of the attributes. */
  asIs: string[];
}

interface Context extends TemporalContext {
  kind: TableName;
  sourceCols: string[];
  p: Params;
  file: string;
}

function ref(ctx: Context, name: string, what: string): string {
  const i = ctx.sourceCols.indexOf(name);
  if (i < 0) {
    throw new InputError(
      `the mapping uses column "${name}" (${what}), which the file does not have; it has: ${ctx.sourceCols.join(', ')}`,
      { file: ctx.file },
    );
  }
  return `s.${q(sourceColumn(i))}`;
}

function compileExpr(e: Expr, cast: string, ctx: Context): string {
  switch (e.op) {
    case 'col':
      return `TRY_CAST(NULLIF(${ref(ctx, e.name, 'in an expression')}, '') AS ${cast})`;
    case 'num':
      return `CAST(${e.value} AS ${cast})`;
    case 'neg':
      return `(-${compileExpr(e.arg, cast, ctx)})`;
    case '/':
      return `(${compileExpr(e.left, cast, ctx)} / NULLIF(${compileExpr(e.right, cast, ctx)}, 0))`;
    default:
      return `(${compileExpr(e.left, cast, ctx)} ${e.op} ${compileExpr(e.right, cast, ctx)})`;
  }
}

/** The typed value of a column from its text `raw`; `column`: the source column it reads as it is. */
function typed(
  c: ColumnDef,
  raw: string,
  ctx: Context,
  formats?: readonly string[],
  column?: string,
): string {
  switch (c.type) {
    case 'text':
      return c.values ? `lower(trim(${raw}))` : raw;
    case 'timestamp':
      return temporal('TIMESTAMPTZ', raw, ctx, formats, column);
    case 'date':
      return temporal('DATE', raw, ctx, formats);
    case 'boolean':
      return `CASE WHEN lower(trim(${raw})) IN ('true','t','1','yes','y') THEN true WHEN lower(trim(${raw})) IN ('false','f','0','no','n') THEN false END`;
    case 'json':
      return `CASE WHEN json_valid(${raw}) THEN CAST(${raw} AS JSON) END`;
    default:
      return `TRY_CAST(${raw} AS ${SQL_TYPES[c.type]})`;
  }
}

function compileColumn(c: ColumnDef, spec: ColumnSource | undefined, ctx: Context): Compiled | null {
  // Empty fields are NULL; identifiers are trimmed of blanks (a blank id is empty); other values
  // are taken as written (the engine's casts accept surrounding blanks).
  const rawOf = (name: string, what: string) =>
    isIdentifier(ctx.kind, c) ? trimmed(ref(ctx, name, what), ctx.p) : `NULLIF(${ref(ctx, name, what)}, '')`;
  if (!spec) {
    const match = ctx.sourceCols.find((s) => s.toLowerCase() === c.name.toLowerCase());
    if (!match) return null;
    spec = { kind: 'column', column: match };
  }
  switch (spec.kind) {
    case 'column': {
      const raw = rawOf(spec.column, `for ${c.name}`);
      // A column stored under its own name is not repeated in the attributes; a renamed or
      // reformatted one is (the source's own name and text stay available).
      const asIs = !spec.formats && spec.column.toLowerCase() === c.name.toLowerCase();
      return {
        value: typed(c, raw, ctx, spec.formats, ref(ctx, spec.column, `for ${c.name}`)),
        raw,
        uses: [spec.column],
        asIs: asIs ? [spec.column] : [],
      };
    }
    case 'expr': {
      const cast = c.type === 'decimal' ? 'DECIMAL(38,8)' : 'DOUBLE';
      const v = compileExpr(spec.expr, cast, ctx);
      const value = c.type === 'text' ? `CAST(${v} AS VARCHAR)` : `TRY_CAST(${v} AS ${SQL_TYPES[c.type]})`;
      const cols = [...new Set(exprColumns(spec.expr))];
      const raw = `concat_ws(' ', ${cols.map((col) => `NULLIF(${ref(ctx, col, 'in an expression')}, '')`).join(', ')})`;
      return { value, raw, uses: cols, asIs: [] };
    }
    case 'value': {
      const raw = `CAST(${ctx.p.add(String(spec.value))} AS VARCHAR)`;
      return { value: typed(c, raw, ctx), raw, uses: [], asIs: [] };
    }
    case 'derive': {
      const all = ctx.sourceCols.map((_, i) => `s.${q(sourceColumn(i))}`);
      const cols = spec.columns === '*' ? all : spec.columns.map((col) => ref(ctx, col, '"derive"'));
      const joined = (refs: string[]) =>
        `concat_ws(chr(31), ${refs.map((r) => `coalesce(${r}, chr(0))`).join(', ')})`;
      // Rows with the same key columns are numbered in the order of their whole content, never of
      // their place in the file: the same rows derive the same keys in any order, and identical
      // rows (separate facts) get 1, 2, … so that a re-import derives the same keys again.
      const value = `md5(${joined(cols)}) || '-' || row_number() OVER (PARTITION BY ${joined(cols)} ORDER BY md5(${joined(all)}))`;
      return { value, raw: 'NULL', uses: spec.columns === '*' ? [] : spec.columns, asIs: [] };
    }
    case 'when': {
      const arms = spec.cases.map((k) => {
        const col = ref(ctx, k.column, '"when"');
        const cond =
          k.startsWith !== undefined
            ? `starts_with(${col}, ${ctx.p.add(k.startsWith)})`
            : `${col} = ${ctx.p.add(k.equals ?? '')}`;
        return `WHEN ${cond} THEN CAST(${ctx.p.add(k.value)} AS VARCHAR)`;
      });
      const otherwise =
        spec.otherwise !== undefined ? `CAST(${ctx.p.add(spec.otherwise)} AS VARCHAR)` : 'NULL';
      const raw = `CASE ${arms.join(' ')} ELSE ${otherwise} END`;
      return { value: typed(c, raw, ctx), raw, uses: spec.cases.map((k) => k.column), asIs: [] };
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

interface Check {
  when: string;
  column: string;
  reason: string;
}

/** The reason a value failed its type: not readable at all, or a number beyond the column's range. */
function typeReason(c: ColumnDef, raw: string, p: Params): string {
  const what = c.values ? `one of ${c.values.join(', ')}` : TYPE_WORDS[c.type];
  const notWhat = `${p.add(`${c.name}: "`)} || ${raw} || ${p.add(`" is not ${what}`)}`;
  const max = c.type === 'decimal' ? MAX_DECIMAL : c.type === 'integer' ? MAX_BIGINT : null;
  if (!max) return notWhat;
  const outOfRange = `${p.add(`${c.name}: "`)} || ${raw} || ${p.add(`" is out of range (max ${max})`)}`;
  const integral = c.type === 'integer' ? ` AND TRY_CAST(${raw} AS HUGEINT) IS NOT NULL` : '';
  return `CASE WHEN TRY_CAST(${raw} AS DOUBLE) IS NOT NULL${integral} THEN ${outOfRange} ELSE ${notWhat} END`;
}

/**
 * Compiles a mapping into one SELECT list over the source `s`: every canonical column typed, the
 * source columns not stored as they are as JSON attributes, and `_check`, the number of the first
 * failing check. `at` gives the SQL for the record number and source line columns; `span`, the
 * workspace zone's span with one UTC offset (`temporal.ts`), lets plain local times skip the
 * time-zone library.
 */
export function compileTypedSelect(
  kind: TableName,
  mapping: Mapping,
  file: string,
  sourceCols: string[],
  at: { rec: string; line: string },
  dates: { from: Date; to: Date },
  span: LocalSpan | null = null,
): TypedSelect {
  const table = TABLES[kind];
  const p = new Params();
  const ctx: Context = {
    kind,
    sourceCols,
    p,
    file,
    dates: { from: calendar(dates.from), to: calendar(dates.to) },
    span,
    below: [],
  };
  const compiled = new Map<string, Compiled>();
  const asIs = new Set<string>();
  for (const c of table.columns) {
    const comp = compileColumn(c, mapping.columns[c.name], ctx);
    if (!comp) {
      if (c.required) {
        throw new InputError(
          `missing required column "${c.name}" for ${kind} (the file has: ${sourceCols.join(', ')}; map it with --mapping, see "clientele schema ${kind}")`,
          { file },
        );
      }
      continue;
    }
    compiled.set(c.name, comp);
    for (const u of comp.asIs) asIs.add(u);
  }
  // Checks in order; a row's _check is the number of the first that fails (NULL: none fails).
  // They read the values computed once in the inner SELECT (u.*), never recompute a cast.
  const checks: Check[] = [];
  const inner: string[] = [`${at.rec} AS _rec`, `${at.line} AS _srcline`];
  mapping.rejectIf.forEach((r, k) => {
    inner.push(`NULLIF(TRIM(${ref(ctx, r.column, '"rejectIf"')}), '') IS NULL AS ${q(`_reject_${k}`)}`);
    checks.push({ when: `u.${q(`_reject_${k}`)}`, column: p.add(r.column), reason: p.add(r.reason) });
  });
  for (const c of table.columns) {
    const comp = compiled.get(c.name);
    if (!comp) continue;
    inner.push(`${comp.raw} AS ${q(`_raw_${c.name}`)}`, `${comp.value} AS ${q(c.name)}`);
    checks.push(...columnChecks(c, comp, `u.${q(`_raw_${c.name}`)}`, `u.${q(c.name)}`, ctx));
  }
  const extras = sourceCols.map((name, i) => [name, i] as const).filter(([name]) => !asIs.has(name));
  inner.push(
    `${extras.length ? `json_object(${extras.map(([name, i]) => `${lit(name)}, s.${q(sourceColumn(i))}`).join(', ')})` : 'CAST(NULL AS JSON)'} AS attributes`,
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
  const byCheck = (f: (k: Check) => string) =>
    checks.length
      ? `CASE t._check ${checks.map((k, n) => `WHEN ${n + 1} THEN ${f(k)}`).join(' ')} END`
      : 'NULL';
  return {
    sql: (source: string) => {
      const s = ctx.below.length ? `(SELECT s.*, ${ctx.below.join(', ')} FROM ${source} s)` : source;
      return `SELECT ${outer.join(', ')} FROM (SELECT ${inner.join(',\n  ')} FROM ${s} s) u`;
    },
    columns: [...compiled.keys()],
    params: p,
    column: byCheck((k) => k.column),
    reason: byCheck((k) => k.reason),
  };
}

/** The checks of one canonical column: present when required, of its type, in its range. */
function columnChecks(c: ColumnDef, comp: Compiled, raw: string, v: string, ctx: Context): Check[] {
  const { p } = ctx;
  const checks: Check[] = [];
  const column = p.add(c.name);
  if (c.required) {
    const blank = isIdentifier(ctx.kind, c) && comp.uses.length === 1 && comp.raw !== 'NULL';
    const reason = blank
      ? `CASE WHEN NULLIF(${ref(ctx, comp.uses[0], c.name)}, '') IS NULL THEN ${p.add(`empty ${c.name}`)} ELSE ${p.add(`${c.name} is blank (only spaces or invisible characters)`)} END`
      : p.add(`empty ${c.name}`);
    checks.push({ when: `${raw} IS NULL AND ${v} IS NULL`, column, reason });
  }
  if (c.type !== 'text' || c.values) {
    const bad = c.values ? `${v} NOT IN (${c.values.map(lit).join(', ')})` : `${v} IS NULL`;
    checks.push({ when: `${raw} IS NOT NULL AND (${bad})`, column, reason: typeReason(c, comp.raw, p) });
  }
  if (c.type === 'timestamp' || c.type === 'date') {
    const type = c.type === 'date' ? 'DATE' : 'TIMESTAMPTZ';
    const { from, to } = plausible(type, ctx);
    const [lo, hi] = [ctx.dates.from.slice(0, 10), ctx.dates.to.slice(0, 10)];
    checks.push({
      when: `${v} NOT BETWEEN ${from} AND ${to}`,
      column,
      reason: `${p.add(`${c.name}: "`)} || ${comp.raw} || ${p.add(`" is outside the plausible dates ${lo} to ${hi} (read as `)} || CAST(t.${q(c.name)} AS VARCHAR) || ${p.add('; set "dateRange" in clientele.json to widen it)')}`,
    });
  }
  if (c.range) {
    checks.push({
      when: `${v} NOT BETWEEN ${c.range[0]} AND ${c.range[1]}`,
      column,
      reason: p.add(`${c.name} outside ${c.range[0]}–${c.range[1]}`),
    });
  }
  return checks;
}

/**
 * The import, pushed down to DuckDB: stage each source as text, type and check every value in
 * one SELECT, then sort rows into accepted, rejected (with file, line, column and reason) and
 * duplicates, and insert. Runs inside the caller's transaction, so a failed or killed import
 * leaves the workspace as it was.
 */
import { InputError } from '../../errors.js';
import type { ColumnSource, Expr, Mapping } from '../../ingest/mapping.js';
import type { Source } from '../../ingest/sources.js';
import { type ColumnDef, TABLES, type TableName } from '../../schema/tables.js';
import { type Engine, quoteIdent as q, type SqlValue } from '../engine.js';
import { SQL_TYPES } from './ddl.js';

export interface ImportCounts {
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
}

/** A string literal for SQL text we generate ourselves (option names, column names). */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Collects bound parameters while SQL is generated. */
class Params {
  readonly values: SqlValue[] = [];
  add(v: SqlValue): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

const MAX_LINE = 256 * 1024 * 1024;

/** Stages one source as an all-text temp table `_stage_i` with a record number `_rec`. */
async function stage(
  db: Engine,
  src: Source,
  i: number,
): Promise<{ columns: string[]; headerLines: number; structural: boolean }> {
  const t = `_stage_${i}`;
  if (src.format === 'csv') {
    const cols = `{${src.columns.map((c) => `${lit(c)}: 'VARCHAR'`).join(', ')}}`;
    await db
      .run(
        `CREATE TEMP TABLE ${t} AS SELECT * FROM read_csv($1, header = $2, delim = $3, quote = '"', escape = '"',
         columns = ${cols}, auto_detect = false, strict_mode = true, null_padding = false,
         store_rejects = true, rejects_table = ${lit(`_rej_${i}`)}, rejects_scan = ${lit(`_scan_${i}`)},
         max_line_size = ${MAX_LINE})`,
        [src.path, src.header, src.delimiter],
      )
      .catch((e: Error) => {
        throw new InputError(`cannot read as CSV: ${e.message.split('\n')[0]}`, { file: src.file });
      });
    return { columns: src.columns, headerLines: src.header ? 1 : 0, structural: true };
  }
  if (src.format === 'parquet') {
    await db
      .run(`CREATE TEMP TABLE ${t} AS SELECT COLUMNS(*)::VARCHAR FROM read_parquet($1)`, [src.path])
      .catch((e: Error) => {
        throw new InputError(`cannot read as Parquet: ${e.message.split('\n')[0]}`, { file: src.file });
      });
    const info = await db.query<{ name: string }>(
      `SELECT name FROM pragma_table_info(${lit(t)}) ORDER BY cid`,
    );
    return { columns: info.map((r) => r.name), headerLines: 0, structural: false };
  }
  await db.run(
    `CREATE TEMP TABLE ${t} (${[...src.columns.map((c) => `${q(c)} VARCHAR`), '"_line" BIGINT'].join(', ')})`,
  );
  await db.append(
    t,
    [...src.columns, '_line'],
    src.rows.map((r) => [...r.values, r.line]),
  );
  return { columns: src.columns, headerLines: 0, structural: false };
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
      const cols = [...new Set(exprCols(spec.expr))];
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
        return `WHEN ${cond} THEN ${p.add(k.value)}`;
      });
      const raw = `CASE ${arms.join(' ')} ELSE ${spec.otherwise !== undefined ? p.add(spec.otherwise) : 'NULL'} END`;
      return { value: typed(c, raw, p), raw, uses: spec.cases.map((k) => k.column) };
    }
  }
}

function exprCols(e: Expr): string[] {
  if (e.op === 'col') return [e.name];
  if (e.op === 'num') return [];
  if (e.op === 'neg') return exprCols(e.arg);
  return [...exprCols(e.left), ...exprCols(e.right)];
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

/** Builds `_typed_i`: one row per staged row with typed canonical columns, attributes and the first failing check. */
async function typeSource(
  db: Engine,
  kind: TableName,
  mapping: Mapping,
  i: number,
  file: string,
  sourceCols: string[],
): Promise<{ params: Params; column: string; reason: string }> {
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
  const checks: { when: string; column: string; reason: string }[] = [];
  for (const r of mapping.rejectIf) {
    if (!sourceCols.includes(r.column)) {
      throw new InputError(`"rejectIf" uses column "${r.column}", which the file does not have`, { file });
    }
    checks.push({ when: `NULLIF(TRIM(s.${q(r.column)}), '') IS NULL`, column: p.add(r.column), reason: p.add(r.reason) });
  }
  for (const c of table.columns) {
    const comp = compiled.get(c.name);
    if (!comp) continue;
    const v = `(${comp.value})`;
    const column = p.add(c.name);
    if (c.required) checks.push({ when: `${comp.raw} IS NULL AND ${v} IS NULL`, column, reason: p.add(`empty ${c.name}`) });
    if (c.type !== 'text' || c.values) {
      const what = c.values ? `one of ${c.values.join(', ')}` : TYPE_WORDS[c.type];
      const bad = c.values ? `${v} NOT IN (${c.values.map(lit).join(', ')})` : `${v} IS NULL`;
      checks.push({
        when: `${comp.raw} IS NOT NULL AND (${bad})`,
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
  const hasLine =
    (await db.query(`SELECT 1 FROM pragma_table_info(${lit(`_stage_${i}`)}) WHERE name = '_line'`)).length >
    0;
  const attributes = extras.length
    ? `json_object(${extras.map((c) => `${lit(c)}, s.${q(c)}`).join(', ')})`
    : 'CAST(NULL AS JSON)';
  const select = [
    's._rec AS _rec',
    hasLine ? 's._line AS _srcline' : 'NULL::BIGINT AS _srcline',
    ...[...compiled].map(([name, comp]) => `${comp.value} AS ${q(name)}`),
    `${attributes} AS attributes`,
    checks.length ? `CASE ${checks.map((k, n) => `WHEN ${k.when} THEN ${n + 1}`).join(' ')} END AS _check` : 'NULL::INTEGER AS _check',
  ];
  // The raw line is rebuilt only for the rows that need it (rejects), through this view.
  await db.run(
    `CREATE TEMP VIEW _src_${i} AS SELECT rowid - (SELECT min(rowid) FROM _stage_${i}) AS _rec, *,
       concat_ws(',', ${sourceCols.map((c) => q(c)).join(', ')}) AS _raw FROM _stage_${i}`,
  );
  await db.run(...bindUsed(`CREATE TEMP TABLE _typed_${i} AS SELECT ${select.join(',\n  ')} FROM _src_${i} s`, p.values));
  const byCheck = (f: (k: (typeof checks)[number]) => string) =>
    checks.length ? `CASE t._check ${checks.map((k, n) => `WHEN ${n + 1} THEN ${f(k)}`).join(' ')} END` : 'NULL';
  return { params: p, column: byCheck((k) => k.column), reason: byCheck((k) => k.reason) };
}

/** Keeps only the parameters a statement uses, renumbered in order of use ($3, $7 → $1, $2). */
function bindUsed(sql: string, values: readonly SqlValue[]): [string, SqlValue[]] {
  const used: SqlValue[] = [];
  const seen = new Map<number, number>();
  const out = sql.replace(/\$(\d+)/g, (_, d: string) => {
    const n = Number(d);
    if (!seen.has(n)) {
      used.push(values[n - 1]);
      seen.set(n, used.length);
    }
    return `$${seen.get(n)}`;
  });
  return [out, used];
}

export interface ImportPlan {
  kind: TableName;
  mapping: Mapping;
  sources: Source[];
  importId: number;
  upsert: boolean;
}

/**
 * Imports the sources into the canonical table; returns the counts. Rejects go to `_rejects`.
 * Must run inside a transaction.
 */
export async function runImport(
  db: Engine,
  plan: ImportPlan,
  progress: (phase: string) => void = () => {},
): Promise<ImportCounts> {
  const { kind, importId } = plan;
  const table = TABLES[kind];
  const canon = table.columns.map((c) => c.name);
  let read = 0;
  let rejected = 0;
  const headerLines: number[] = [];
  for (const [i, src] of plan.sources.entries()) {
    progress(`reading ${src.file}`);
    const st = await stage(db, src, i);
    headerLines.push(st.headerLines);
    const sourceCols = st.columns.filter((c) => c !== '_line');
    progress(`checking ${src.file}`);
    const checks = await typeSource(db, kind, plan.mapping, i, src.file, sourceCols);
    const staged = (await db.query<{ n: number }>(`SELECT count(*)::BIGINT AS n FROM _stage_${i}`))[0].n;
    read += staged;
    // Lines: CSV records are counted by the engine; a record's physical line adds the header and
    // the newlines inside quoted values of earlier records.
    const lineOf = await lineExpression(db, src, i, st);
    if (lineOf.problems > 0) {
      const p = checks.params;
      await db.run(
        ...bindUsed(
          `INSERT INTO _rejects SELECT ${p.add(importId)}, ${p.add(src.file)}, ${lineOf.accepted}, ${checks.column}, ${checks.reason}, s._raw
           FROM (SELECT * FROM _typed_${i} WHERE _check IS NOT NULL) t JOIN _src_${i} s ON s._rec = t._rec ${lineOf.join}`,
          p.values,
        ),
      );
      rejected += lineOf.problems;
    }
    if (st.structural) {
      const structural = await db.query<{ n: number }>(
        `INSERT INTO _rejects SELECT $1, $2, ${lineOf.structural}, column_name, error_type || ': ' || error_message, csv_line FROM _rej_${i} e RETURNING 1`,
        [importId, src.file],
      );
      read += structural.length;
      rejected += structural.length;
    }
    if (src.format === 'jsonl' || src.format === 'xlsx') {
      for (const b of src.broken) {
        await db.run('INSERT INTO _rejects VALUES ($1, $2, $3, NULL, $4, $5)', [
          importId,
          src.file,
          b.line,
          b.reason,
          b.raw,
        ]);
      }
      read += src.broken.length;
      rejected += src.broken.length;
    }
  }

  progress('merging');
  const present = new Set<string>();
  for (const i of plan.sources.keys()) {
    const info = await db.query<{ name: string }>(
      `SELECT name FROM pragma_table_info(${lit(`_typed_${i}`)})`,
    );
    for (const r of info) present.add(r.name);
  }
  const cols = canon.filter((c) => present.has(c));
  const select = (i: number) =>
    `SELECT ${i} AS _src, _rec, ${cols.map(q).join(', ')}, attributes FROM _typed_${i} WHERE _check IS NULL`;
  const keyEq = table.key.map((k) => `c.${q(k)} IS NOT DISTINCT FROM t.${q(k)}`).join(' AND ');
  const candidates = plan.sources.map((_, i) => select(i)).join(' UNION ALL ');
  // Fast path, the common case: keys unique within the import and new to the table.
  const [{ n, k }] = await db.query<{ n: number; k: number }>(
    `SELECT count(*)::BIGINT AS n, count(DISTINCT row(${table.key.map((c) => q(c)).join(', ')}))::BIGINT AS k FROM (${candidates})`,
  );
  const [{ existing }] = await db.query<{ existing: number }>(
    `SELECT count(*)::BIGINT AS existing FROM ${q(kind)}`,
  );
  const overlap =
    existing === 0
      ? 0
      : (
          await db.query<{ o: number }>(
            `SELECT count(*)::BIGINT AS o FROM (${candidates}) c WHERE EXISTS (SELECT 1 FROM ${q(kind)} t WHERE ${keyEq})`,
          )
        )[0].o;
  if (n === k && overlap === 0) {
    for (const i of plan.sources.keys()) {
      const own = await db.query<{ name: string }>(`SELECT name FROM pragma_table_info(${lit(`_typed_${i}`)})`);
      const list = cols.map((c) => (own.some((o) => o.name === c) ? q(c) : 'NULL')).join(', ');
      await db.run(
        `INSERT INTO ${q(kind)} (${cols.map(q).join(', ')}, attributes, _import_id) SELECT ${list}, attributes, $1 FROM _typed_${i} WHERE _check IS NULL`,
        [importId],
      );
    }
    await dropScratch(db, plan.sources.length);
    return { read, accepted: n, rejected, duplicates: 0 };
  }

  // Conflicting rows of different sources can share a record number: order by source first.
  const hashOf = (alias: string) =>
    `md5(concat_ws(chr(31), ${canon.map((c) => (cols.includes(c) ? `coalesce(CAST(${alias}.${q(c)} AS VARCHAR), chr(0))` : 'chr(0)')).join(', ')}))`;
  await db.run(
    `CREATE TEMP TABLE _cand AS
     SELECT *, ${hashOf('u')} AS _h,
       row_number() OVER (PARTITION BY ${table.key.map((k) => `u.${q(k)}`).join(', ')} ORDER BY _src, _rec) AS _n
     FROM (${plan.sources.map((_, i) => select(i)).join(' UNION ALL ')}) u`,
  );
  await db.run(
    `CREATE TEMP TABLE _decided AS
     SELECT c.*, f._h AS _first_h, o._old_h
     FROM _cand c
     LEFT JOIN (SELECT ${table.key.map((k) => `t.${q(k)}`).join(', ')}, ${hashOf('t')} AS _old_h FROM ${q(kind)} t) o
       ON ${table.key.map((k) => `o.${q(k)} IS NOT DISTINCT FROM c.${q(k)}`).join(' AND ')}
     LEFT JOIN (SELECT * FROM _cand WHERE _n = 1) f ON ${table.key.map((k) => `f.${q(k)} IS NOT DISTINCT FROM c.${q(k)}`).join(' AND ')}`,
  );
  const counts = (
    await db.query<{
      dup: number;
      conflict_batch: number;
      conflict_old: number;
      fresh: number;
      replace: number;
    }>(
      `SELECT
         count(*) FILTER (WHERE (_n > 1 AND _h = _first_h) OR (_n = 1 AND _old_h = _h)) AS dup,
         count(*) FILTER (WHERE _n > 1 AND _h <> _first_h) AS conflict_batch,
         count(*) FILTER (WHERE _n = 1 AND _old_h IS NOT NULL AND _old_h <> _h) AS conflict_old,
         count(*) FILTER (WHERE _n = 1 AND _old_h IS NULL) AS fresh,
         0 AS replace
       FROM _decided`,
    )
  )[0];
  // Conflicts are rejects with their line.
  for (const [i, src] of plan.sources.entries()) {
    await db.run(
      `INSERT INTO _rejects
       SELECT $1, $2, d._rec + 1 + ${headerLines[i]}, ${lit(table.key.join(','))},
         CASE WHEN d._n > 1 THEN 'conflict: the same key appears earlier in this import with different values'
              ELSE 'conflict: a row with this key already exists with different values (use --upsert to replace)' END,
         t._raw
       FROM _decided d JOIN _src_${i} t ON t._rec = d._rec
       WHERE d._src = ${i} AND ((d._n > 1 AND d._h <> d._first_h) OR (${plan.upsert ? 'false' : 'true'} AND d._n = 1 AND d._old_h IS NOT NULL AND d._old_h <> d._h))`,
      [importId, src.file],
    );
  }
  let replaced = 0;
  if (plan.upsert && counts.conflict_old > 0) {
    await db.run(
      `DELETE FROM ${q(kind)} t WHERE EXISTS (SELECT 1 FROM _decided c WHERE c._n = 1 AND c._old_h IS NOT NULL AND c._old_h <> c._h AND ${keyEq})`,
    );
    replaced = counts.conflict_old;
  }
  const insertWhere = `_n = 1 AND (_old_h IS NULL${plan.upsert ? ' OR _old_h <> _h' : ''})`;
  await db.run(
    `INSERT INTO ${q(kind)} (${cols.map(q).join(', ')}, attributes, _import_id)
     SELECT ${cols.map(q).join(', ')}, attributes, $1 FROM _decided WHERE ${insertWhere} ORDER BY _src, _rec`,
    [importId],
  );
  const accepted = counts.fresh + replaced;
  rejected += counts.conflict_batch + (plan.upsert ? 0 : counts.conflict_old);
  await db.run('DROP TABLE _decided; DROP TABLE _cand');
  await dropScratch(db, plan.sources.length);
  return { read, accepted, rejected, duplicates: counts.dup };
}

async function dropScratch(db: Engine, sources: number): Promise<void> {
  for (let i = 0; i < sources; i++) {
    await db.run(`DROP VIEW IF EXISTS _src_${i}`);
    for (const t of ['_typed', '_stage', '_rej', '_scan', '_rj', '_ln'])
      await db.run(`DROP TABLE IF EXISTS ${t}_${i}`);
  }
}

/**
 * SQL for the physical line of a rejected staged row (`accepted`, over `_typed_i t`) and of a
 * structural reject (`structural`, over `_rej_i e`).
 */
async function lineExpression(db: Engine, src: Source, i: number, st: { headerLines: number }) {
  const count = async (sql: string) => (await db.query<{ n: number }>(sql))[0].n;
  const problems = await count(`SELECT count(*)::BIGINT AS n FROM _typed_${i} WHERE _check IS NOT NULL`);
  if (src.format === 'parquet') return { problems, accepted: 't._rec + 1', structural: 'NULL', join: '' };
  if (src.format !== 'csv') return { problems, accepted: 't._srcline', structural: 'NULL', join: '' };
  const h = st.headerLines;
  const structuralCount = await count(`SELECT count(*)::BIGINT AS n FROM _rej_${i}`);
  if (problems === 0 && structuralCount === 0) return { problems, accepted: 'NULL', structural: 'NULL', join: '' };
  // Engine record numbers of staged rows skip the structural rejects; newlines inside quoted
  // values push later records down.
  await db.run(
    `CREATE TEMP TABLE _rj_${i} AS SELECT line - ${h} AS r, row_number() OVER (ORDER BY line) AS j FROM _rej_${i}`,
  );
  await db.run(
    `CREATE TEMP TABLE _ln_${i} AS
     SELECT _rec, _rec + 1 + (SELECT count(*) FROM _rj_${i} WHERE r - j < _rec + 1) AS rec,
       coalesce(sum(length(_raw) - length(replace(_raw, chr(10), ''))) OVER (ORDER BY _rec ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS nl
     FROM _src_${i}`,
  );
  return {
    problems,
    accepted: `(l.rec + ${h} + l.nl)`,
    join: `JOIN _ln_${i} l ON l._rec = t._rec`,
    structural: `(e.line + coalesce((SELECT max(nl + (length(x._raw) - length(replace(x._raw, chr(10), '')))) FROM _ln_${i} l2 JOIN _src_${i} x ON x._rec = l2._rec WHERE l2.rec < e.line - ${h}), 0))`,
  };
}

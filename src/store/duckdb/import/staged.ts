/**
 * The staged import: every source is first copied as text into a temp table with record numbers,
 * so that each rejected row can be located (file, line, column) and duplicates, conflicts and
 * derived keys can be resolved in file order. Used whenever the direct path cannot be sure.
 */
import { InputError } from '../../../errors.js';
import type { Source } from '../../../ingest/sources.js';
import { TABLES } from '../../../schema/tables.js';
import { type Engine, quoteIdent as q } from '../../engine.js';
import { lit } from '../ddl.js';
import { bindUsed, compileTypedSelect, csvReaderSql, Params } from './compile.js';
import type { ImportCounts, ImportPlan } from './index.js';
import { keysUniqueAndNew } from './keys.js';

/** Stages one source as an all-text temp table `_stage_i`. */
export async function stage(
  db: Engine,
  src: Source,
  i: number,
): Promise<{ columns: string[]; headerLines: number; structural: boolean }> {
  const t = `_stage_${i}`;
  if (src.format === 'csv') {
    const p = new Params();
    await db
      .run(`CREATE TEMP TABLE ${t} AS SELECT * FROM ${csvReaderSql(src, p, `_rej_${i}`, true)}`, p.values)
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

/** Builds `_typed_i` from `_stage_i` (through the view `_src_i`, which also rebuilds raw lines for rejects). */
async function typeSource(
  db: Engine,
  plan: ImportPlan,
  i: number,
  file: string,
  sourceCols: string[],
): Promise<{ params: Params; column: string; reason: string }> {
  const hasLine =
    (await db.query(`SELECT 1 FROM pragma_table_info(${lit(`_stage_${i}`)}) WHERE name = '_line'`)).length >
    0;
  const typed = compileTypedSelect(plan.kind, plan.mapping, file, sourceCols, {
    rec: 's._rec',
    line: hasLine ? 's._line' : 'NULL::BIGINT',
  });
  await db.run(
    `CREATE TEMP VIEW _src_${i} AS SELECT rowid - (SELECT min(rowid) FROM _stage_${i}) AS _rec, *,
       concat_ws(',', ${sourceCols.map((c) => q(c)).join(', ')}) AS _raw FROM _stage_${i}`,
  );
  await db.run(
    ...bindUsed(`CREATE TEMP TABLE _typed_${i} AS ${typed.sql(`_src_${i}`)}`, typed.params.values),
  );
  return typed;
}

/**
 * Imports the sources into the canonical table; returns the counts. Rejects go to `_rejects`.
 * Must run inside a transaction.
 */
export async function stagedImport(
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
    const checks = await typeSource(db, plan, i, src.file, sourceCols);
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
  const [{ existing }] = await db.query<{ existing: number }>(
    `SELECT count(*)::BIGINT AS existing FROM ${q(kind)}`,
  );
  if (await keysUniqueAndNew(db, kind, `(${candidates})`, existing === 0 ? null : q(kind))) {
    let accepted = 0;
    for (const i of plan.sources.keys()) {
      const own = await db.query<{ name: string }>(
        `SELECT name FROM pragma_table_info(${lit(`_typed_${i}`)})`,
      );
      const list = cols.map((c) => (own.some((o) => o.name === c) ? q(c) : 'NULL')).join(', ');
      accepted += await db.execute(
        `INSERT INTO ${q(kind)} (${cols.map(q).join(', ')}, attributes, _import_id) SELECT ${list}, attributes, $1 FROM _typed_${i} WHERE _check IS NULL`,
        [importId],
      );
    }
    await dropScratch(db, plan.sources.length);
    return { read, accepted, rejected, duplicates: 0 };
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
    for (const t of [`_typed_${i}`, `_stage_${i}`, `_rej_${i}`, `_rej_${i}_scan`, `_rj_${i}`, `_ln_${i}`]) {
      await db.run(`DROP TABLE IF EXISTS ${t}`);
    }
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
  if (problems === 0 && structuralCount === 0)
    return { problems, accepted: 'NULL', structural: 'NULL', join: '' };
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

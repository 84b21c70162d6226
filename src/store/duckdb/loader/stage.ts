/**
 * Staging: every source is first copied as text into a temp table with record numbers, typed and
 * checked, so that each rejected row can be located (file, line, column) and duplicates,
 * conflicts and derived keys can be resolved afterwards.
 */
import { InputError } from '../../../errors.js';
import type { Source } from '../../../schema/source.js';
import { type Engine, quoteIdent as q } from '../../engine.js';
import type { LoadBatch } from '../../loader.js';
import { lit } from '../ddl.js';
import { compileTypedSelect } from './compile.js';
import { csvReaderSql, parquetColumns, parquetReaderSql } from './read.js';
import { bindUsed, Params, sourceColumn } from './sql.js';
import { batchSpan } from './temporal.js';

const count = async (db: Engine, sql: string) => (await db.query<{ n: number }>(sql))[0].n;

/** Copies one source as an all-text temp table `_stage_i` with positional column names. */
async function copyAsText(
  db: Engine,
  src: Source,
  i: number,
): Promise<{ columns: string[]; headerLines: number }> {
  const t = `_stage_${i}`;
  const p = new Params();
  if (src.format === 'csv') {
    await db
      .run(`CREATE TEMP TABLE ${t} AS SELECT * FROM ${csvReaderSql(src, p, `_rej_${i}`, true)}`, p.values)
      .catch((e: Error) => {
        throw new InputError(`cannot read as CSV: ${e.message.split('\n')[0]}`, { file: src.file });
      });
    return { columns: src.columns, headerLines: src.header ? 1 : 0 };
  }
  if (src.format === 'parquet') {
    const columns = await parquetColumns(db, src.path).catch((e: Error) => {
      throw new InputError(`cannot read as Parquet: ${e.message.split('\n')[0]}`, { file: src.file });
    });
    await db.run(
      `CREATE TEMP TABLE ${t} AS SELECT * FROM ${parquetReaderSql(src.path, columns, p)}`,
      p.values,
    );
    return { columns, headerLines: 0 };
  }
  const names = src.columns.map((_, k) => sourceColumn(k));
  await db.run(
    `CREATE TEMP TABLE ${t} (${[...names.map((c) => `${q(c)} VARCHAR`), '"_line" BIGINT'].join(', ')})`,
  );
  await db.append(
    t,
    [...names, '_line'],
    src.rows.map((r) => [...r.values, r.line]),
  );
  return { columns: src.columns, headerLines: 0 };
}

/**
 * Stages source `i`: `_stage_i` (text), the view `_src_i` (record numbers), `_typed_i` (typed and
 * checked). Rows failing a check and records breaking the structure go to `_rejects`; their raw
 * text is filled in afterwards from the file (structural rejects carry the engine's copy).
 */
export async function stageSource(
  db: Engine,
  batch: LoadBatch,
  i: number,
): Promise<{ read: number; rejected: number }> {
  const src = batch.sources[i];
  const { columns, headerLines } = await copyAsText(db, src, i);
  const rowsSource = src.format === 'jsonl' || src.format === 'xlsx';
  const typed = compileTypedSelect(
    batch.kind,
    batch.mapping,
    src.file,
    columns,
    { rec: 's._rec', line: rowsSource ? 's._line' : 'NULL::BIGINT' },
    batch.dates,
    await batchSpan(db, batch),
  );
  const texts = columns.map((_, k) => q(sourceColumn(k)));
  await db.run(
    `CREATE TEMP VIEW _src_${i} AS SELECT rowid - (SELECT min(rowid) FROM _stage_${i}) AS _rec, *,
       concat_ws(',', ${texts.length ? texts.join(', ') : "''"}) AS _raw FROM _stage_${i}`,
  );
  await db.run(
    ...bindUsed(`CREATE TEMP TABLE _typed_${i} AS ${typed.sql(`_src_${i}`)}`, typed.params.values),
  );
  let read = await count(db, `SELECT count(*)::BIGINT AS n FROM _stage_${i}`);
  let rejected = 0;
  headers.set(src, headerLines);
  const problems = await count(db, `SELECT count(*)::BIGINT AS n FROM _typed_${i} WHERE _check IS NOT NULL`);
  if (problems > 0) {
    const p = typed.params;
    const at = await locate(db, src, i);
    await db.run(
      ...bindUsed(
        `INSERT INTO _rejects SELECT ${p.add(batch.importId)}, ${p.add(src.file)}, ${at.line}, ${typed.column}, ${typed.reason}, NULL
         FROM (SELECT * FROM _typed_${i} WHERE _check IS NOT NULL) t JOIN _src_${i} s ON s._rec = t._rec ${at.join}`,
        p.values,
      ),
    );
    rejected += problems;
  }
  if (src.format === 'csv' && (await count(db, `SELECT count(*)::BIGINT AS n FROM _rej_${i}`)) > 0) {
    const named = columns.map((c, k) => `WHEN ${lit(sourceColumn(k))} THEN ${lit(c)}`).join(' ');
    const structural = await db.execute(
      `INSERT INTO _rejects SELECT $1, $2, ${await structuralLine(db, src, i)}, ${named ? `CASE e.column_name ${named} END` : 'NULL'}, error_type || ': ' || error_message, csv_line FROM _rej_${i} e`,
      [batch.importId, src.file],
    );
    read += structural;
    rejected += structural;
  }
  if (rowsSource) {
    for (const b of src.broken) {
      await db.run('INSERT INTO _rejects VALUES ($1, $2, $3, NULL, $4, $5)', [
        batch.importId,
        src.file,
        b.line,
        b.reason,
        b.raw,
      ]);
    }
    read += src.broken.length;
    rejected += src.broken.length;
  }
  return { read, rejected };
}

const headers = new WeakMap<Source, number>();

/**
 * Where the rows of staged source `i` are: SQL for the physical line of a row of `_typed_i t`
 * (`line`, after `join`). For CSV, engine record numbers skip the structural rejects and newlines
 * inside quoted values push later records down; `_ln_i` maps records to lines, made once.
 */
export async function locate(db: Engine, src: Source, i: number): Promise<{ line: string; join: string }> {
  if (src.format === 'parquet') return { line: 't._rec + 1', join: '' };
  if (src.format !== 'csv') return { line: 't._srcline', join: '' };
  const h = headers.get(src) ?? 0;
  if (await recordsAreLines(db, src, i)) return { line: `(t._rec + 1 + ${h})`, join: '' };
  const made = await db.query(
    `SELECT 1 FROM duckdb_tables() WHERE table_name = ${lit(`_ln_${i}`)} AND temporary`,
  );
  if (made.length === 0) {
    await db.run(
      `CREATE TEMP TABLE _rj_${i} AS SELECT line - ${h} AS r, row_number() OVER (ORDER BY line) AS j FROM _rej_${i}`,
    );
    await db.run(
      `CREATE TEMP TABLE _ln_${i} AS
       SELECT _rec, _rec + 1 + (SELECT count(*) FROM _rj_${i} WHERE r - j < _rec + 1) AS rec,
         coalesce(sum(length(_raw) - length(replace(_raw, chr(10), ''))) OVER (ORDER BY _rec ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS nl
       FROM _src_${i}`,
    );
  }
  return { line: `(l.rec + ${h} + l.nl)`, join: `JOIN _ln_${i} l ON l._rec = t._rec` };
}

const plain = new WeakMap<Source, boolean>();

/**
 * Whether record r of staged CSV source `i` is on line r + 1 after the header: no record broke
 * the structure and no value holds a line feed. Then no record-to-line map is needed (making it
 * for 10M records takes a window over all of them). Asked once per source and import.
 */
async function recordsAreLines(db: Engine, src: Source, i: number): Promise<boolean> {
  let known = plain.get(src);
  if (known === undefined) {
    const [{ rejected }] = await db.query<{ rejected: number }>(
      `SELECT count(*)::BIGINT AS rejected FROM _rej_${i}`,
    );
    const texts = await db.query<{ name: string }>(
      `SELECT name FROM pragma_table_info(${lit(`_stage_${i}`)}) WHERE type = 'VARCHAR'`,
    );
    const any = texts.map((c) => `contains(${q(c.name)}, chr(10))`).join(' OR ') || 'false';
    const [{ breaks }] = await db.query<{ breaks: boolean | null }>(
      `SELECT bool_or(${any}) AS breaks FROM _stage_${i}`,
    );
    known = rejected === 0 && breaks !== true;
    plain.set(src, known);
  }
  return known;
}

/** SQL for the physical line of a structural reject of a CSV source (over `_rej_i e`). */
async function structuralLine(db: Engine, src: Source, i: number): Promise<string> {
  const h = headers.get(src) ?? 0;
  await locate(db, src, i);
  return `(e.line + coalesce((SELECT max(nl + (length(x._raw) - length(replace(x._raw, chr(10), '')))) FROM _ln_${i} l2 JOIN _src_${i} x ON x._rec = l2._rec WHERE l2.rec < e.line - ${h}), 0))`;
}

/** Drops the scratch tables of staged sources. */
export async function dropStaged(db: Engine, sources: number): Promise<void> {
  for (let i = 0; i < sources; i++) {
    await db.run(`DROP VIEW IF EXISTS _src_${i}`);
    for (const t of [`_typed_${i}`, `_stage_${i}`, `_rej_${i}`, `_rej_${i}_scan`, `_rj_${i}`, `_ln_${i}`]) {
      await db.run(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}

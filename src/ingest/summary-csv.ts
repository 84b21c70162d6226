/**
 * Per-customer summary CSV files of the lifetime commands (`fit`, `predict`): read by the engine
 * straight into typed columns (no table is kept) with every row checked, and per-customer results
 * written back out as CSV with the customers' ids copied from the file.
 *
 * DuckDB parses the file (`read_csv`), so this needs a DuckDB engine (the CLI opens an in-memory
 * one). A clean file is read in one pass of the engine. When a row is wrong, the file is scanned
 * here record by record to say where — file, line, column — and with `skipInvalid` the rows that
 * cannot be used go to a rejects CSV with their line, column, reason and text.
 */
import { EngineError, InputError } from '../errors.js';
import type { Engine } from '../store/engine.js';
import {
  type CsvRecord,
  csvField,
  readHeader,
  scanRecords,
  writeCleanCopy,
  writeRejects,
} from './summary-files.js';

export { type CustomerCsv, writeCustomerCsv } from './customer-csv.js';

/** A check of a row beyond "every value is a number": SQL over the typed columns, true when invalid. */
export interface SummaryRule {
  /** The problem in words, e.g. "recency t_x > T". */
  reason: string;
  /** The column a reject names. */
  column: string;
  /** SQL condition over the quoted column names, e.g. `"recency" > "T"`. */
  when: string;
}

/** What a summary file must hold. */
export interface SummarySpec {
  /** Numeric columns the file must have. */
  required: readonly string[];
  /** Numeric columns read when present. */
  optional?: readonly string[];
  rules?: readonly SummaryRule[];
}

export interface LoadOptions {
  /** Leave invalid rows out (and write them to `rejects`) instead of refusing the file. */
  skipInvalid?: boolean;
  /** The rejects CSV (default: the summary's name with `.rejects.csv`). */
  rejects?: string;
}

/** A row left out, as written to the rejects CSV. */
export interface SummaryReject {
  line: number;
  column: string | null;
  reason: string;
  record: string;
}

/** A summary read into typed columns, rows in the file's order. */
export interface SummaryData {
  /** The numeric columns read (the required ones and the optional ones present), by name. */
  columns: Record<string, Float64Array>;
  /** Each row's position among the file's data rows, from 0 (rows left out are missing). */
  record: Float64Array;
  /** The file's header and the position of `customer_id` in it (−1: none). */
  header: string[];
  idIndex: number;
  rows: number;
  rejected: number;
  /** Where the rejects were written (with `skipInvalid`), else null. */
  rejectsFile: string | null;
}

const SKIP_HINT = '--skip-invalid leaves such rows out and writes them to a rejects file';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * SQL reading `path` with each row's first problem coded (0: none). `typed`: the reader parses the
 * numbers itself (fast, but any bad value fails the whole read); else it reads text and casts, so
 * that a bad value is a row's problem.
 */
function readSql(
  path: string,
  header: string[],
  numeric: string[],
  rules: readonly SummaryRule[],
  options: { typed: boolean; withRecord: boolean },
) {
  const at = (c: string) => `c${header.indexOf(c)}`;
  const type = (i: number) => (options.typed && numeric.includes(header[i]) ? 'DOUBLE' : 'VARCHAR');
  const names = [
    ...(options.withRecord ? [[`_record`, 'VARCHAR']] : []),
    ...header.map((_, i) => [`c${i}`, type(i)]),
  ];
  const columns = `{${names.map(([n, t]) => `${literal(n)}: '${t}'`).join(', ')}}`;
  const reader = `read_csv(${literal(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
    strict_mode = true, null_padding = false, columns = ${columns})`;
  const typed = numeric
    .map((c) => `${options.typed ? at(c) : `TRY_CAST(${at(c)} AS DOUBLE)`} AS ${quote(c)}`)
    .join(', ');
  const problems = [
    ...numeric.map((c, k) => `WHEN ${quote(c)} IS NULL OR NOT isfinite(${quote(c)}) THEN ${k + 1}`),
    ...rules.map((r, k) => `WHEN ${r.when} THEN ${numeric.length + k + 1}`),
  ];
  const record = options.withRecord ? 'CAST(_record AS DOUBLE) AS _record, ' : '';
  return `SELECT ${options.withRecord ? '_record, ' : ''}${numeric.map(quote).join(', ')},
      CASE ${problems.join(' ')} ELSE 0 END AS problem
    FROM (SELECT ${record}${typed} FROM ${reader}) t`;
}

/**
 * Reads a summary CSV into typed columns (the engine parses it and streams the columns; no table
 * is kept), checking that every value of the numeric columns is a finite number and every rule
 * holds. Without `skipInvalid` the first problem is an InputError naming file, line and column,
 * with the count of every kind of problem.
 *
 * @example const s = await readSummaryCsv(db, 'summary.csv', { required: ['frequency', 'recency', 'T'] });
 */
export async function readSummaryCsv(
  db: Engine,
  file: string,
  spec: SummarySpec,
  options: LoadOptions = {},
): Promise<SummaryData> {
  const header = readHeader(file);
  const missing = spec.required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new InputError(`missing column(s) ${missing.join(', ')} (the file has: ${header.join(', ')})`, {
      file,
      line: 1,
    });
  }
  const numeric = [...spec.required, ...(spec.optional ?? []).filter((c) => header.includes(c))];
  const rules = spec.rules ?? [];
  const rejects: SummaryReject[] = [];
  // Numbers parsed by the reader; if that fails, text cast row by row; if that fails too, the
  // file's structure is broken somewhere: located here, and left out with `skipInvalid`.
  const sql = (path: string, typed: boolean, withRecord = false) =>
    readSql(path, header, numeric, rules, { typed, withRecord });
  let read: Record<string, Float64Array>;
  try {
    read = await db.columns(sql(file, true));
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    try {
      read = await db.columns(sql(file, false));
    } catch (broken) {
      if (!(broken instanceof EngineError)) throw broken;
      const cleaned = structuralRejects(file, header.length, options.skipInvalid === true, rejects, broken);
      try {
        read = await db.columns(sql(cleaned.path, false, true));
      } catch (again) {
        throw new InputError(`cannot be read as CSV: ${(again as Error).message.split('\n')[0]}`, { file });
      } finally {
        cleaned.remove();
      }
    }
  }
  const size = read.problem.length;
  const record = read._record ?? Float64Array.from({ length: size }, (_, i) => i);
  const reasons = [
    ...numeric.map((c) => ({ column: c, reason: 'is not a number' })),
    ...rules.map((r) => ({ column: r.column, reason: r.reason })),
  ];
  const bad: number[] = [];
  for (let i = 0; i < size; i++) if (read.problem[i] > 0) bad.push(i);
  let columns = Object.fromEntries(numeric.map((c) => [c, read[c]]));
  let kept = record;
  if (bad.length > 0) {
    if (!options.skipInvalid) {
      const counts = new Map<number, number>();
      for (const i of bad) counts.set(read.problem[i], (counts.get(read.problem[i]) ?? 0) + 1);
      const summary = [...counts]
        .sort((a, b) => a[0] - b[0])
        .map(([k, n]) => `${n} ${describe(reasons[k - 1])}`)
        .join(', ');
      const [first] = locate(file, header, [record[bad[0]]], [read.problem[bad[0]]], reasons);
      throw new InputError(`${first.reason} (invalid rows: ${summary}; ${SKIP_HINT})`, {
        file,
        line: first.line,
        column: first.column ?? undefined,
      });
    }
    rejects.push(
      ...locate(
        file,
        header,
        bad.map((i) => record[i]),
        bad.map((i) => read.problem[i]),
        reasons,
      ),
    );
    const keep = (a: Float64Array) => a.filter((_, i) => read.problem[i] === 0);
    columns = Object.fromEntries(numeric.map((c) => [c, keep(read[c])]));
    kept = keep(record);
  }
  let rejectsFile: string | null = null;
  if (options.skipInvalid) {
    rejectsFile = options.rejects ?? `${file.replace(/\.csv$/i, '')}.rejects.csv`;
    writeRejects(rejectsFile, rejects);
  }
  return {
    columns,
    record: kept,
    header,
    idIndex: header.indexOf('customer_id'),
    rows: kept.length,
    rejected: rejects.length,
    rejectsFile,
  };
}

function describe(r: { column: string; reason: string }): string {
  return r.reason === 'is not a number' ? `not a number in ${r.column}` : `with ${r.reason}`;
}

/**
 * Scans the file for records that break the CSV structure. Without `skip`, the first is an
 * InputError; with it, they join `rejects` and the other records go to a clean copy (each with its
 * record number first) for the engine to read.
 */
function structuralRejects(
  file: string,
  fields: number,
  skip: boolean,
  rejects: SummaryReject[],
  cause: EngineError,
): { path: string; remove: () => void } {
  const broken = (r: CsvRecord) =>
    r.problem ?? (r.fields !== fields ? `expected ${fields} fields, found ${r.fields}` : null);
  let first: SummaryReject | null = null;
  let count = 0;
  scanRecords(file, (r) => {
    const reason = broken(r);
    if (reason === null) return true;
    count++;
    first ??= { line: r.line, column: null, reason, record: r.text };
    if (skip) rejects.push({ line: r.line, column: null, reason, record: r.text });
    return true;
  });
  if (!first) {
    throw new InputError(`cannot be read as CSV: ${cause.message.split('\n')[0]}`, { file });
  }
  if (!skip) {
    const { line, reason } = first as SummaryReject;
    throw new InputError(`${reason} (${count} row(s) break the CSV structure; ${SKIP_HINT})`, { file, line });
  }
  return writeCleanCopy(file, (r) => broken(r) === null);
}

/** Line, column, reason and text of the data records `records` (ascending), by scanning the file. */
function locate(
  file: string,
  header: string[],
  records: ArrayLike<number>,
  problems: ArrayLike<number>,
  reasons: { column: string; reason: string }[],
): SummaryReject[] {
  const out: SummaryReject[] = [];
  let next = 0;
  scanRecords(file, (r) => {
    while (next < records.length && records[next] === r.index) {
      const { column, reason } = reasons[problems[next] - 1];
      const text =
        reason === 'is not a number' ? `"${csvField(r.text, header.indexOf(column))}" ${reason}` : reason;
      out.push({ line: r.line, column, reason: text, record: r.text });
      next++;
    }
    return next < records.length;
  });
  return out;
}

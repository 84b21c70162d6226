/**
 * Column mappings: how a source file's columns become a canonical table's columns. A mapping is
 * written once per source layout (JSON) and reused. Engine-neutral: `store/` compiles it to SQL.
 *
 * ```json
 * {
 *   "kind": "transactions",
 *   "delimiter": "whitespace", "header": true, "sourceColumns": ["cust", "date", "cds", "dollars"],
 *   "columns": {
 *     "customer_id": "cust",
 *     "occurred_at": { "column": "date", "format": "%Y%m%d" },
 *     "amount": { "expr": "dollars" },
 *     "status": { "when": [{ "column": "InvoiceNo", "startsWith": "C", "value": "cancelled" }], "else": "completed" },
 *     "channel": { "value": "web" },
 *     "txn_id": { "derive": "*" }
 *   },
 *   "rejectIf": [{ "column": "CustomerID", "empty": true, "reason": "no CustomerID" }]
 * }
 * ```
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { TABLES, type TableName } from '../schema/tables.js';

/** Arithmetic over source columns: + − × / and parentheses. */
export type Expr =
  | { op: 'col'; name: string }
  | { op: 'num'; value: number }
  | { op: 'neg'; arg: Expr }
  | { op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };

export type ColumnSource =
  | { kind: 'column'; column: string; format?: string }
  | { kind: 'expr'; expr: Expr; text: string }
  | { kind: 'value'; value: string | number | boolean }
  | { kind: 'derive'; columns: string[] | '*' }
  | {
      kind: 'when';
      cases: { column: string; startsWith?: string; equals?: string; value: string }[];
      otherwise?: string;
    };

export interface Mapping {
  kind?: TableName;
  format?: 'csv' | 'parquet' | 'jsonl' | 'xlsx';
  /** A single character, 'tab', or 'whitespace' (runs of spaces/tabs, leading ones ignored). */
  delimiter?: string;
  header?: boolean;
  encoding?: 'utf-8' | 'gb18030';
  /** Names for the source columns (for files without a header, or to rename them all). */
  sourceColumns?: string[];
  columns: Record<string, ColumnSource>;
  rejectIf: { column: string; empty?: boolean; reason: string }[];
  /** Worksheet name for XLSX (default: the first). */
  sheet?: string;
}

/** Parses `Quantity * UnitPrice`-style expressions. Column names with spaces go in backticks. */
export function parseExpr(text: string): Expr {
  const tokens =
    text.match(/`[^`]+`|\d+(?:\.\d+)?|[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*|[-+*/()×]|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const fail = (msg: string): never => {
    throw new InputError(`expression "${text}": ${msg}`);
  };
  const primary = (): Expr => {
    const t = tokens[i++];
    if (t === undefined) return fail('ends too early');
    if (t === '(') {
      const e = sum();
      if (tokens[i++] !== ')') fail('missing )');
      return e;
    }
    if (t === '-') return { op: 'neg', arg: primary() };
    if (/^\d/.test(t)) return { op: 'num', value: Number(t) };
    if (t.startsWith('`')) return { op: 'col', name: t.slice(1, -1) };
    if (/^[A-Za-z_\u4e00-\u9fff]/.test(t)) return { op: 'col', name: t };
    return fail(`unexpected "${t}"`);
  };
  const product = (): Expr => {
    let e = primary();
    while (peek() === '*' || peek() === '/' || peek() === '×') {
      const op = tokens[i++] === '/' ? '/' : '*';
      e = { op, left: e, right: primary() };
    }
    return e;
  };
  const sum = (): Expr => {
    let e = product();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[i++] as '+' | '-';
      e = { op, left: e, right: product() };
    }
    return e;
  };
  const e = sum();
  if (i < tokens.length) fail(`unexpected "${tokens[i]}"`);
  return e;
}

/** Source columns an expression reads. */
export function exprColumns(e: Expr): string[] {
  switch (e.op) {
    case 'col':
      return [e.name];
    case 'num':
      return [];
    case 'neg':
      return exprColumns(e.arg);
    default:
      return [...exprColumns(e.left), ...exprColumns(e.right)];
  }
}

function parseSource(target: string, spec: unknown, file: string): ColumnSource {
  const bad = (msg: string): never => {
    throw new InputError(`mapping for "${target}": ${msg}`, { file });
  };
  if (typeof spec === 'string') return { kind: 'column', column: spec };
  if (spec === null || typeof spec !== 'object') return bad('expected a column name or an object');
  const o = spec as Record<string, unknown>;
  if (typeof o.column === 'string') {
    if (o.format !== undefined && typeof o.format !== 'string')
      bad('"format" must be a string such as "%Y-%m-%d"');
    return { kind: 'column', column: o.column, format: o.format as string | undefined };
  }
  if (typeof o.expr === 'string') return { kind: 'expr', expr: parseExpr(o.expr), text: o.expr };
  if ('value' in o) {
    if (!['string', 'number', 'boolean'].includes(typeof o.value))
      bad('"value" must be a string, number or boolean');
    return { kind: 'value', value: o.value as string };
  }
  if ('derive' in o) {
    if (o.derive === '*') return { kind: 'derive', columns: '*' };
    if (Array.isArray(o.derive) && o.derive.every((c) => typeof c === 'string'))
      return { kind: 'derive', columns: o.derive };
    return bad('"derive" must be "*" or a list of source columns');
  }
  if (Array.isArray(o.when)) {
    const cases = o.when.map((c: Record<string, unknown>) => {
      if (typeof c.column !== 'string' || typeof c.value !== 'string')
        bad('each "when" needs "column" and "value"');
      return {
        column: c.column as string,
        startsWith: c.startsWith as string,
        equals: c.equals as string,
        value: c.value as string,
      };
    });
    return { kind: 'when', cases, otherwise: o.else as string | undefined };
  }
  return bad('expected one of "column", "expr", "value", "derive" or "when"');
}

/** Reads and checks a mapping file. */
export function loadMapping(file: string, kind: TableName): Mapping {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new InputError(`cannot read mapping: ${(e as Error).message}`, { file });
  }
  return parseMapping(raw, kind, file);
}

export function parseMapping(raw: Record<string, unknown>, kind: TableName, file = 'mapping'): Mapping {
  if (raw.kind !== undefined && raw.kind !== kind) {
    throw new InputError(`this mapping is for "${raw.kind}", not "${kind}"`, { file });
  }
  const table = TABLES[kind];
  const columns: Record<string, ColumnSource> = {};
  for (const [target, spec] of Object.entries((raw.columns as Record<string, unknown>) ?? {})) {
    if (!table.columns.some((c) => c.name === target)) {
      throw new InputError(
        `"${target}" is not a column of ${kind} (columns: ${table.columns.map((c) => c.name).join(', ')})`,
        { file },
      );
    }
    columns[target] = parseSource(target, spec, file);
  }
  const rejectIf = Array.isArray(raw.rejectIf) ? (raw.rejectIf as Mapping['rejectIf']) : [];
  return {
    kind,
    format: raw.format as Mapping['format'],
    delimiter: raw.delimiter as string | undefined,
    header: raw.header as boolean | undefined,
    encoding: raw.encoding as Mapping['encoding'],
    sourceColumns: raw.sourceColumns as string[] | undefined,
    sheet: raw.sheet as string | undefined,
    columns,
    rejectIf,
  };
}

/** The identity mapping: canonical column names taken as they are. */
export function defaultMapping(kind: TableName): Mapping {
  return { kind, columns: {}, rejectIf: [] };
}

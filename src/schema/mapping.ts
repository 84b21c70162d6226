/**
 * The shape of a column mapping once read and checked: how a source file's columns become a
 * canonical table's columns. Types only (plus one pure helper), so that `ingest/` (which reads
 * and validates mapping files) and `store/` (which compiles mappings to SQL) both depend on
 * `schema/` and not on each other.
 */
import type { TableName } from './tables.js';

/** Arithmetic over source columns: + − × / and parentheses. */
export type Expr =
  | { op: 'col'; name: string }
  | { op: 'num'; value: number }
  | { op: 'neg'; arg: Expr }
  | { op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };

/** Where one canonical column's values come from. */
export type ColumnSource =
  /**
   * A source column taken as it is; for dates and times, `formats` are strptime formats tried in
   * order (absent: the engine's own reading of ISO text).
   */
  | { kind: 'column'; column: string; formats?: string[] }
  /** Arithmetic over source columns; `text` is the expression as written in the mapping. */
  | { kind: 'expr'; expr: Expr; text: string }
  /** The same value on every row. */
  | { kind: 'value'; value: string | number | boolean }
  /** A key derived from the listed source columns, or from all of them (`'*'`). */
  | { kind: 'derive'; columns: string[] | '*' }
  /** The value of the first case that matches (exactly one of `startsWith`/`equals` per case). */
  | {
      kind: 'when';
      cases: { column: string; startsWith?: string; equals?: string; value: string }[];
      otherwise?: string;
    };

/** A checked mapping: everything a store needs to read a source into a canonical table. */
export interface Mapping {
  kind?: TableName;
  format?: 'csv' | 'parquet' | 'jsonl' | 'xlsx';
  /** A single character, 'tab', or 'whitespace' (runs of spaces/tabs, leading ones ignored). */
  delimiter?: string;
  header?: boolean;
  /** A text encoding iconv-lite knows ('utf-8' for every spelling of UTF-8). */
  encoding?: string;
  /** Names for the source columns (for files without a header, or to rename them all). */
  sourceColumns?: string[];
  columns: Record<string, ColumnSource>;
  /** Rows whose `column` is empty (or blank) are rejected with `reason`. */
  rejectIf: { column: string; empty?: boolean; reason: string }[];
  /** Worksheet name for XLSX (default: the first). */
  sheet?: string;
}

/** Source columns an expression reads, in order of appearance (with repeats). */
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

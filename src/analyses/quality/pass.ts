/**
 * The shapes shared by the data-quality checks: a finding (one row of `data_quality`) and the
 * one aggregate pass over a table into which every column check of that table puts its measures.
 */
import type { TableName } from '../../schema/tables.js';
import { type Engine, quoteIdent as q, type Row } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { Params } from './rules.js';

/** The kinds of check, as `check_name` in `data_quality`. */
export const CHECK_KINDS = [
  'completeness',
  'domain',
  'orphans',
  'future_dated',
  'extreme',
  'rejects',
  'duplicates',
] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

/** One check that ran: a row of `data_quality`, and the counted warning when something fails. */
export interface Finding {
  table: string;
  /** The column checked, or null for a check of the whole table. */
  column: string | null;
  check: CheckKind;
  /** Rows (or values) the check looked at. */
  rows: number;
  /** How many of them fail it. */
  failing: number;
  /** What fails, in short (offending values, reasons, thresholds), or null. */
  detail: string | null;
  /** Whether the check counts in the summary score. */
  scored: boolean;
  /** The warning's text when `failing > 0`. */
  message: string;
}

/**
 * One `SELECT … FROM table` computing every measure the checks of a table ask for, so that a
 * table is read once for all its column checks.
 */
export class TablePass {
  readonly params = new Params();
  private readonly exprs: string[] = [];
  private row: Row | null = null;

  constructor(readonly table: TableName) {}

  /** Adds an aggregate expression; the returned function reads its value once the pass ran. */
  measure<T = number>(expr: string): () => T {
    const alias = `m${this.exprs.length}`;
    this.exprs.push(`${expr} AS ${alias}`);
    return () => {
      if (this.row === null) throw new Error(`the pass over ${this.table} has not run yet`);
      return this.row[alias] as T;
    };
  }

  async run(db: Engine): Promise<void> {
    const [row] = await db.query(`SELECT ${this.exprs.join(', ')} FROM ${q(this.table)}`, this.params.values);
    this.row = row;
  }
}

/**
 * The checks of one table, planned on its pass: called after the pass has run, they read its
 * measures and may query again (only to describe failures).
 */
export type PlannedCheck = (ctx: RunContext) => Promise<Finding[]>;

/** A value as it reads in a detail: numbers without trailing zeros, text as is. */
export function shown(v: unknown): string {
  if (v === null || v === undefined) return 'empty';
  if (typeof v === 'number') return String(Number(v.toPrecision(12)));
  return String(v);
}

/** "3 of 9" with thousands separators. */
export function ofRows(failing: number, rows: number): string {
  return `${failing.toLocaleString('en-US')} of ${rows.toLocaleString('en-US')}`;
}

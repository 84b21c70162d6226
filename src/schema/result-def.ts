/** The shape of a result table definition, shared by the files that define them. */
import type { ColumnDef, ColumnType } from './tables.js';

export interface ResultTableDef {
  name: string;
  description: string;
  /** Columns after `run_id`, in order. */
  columns: readonly ColumnDef[];
  /** Columns that identify a row within a run. */
  key: readonly string[];
}

/** A column definition, briefly. */
export const c = (name: string, type: ColumnType, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name,
  type,
  ...extra,
});

/**
 * The import, pushed down to DuckDB. Sources are typed and checked in SQL; rows are accepted,
 * rejected (with file, line, column and reason, into `_rejects`) or recognised as duplicates.
 * Runs inside the caller's transaction, so a failed or killed import leaves the workspace as it
 * was. Clean imports take the direct path (one pass from the file into the table); anything else
 * — rejects, duplicates, conflicts, derived keys, JSON Lines or Excel rows — the staged path.
 */
import type { Mapping } from '../../../ingest/mapping.js';
import type { Source } from '../../../ingest/sources.js';
import type { TableName } from '../../../schema/tables.js';
import type { Engine } from '../../engine.js';
import { directImport } from './direct.js';
import { stagedImport } from './staged.js';

export interface ImportCounts {
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
}

export interface ImportPlan {
  kind: TableName;
  mapping: Mapping;
  sources: Source[];
  importId: number;
  upsert: boolean;
}

/** Imports the sources into the canonical table; returns the counts. Must run inside a transaction. */
export async function runImport(
  db: Engine,
  plan: ImportPlan,
  progress: (phase: string) => void = () => {},
): Promise<ImportCounts> {
  return (await directImport(db, plan, progress)) ?? stagedImport(db, plan, progress);
}

/**
 * `clientele import`: reads source files into a canonical table, losslessly. Every row read is
 * accepted, rejected (to the `_rejects` table and a rejects CSV, with file, line, column and
 * reason) or recognised as a duplicate; read = accepted + rejected + duplicates. The whole
 * import is one transaction: a failure or a kill leaves the workspace as it was.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCsv } from '../export/csv.js';
import type { TableName } from '../schema/tables.js';
import { runImport } from '../store/duckdb/import/index.js';
import type { Workspace } from '../workspace/index.js';
import { defaultMapping, loadMapping, type Mapping } from './mapping.js';
import { openSource, type Source } from './sources.js';

export interface ImportOptions {
  mapping?: string | Mapping;
  upsert?: boolean;
  /** Called with a phase description as the import proceeds. */
  progress?: (phase: string) => void;
}

export interface ImportSummary {
  importId: number;
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  /** Path of the rejects CSV, or null when nothing was rejected. */
  rejectsFile: string | null;
}

/** Imports files of one kind into the workspace. Throws InputError for files refused whole. */
export async function importFiles(
  ws: Workspace,
  kind: TableName,
  files: string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const mapping =
    typeof options.mapping === 'string'
      ? loadMapping(options.mapping, kind)
      : (options.mapping ?? defaultMapping(kind));
  const sources: Source[] = [];
  for (const file of files) sources.push(await openSource(file, mapping));
  const db = ws.db;
  const importId = Number(
    (await db.query<{ n: number }>('SELECT coalesce(max(import_id), 0) + 1 AS n FROM _imports'))[0].n,
  );
  const rejectsName = `rejects-${String(importId).padStart(4, '0')}-${kind}.csv`;
  const rejectsPath = join(ws.dir, rejectsName);
  const partial = `${rejectsPath}.partial`;
  try {
    const counts = await db.transaction(async (tx) => {
      await tx.run(`INSERT INTO _imports (import_id, kind, files, started_at) VALUES ($1, $2, $3, now())`, [
        importId,
        kind,
        files.join('\n'),
      ]);
      const c = await runImport(
        tx,
        { kind, mapping, sources, importId, upsert: options.upsert ?? false },
        options.progress,
      );
      if (c.rejected > 0) {
        const rows = await tx.query(
          `SELECT file, line, "column", reason, raw FROM _rejects WHERE import_id = $1 ORDER BY file, line NULLS LAST`,
          [importId],
        );
        writeFileSync(partial, toCsv(['file', 'line', 'column', 'reason', 'raw'], rows));
      }
      await tx.run(
        `UPDATE _imports SET finished_at = now(), read = $2, accepted = $3, rejected = $4, duplicates = $5, rejects_file = $6 WHERE import_id = $1`,
        [importId, c.read, c.accepted, c.rejected, c.duplicates, c.rejected > 0 ? rejectsPath : null],
      );
      return c;
    });
    if (counts.rejected > 0) renameSync(partial, rejectsPath);
    return { importId, ...counts, rejectsFile: counts.rejected > 0 ? rejectsPath : null };
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  } finally {
    for (const s of sources) if (s.format === 'csv' && s.path !== s.file) rmSync(s.path, { force: true });
  }
}

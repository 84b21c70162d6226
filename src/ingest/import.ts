/**
 * `clientele import`: reads source files into a canonical table, losslessly. Every row read is
 * accepted, rejected (to the `_rejects` table and a rejects CSV, with file, line, column and
 * reason) or recognised as a duplicate; read = accepted + rejected + duplicates. The whole
 * import is one transaction: a failure, a kill or too many rejects leave the workspace as it was.
 *
 * The rules live here and are the same on every engine: clean files take the engine's one-pass
 * load; anything else is staged. A duplicate is a row identical in every column read to an earlier
 * row of the import or to the row already stored; any other row with a key seen before is a
 * conflict, rejected unless `upsert` asks to replace the stored row. The engine's loader
 * (`store/loader.ts`) only speaks its dialect.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RejectLimitError } from '../errors.js';
import { toCsv } from '../export/csv.js';
import type { Mapping } from '../schema/mapping.js';
import type { Source } from '../schema/source.js';
import type { TableName } from '../schema/tables.js';
import type { Engine } from '../store/engine.js';
import type { ImportLoader, LoadBatch } from '../store/loader.js';
import { plausibleDateRange, type Workspace } from '../workspace/index.js';
import { defaultMapping, loadMapping } from './mapping.js';
import { openSource, rawLines } from './sources.js';

export interface ImportOptions {
  mapping?: string | Mapping;
  upsert?: boolean;
  /** More rejected rows than this: nothing is imported (RejectLimitError). Default: no limit. */
  maxRejects?: number;
  /** Called with a phase description as the import proceeds. */
  progress?: (phase: string) => void;
}

export interface ImportCounts {
  read: number;
  accepted: number;
  rejected: number;
  duplicates: number;
}

export interface ImportSummary extends ImportCounts {
  importId: number;
  /** Path of the rejects CSV, or null when nothing was rejected. */
  rejectsFile: string | null;
}

export const CONFLICT_IN_IMPORT =
  'conflict: the same key appears earlier in this import with different values';
export const CONFLICT_WITH_TABLE =
  'conflict: a row with this key already exists with different values (use --upsert to replace)';

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
  const progress = options.progress ?? (() => {});
  const sources: Source[] = [];
  const db = ws.db;
  const importId = Number(
    (await db.query<{ n: number }>('SELECT coalesce(max(import_id), 0) + 1 AS n FROM _imports'))[0].n,
  );
  const rejectsPath = join(ws.dir, `rejects-${String(importId).padStart(4, '0')}-${kind}.csv`);
  const partial = `${rejectsPath}.partial`;
  let keepPartial = false;
  try {
    for (const file of files) sources.push(await openSource(file, mapping));
    const batch: LoadBatch = { kind, mapping, sources, importId, dates: plausibleDateRange(ws.config) };
    const counts = await db.transaction(async (tx) => {
      await tx.run(`INSERT INTO _imports (import_id, kind, files, started_at) VALUES ($1, $2, $3, now())`, [
        importId,
        kind,
        files.join('\n'),
      ]);
      const c = await load(tx.loader(), batch, options.upsert ?? false, progress);
      if (c.read !== c.accepted + c.rejected + c.duplicates) {
        throw new Error(`import counts do not reconcile: ${JSON.stringify(c)}`);
      }
      if (c.rejected > 0) {
        progress('writing rejects');
        await fillRawLines(tx, batch);
        writeFileSync(
          partial,
          toCsv(['file', 'line', 'column', 'reason', 'raw'], await rejectRows(tx, importId)),
        );
      }
      if (c.rejected > (options.maxRejects ?? Number.POSITIVE_INFINITY)) {
        renameSync(partial, rejectsPath);
        keepPartial = true;
        throw new RejectLimitError(options.maxRejects!, { rejected: c.rejected, rejectsFile: rejectsPath });
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
    if (!keepPartial) rmSync(partial, { force: true });
    throw e;
  } finally {
    for (const s of sources) for (const t of s.temp ?? []) rmSync(t, { force: true });
  }
}

/** The import's rules over an engine's loader; returns the counts. */
async function load(
  loader: ImportLoader,
  batch: LoadBatch,
  upsert: boolean,
  progress: (phase: string) => void,
): Promise<ImportCounts> {
  const direct = await loader.loadDirect(batch, progress);
  if (direct !== null) return { read: direct, accepted: direct, rejected: 0, duplicates: 0 };
  let read = 0;
  let rejected = 0;
  try {
    for (const [i, src] of batch.sources.entries()) {
      progress(`reading ${src.file}`);
      const staged = await loader.stage(batch, i);
      read += staged.read;
      rejected += staged.rejected;
    }
    progress('comparing keys');
    const keys = await loader.compareKeys(batch);
    const conflicts = await loader.rejectConflicts(batch, {
      inBatch: CONFLICT_IN_IMPORT,
      withTable: upsert ? null : CONFLICT_WITH_TABLE,
    });
    if (conflicts !== keys.conflictsInBatch + (upsert ? 0 : keys.conflictsWithTable)) {
      throw new Error(`rejected ${conflicts} conflicts, expected ${JSON.stringify(keys)}`);
    }
    rejected += conflicts;
    progress('storing');
    const accepted = await loader.publish(batch, { replace: upsert });
    const expected = keys.fresh + (upsert ? keys.conflictsWithTable : 0);
    if (accepted !== expected) throw new Error(`stored ${accepted} rows, expected ${expected}`);
    return { read, accepted, rejected, duplicates: keys.duplicates };
  } finally {
    await loader.discard(batch);
  }
}

/** Puts the exact source line into every reject that has none yet. */
async function fillRawLines(db: Engine, batch: LoadBatch): Promise<void> {
  const loader = db.loader();
  for (const src of batch.sources) {
    const lines = await loader.rejectedLines(batch.importId, src.file);
    if (lines.length > 0) await loader.setRawLines(batch.importId, src.file, await rawLines(src, lines));
  }
}

function rejectRows(db: Engine, importId: number) {
  return db.query(
    `SELECT file, line, "column", reason, raw FROM _rejects WHERE import_id = $1 ORDER BY file, line NULLS LAST`,
    [importId],
  );
}

/**
 * The DuckDB import loader: the dialect side of an import (stage, check, compare, publish). The
 * rules — which path, what counts as a duplicate or conflict, what upsert replaces — live in
 * `ingest/`; see `store/loader.ts` for the contract.
 */
import type { Engine } from '../../engine.js';
import type { ConflictReasons, ImportLoader, KeyComparison, LoadBatch } from '../../loader.js';
import { loadDirect } from './direct.js';
import { compareKeys, dropMerge, publish, rejectConflicts } from './merge.js';
import { boundMemory } from './settings.js';
import { dropStaged, stageSource } from './stage.js';

/**
 * Every step that reads or compares lowers the engine's memory limit to the import's bound
 * (`settings.ts`); the engine's transaction puts the limit in force before it back when it ends, so
 * the bound covers the commit too and outlives no import, even a failed one.
 */
export class DuckDbLoader implements ImportLoader {
  constructor(private readonly db: Engine) {}

  async loadDirect(batch: LoadBatch, progress: (phase: string) => void): Promise<number | null> {
    await boundMemory(this.db);
    return loadDirect(this.db, batch, progress);
  }

  async stage(batch: LoadBatch, index: number): Promise<{ read: number; rejected: number }> {
    await boundMemory(this.db);
    return stageSource(this.db, batch, index);
  }

  compareKeys(batch: LoadBatch): Promise<KeyComparison> {
    return compareKeys(this.db, batch);
  }

  rejectConflicts(batch: LoadBatch, reasons: ConflictReasons): Promise<number> {
    return rejectConflicts(this.db, batch, reasons);
  }

  publish(batch: LoadBatch, options: { replace: boolean }): Promise<number> {
    return publish(this.db, batch, options.replace);
  }

  async rejectedLines(importId: number, file: string): Promise<number[]> {
    const rows = await this.db.query<{ line: number }>(
      'SELECT DISTINCT line FROM _rejects WHERE import_id = $1 AND file = $2 AND raw IS NULL AND line IS NOT NULL ORDER BY line',
      [importId, file],
    );
    return rows.map((r) => r.line);
  }

  async setRawLines(importId: number, file: string, raw: Map<number, string>): Promise<void> {
    if (raw.size === 0) return;
    await this.db.run('CREATE TEMP TABLE _raw_lines (line BIGINT, raw VARCHAR)');
    try {
      await this.db.append('_raw_lines', ['line', 'raw'], raw.entries());
      await this.db.run(
        `UPDATE _rejects r SET raw = x.raw FROM _raw_lines x
         WHERE r.import_id = $1 AND r.file = $2 AND r.line = x.line AND r.raw IS NULL`,
        [importId, file],
      );
    } finally {
      await this.db.run('DROP TABLE _raw_lines');
    }
  }

  async discard(batch: LoadBatch): Promise<void> {
    await dropMerge(this.db);
    await dropStaged(this.db, batch.sources.length);
  }
}

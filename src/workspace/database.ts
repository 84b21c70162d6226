/**
 * The workspace database file: opening it with plain explanations of what can go wrong (a lock
 * held by another process, no write permission, a file that is not a database), creating the
 * schema and migrating older schema versions.
 */
import { join } from 'node:path';
import { EngineError, WorkspaceError } from '../errors.js';
import { resultsSql, schemaSql, syncResultTables } from '../store/duckdb/ddl.js';
import { openDuckDb } from '../store/duckdb/engine.js';
import type { Engine } from '../store/engine.js';

export const SCHEMA_VERSION = 3;
export const DB_FILE = 'clientele.duckdb';

/** Migrations from version n to n+1, applied in order on open. Each runs in one transaction. */
const MIGRATIONS: Record<number, (db: Engine) => Promise<void>> = {
  // 1 → 2: transactions get order_id, the order or invoice a line belongs to.
  1: (db) => db.run('ALTER TABLE transactions ADD COLUMN IF NOT EXISTS order_id VARCHAR'),
  // 2 → 3: analysis runs and their result tables.
  2: (db) => db.run(resultsSql()),
};

/** Turns a failure to open the database into a WorkspaceError saying what to do, when it can. */
export function explainOpenFailure(dir: string, e: unknown): unknown {
  if (!(e instanceof EngineError)) return e;
  const file = join(dir, DB_FILE);
  const message = e.message;
  const lock = /Conflicting lock is held in .*\(PID (\d+)\)/.exec(message);
  if (lock) {
    return new WorkspaceError(
      `the workspace ${dir} is in use by another process (PID ${lock[1]}); wait for it to finish or stop it`,
      { cause: e },
    );
  }
  if (/permission denied|read-only file system|read-only/i.test(message)) {
    return new WorkspaceError(
      `cannot open ${file}: permission denied. Clientele needs write access to the workspace folder and its files, even to read them (for its lock and journal): check the permissions with "ls -l ${dir}", or copy the folder somewhere writable`,
      { cause: e },
    );
  }
  if (/is a directory/i.test(message)) {
    return new WorkspaceError(
      `${file} is a folder, not a database: move it out of the way, then run "clientele init --workspace ${dir}"`,
      { cause: e },
    );
  }
  if (/not a valid DuckDB database file/i.test(message)) {
    return new WorkspaceError(
      `${file} is not a Clientele database (not a DuckDB file): restore it from a backup, or move it out of the way and run "clientele init --workspace ${dir}"`,
      { cause: e },
    );
  }
  if (/cannot open file|could not (read|open)|no such file/i.test(message)) {
    return new WorkspaceError(`cannot open ${file}: ${message.replace(/^IO Error: /, '')}`, { cause: e });
  }
  return e;
}

/** Opens the workspace database; any failure that the user can fix becomes a WorkspaceError. */
export async function openDatabase(dir: string): Promise<Engine> {
  try {
    return await openDuckDb(join(dir, DB_FILE));
  } catch (e) {
    throw explainOpenFailure(dir, e);
  }
}

/** Creates the canonical tables and records the schema version, unless already there. */
export async function createSchema(db: Engine): Promise<void> {
  const hasMeta = (await db.query(`SELECT 1 FROM duckdb_tables() WHERE table_name = '_meta'`)).length > 0;
  if (hasMeta) return;
  await db.transaction(async (tx) => {
    await tx.run(schemaSql());
    await tx.run(`INSERT INTO _meta VALUES ('schema_version', $1)`, [String(SCHEMA_VERSION)]);
  });
}

/** Checks the schema version and migrates an older one; refuses newer or unknown versions. */
export async function migrate(db: Engine, dir: string): Promise<void> {
  const rows = await db
    .query<{ value: string }>(`SELECT value FROM _meta WHERE key = 'schema_version'`)
    .catch(() => []);
  const version = Number(rows[0]?.value ?? Number.NaN);
  if (!Number.isInteger(version)) {
    throw new WorkspaceError(`${dir} has no schema version: it was not made by "clientele init"`);
  }
  if (version > SCHEMA_VERSION) {
    throw new WorkspaceError(
      `${dir} has schema version ${version}, newer than this Clientele (${SCHEMA_VERSION}): upgrade Clientele to open it`,
    );
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v];
    if (!step) {
      throw new WorkspaceError(
        `${dir} has schema version ${v}, which cannot be migrated: export the data and re-import it into a new workspace`,
      );
    }
    await db.transaction(async (tx) => {
      await step(tx);
      await tx.run(`UPDATE _meta SET value = $1 WHERE key = 'schema_version'`, [String(v + 1)]);
    });
  }
  await syncResultTables(db);
}

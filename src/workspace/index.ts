/**
 * A workspace: a folder with the DuckDB file (`clientele.duckdb`), a config (`clientele.json`:
 * currency, time zone) and the rejects files of past imports. The schema version lives in the
 * database; older workspaces are migrated on open, newer ones refused.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorkspaceError } from '../errors.js';
import { schemaSql } from '../store/duckdb/ddl.js';
import { openDuckDb } from '../store/duckdb/engine.js';
import type { Engine } from '../store/engine.js';

export const SCHEMA_VERSION = 2;
export const DEFAULT_WORKSPACE = 'clientele-workspace';
const DB_FILE = 'clientele.duckdb';
const CONFIG_FILE = 'clientele.json';

export interface WorkspaceConfig {
  currency: string;
  timeZone: string;
}

export interface Workspace {
  dir: string;
  config: WorkspaceConfig;
  db: Engine;
  close(): Promise<void>;
}

/** The workspace folder: the flag, else CLIENTELE_WORKSPACE, else ./clientele-workspace. */
export function workspaceDir(flag?: string): string {
  return resolve(flag ?? process.env.CLIENTELE_WORKSPACE ?? DEFAULT_WORKSPACE);
}

/** Migrations from version n to n+1, applied in order on open. Each runs in one transaction. */
const MIGRATIONS: Record<number, (db: Engine) => Promise<void>> = {
  // 1 → 2: transactions get order_id, the order or invoice a line belongs to.
  1: (db) => db.run('ALTER TABLE transactions ADD COLUMN IF NOT EXISTS order_id VARCHAR'),
};

/** Opens the workspace database; a lock held by another process becomes a plain explanation. */
async function openDatabase(dir: string): Promise<Engine> {
  try {
    return await openDuckDb(join(dir, DB_FILE));
  } catch (e) {
    const lock = /Conflicting lock is held in .*\(PID (\d+)\)/.exec((e as Error).message);
    if (lock) {
      throw new WorkspaceError(
        `the workspace ${dir} is in use by another process (PID ${lock[1]}); wait for it to finish or stop it`,
      );
    }
    throw e;
  }
}

async function configure(db: Engine, config: WorkspaceConfig): Promise<void> {
  await db.run('SET TimeZone = $1', [config.timeZone]);
}

/** Creates a workspace (or confirms an existing one) and returns it open. */
export async function initWorkspace(dir: string, config: Partial<WorkspaceConfig> = {}): Promise<Workspace> {
  mkdirSync(dir, { recursive: true });
  const cfgPath = join(dir, CONFIG_FILE);
  if (!existsSync(cfgPath)) {
    const cfg: WorkspaceConfig = {
      currency: config.currency ?? 'CNY',
      timeZone: config.timeZone ?? 'Asia/Shanghai',
    };
    writeFileSync(cfgPath, `${JSON.stringify(cfg, null, 2)}\n`);
  }
  const db = await openDatabase(dir);
  const hasMeta = (await db.query(`SELECT 1 FROM duckdb_tables() WHERE table_name = '_meta'`)).length > 0;
  if (!hasMeta) {
    await db.transaction(async (tx) => {
      await tx.run(schemaSql());
      await tx.run(`INSERT INTO _meta VALUES ('schema_version', $1)`, [String(SCHEMA_VERSION)]);
    });
  }
  await db.close();
  return openWorkspace(dir);
}

/** Opens an existing workspace, migrating an older schema. */
export async function openWorkspace(dir: string): Promise<Workspace> {
  const cfgPath = join(dir, CONFIG_FILE);
  if (!existsSync(cfgPath) || !existsSync(join(dir, DB_FILE))) {
    throw new WorkspaceError(`no workspace at ${dir}: run "clientele init --workspace ${dir}" first`);
  }
  let config: WorkspaceConfig;
  try {
    config = JSON.parse(readFileSync(cfgPath, 'utf8'));
  } catch (e) {
    throw new WorkspaceError(`${cfgPath} is not valid JSON: ${(e as Error).message}`);
  }
  const db = await openDatabase(dir);
  const rows = await db
    .query<{ value: string }>(`SELECT value FROM _meta WHERE key = 'schema_version'`)
    .catch(() => []);
  const version = Number(rows[0]?.value ?? Number.NaN);
  if (!Number.isInteger(version)) {
    await db.close();
    throw new WorkspaceError(`${dir} has no schema version: it was not made by "clientele init"`);
  }
  if (version > SCHEMA_VERSION) {
    await db.close();
    throw new WorkspaceError(
      `${dir} has schema version ${version}, newer than this Clientele (${SCHEMA_VERSION}): upgrade Clientele to open it`,
    );
  }
  for (let v = version; v < SCHEMA_VERSION; v++) {
    const migrate = MIGRATIONS[v];
    if (!migrate) {
      await db.close();
      throw new WorkspaceError(
        `${dir} has schema version ${v}, which cannot be migrated: export the data and re-import it into a new workspace`,
      );
    }
    await db.transaction(async (tx) => {
      await migrate(tx);
      await tx.run(`UPDATE _meta SET value = $1 WHERE key = 'schema_version'`, [String(v + 1)]);
    });
  }
  await configure(db, config);
  return { dir, config, db, close: () => db.close() };
}

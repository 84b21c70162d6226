/**
 * A workspace: a folder with the DuckDB file (`clientele.duckdb`), a config (`clientele.json`:
 * currency, time zone, plausible date range) and the rejects files of past imports. The schema
 * version lives in the database; older workspaces are migrated on open, newer ones refused.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WorkspaceError } from '../errors.js';
import type { Engine } from '../store/engine.js';
import {
  CONFIG_FILE,
  currencyProblem,
  DEFAULT_CONFIG,
  readConfig,
  timeZoneProblem,
  type WorkspaceConfig,
} from './config.js';
import { createSchema, DB_FILE, migrate, openDatabase } from './database.js';

export {
  CONFIG_FILE,
  currencyProblem,
  DEFAULT_CONFIG,
  plausibleDateRange,
  readConfig,
  timeZoneProblem,
  validateConfig,
  type WorkspaceConfig,
} from './config.js';
export { DB_FILE, SCHEMA_VERSION } from './database.js';

export const DEFAULT_WORKSPACE = 'clientele-workspace';

export interface Workspace {
  dir: string;
  config: WorkspaceConfig;
  db: Engine;
  close(): Promise<void>;
}

/** The options `initWorkspace` can set: currency and time zone. */
export type NewWorkspaceOptions = Partial<Pick<WorkspaceConfig, 'currency' | 'timeZone'>>;

/** The workspace folder: the flag, else CLIENTELE_WORKSPACE, else ./clientele-workspace. */
export function workspaceDir(flag?: string): string {
  return resolve(flag ?? process.env.CLIENTELE_WORKSPACE ?? DEFAULT_WORKSPACE);
}

/** Throws a WorkspaceError naming the option when a requested currency or time zone is unusable. */
export function checkNewWorkspaceOptions(options: NewWorkspaceOptions): void {
  const problems = [
    options.currency !== undefined ? currencyProblem(options.currency) : null,
    options.timeZone !== undefined ? timeZoneProblem(options.timeZone) : null,
  ].filter((p): p is string => p !== null);
  if (problems.length > 0) throw new WorkspaceError(`${problems.join('; ')}; nothing was written`);
}

/**
 * The requested options that differ from an existing workspace's config, e.g.
 * `[{ key: 'timeZone', existing: 'Asia/Shanghai', requested: 'Europe/Berlin' }]`.
 */
export function configConflicts(
  existing: WorkspaceConfig,
  options: NewWorkspaceOptions,
): { key: 'currency' | 'timeZone'; existing: string; requested: string }[] {
  const keys = ['currency', 'timeZone'] as const;
  return keys
    .filter((k) => options[k] !== undefined && options[k] !== existing[k])
    .map((k) => ({ key: k, existing: existing[k], requested: options[k] as string }));
}

function fsFailure(what: string, e: unknown): WorkspaceError {
  const err = e as NodeJS.ErrnoException;
  const reason =
    err.code === 'EACCES' || err.code === 'EPERM' || err.code === 'EROFS'
      ? 'permission denied: choose a folder you can write to with --workspace'
      : err.message;
  return new WorkspaceError(`cannot ${what}: ${reason}`, { cause: e });
}

/**
 * Creates a workspace (or confirms an existing one) and returns it open. Options are checked
 * before anything is written; on an existing workspace, options that differ from its config are
 * refused rather than ignored.
 *
 * @example const ws = await initWorkspace('./clientele-workspace', { currency: 'EUR', timeZone: 'Europe/Berlin' });
 */
export async function initWorkspace(dir: string, options: NewWorkspaceOptions = {}): Promise<Workspace> {
  checkNewWorkspaceOptions(options);
  const cfgPath = join(dir, CONFIG_FILE);
  const existing = readConfig(dir);
  if (existing) {
    const conflicts = configConflicts(existing, options);
    if (conflicts.length > 0) {
      const names = { currency: 'currency', timeZone: 'time zone' };
      throw new WorkspaceError(
        `the workspace ${dir} already exists with ${conflicts.map((c) => `${names[c.key]} ${c.existing}`).join(' and ')}; ${conflicts.map((c) => `${names[c.key]} ${c.requested}`).join(' and ')} ${conflicts.length > 1 ? 'were' : 'was'} not applied (edit ${cfgPath} to change it)`,
      );
    }
  } else {
    const config: WorkspaceConfig = {
      currency: options.currency ?? DEFAULT_CONFIG.currency,
      timeZone: options.timeZone ?? DEFAULT_CONFIG.timeZone,
    };
    try {
      mkdirSync(dir, { recursive: true });
    } catch (e) {
      throw fsFailure(`create the workspace folder ${dir}`, e);
    }
    try {
      writeFileSync(cfgPath, `${JSON.stringify(config, null, 2)}\n`);
    } catch (e) {
      throw fsFailure(`write ${cfgPath}`, e);
    }
  }
  const db = await openDatabase(dir);
  try {
    await createSchema(db);
  } finally {
    await db.close();
  }
  return openWorkspace(dir);
}

/**
 * Opens an existing workspace: validates its config, migrates an older schema, sets the time zone.
 *
 * @example const ws = await openWorkspace(workspaceDir()); try { ... } finally { await ws.close(); }
 */
export async function openWorkspace(dir: string): Promise<Workspace> {
  if (!existsSync(join(dir, CONFIG_FILE)) || !existsSync(join(dir, DB_FILE))) {
    throw new WorkspaceError(`no workspace at ${dir}: run "clientele init --workspace ${dir}" first`);
  }
  const config = readConfig(dir) as WorkspaceConfig;
  const db = await openDatabase(dir);
  try {
    await migrate(db, dir);
    await db.run('SET TimeZone = $1', [config.timeZone]);
  } catch (e) {
    await db.close();
    throw e;
  }
  return { dir, config, db, close: () => db.close() };
}

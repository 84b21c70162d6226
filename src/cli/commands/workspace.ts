/** `init` and `status`. */
import { join } from 'node:path';
import { UsageError, WorkspaceError } from '../../errors.js';
import { TABLE_NAMES, TABLES } from '../../schema/tables.js';
import { quoteIdent as q } from '../../store/engine.js';
import {
  CONFIG_FILE,
  configConflicts,
  currencyProblem,
  initWorkspace,
  openWorkspace,
  readConfig,
  timeZoneProblem,
  workspaceDir,
} from '../../workspace/index.js';
import { parse, print, showHelp } from '../args.js';

export const INIT_HELP = `clientele init [--workspace DIR] [--currency CNY] [--time-zone Asia/Shanghai]

Creates a workspace: a folder with the embedded database and its config (clientele.json). DIR
defaults to $CLIENTELE_WORKSPACE or ./clientele-workspace. The currency must be an ISO 4217 code
(CNY, EUR, USD, ...) and the time zone an IANA name (Asia/Shanghai, Europe/Berlin, UTC, ...);
they are checked before anything is written. Running it again on an existing workspace changes
nothing; options that differ from the workspace's config are refused (edit clientele.json).

clientele.json may also hold "dateRange": {"from": "1900-01-01", "to": "2100-01-01"}, the
plausible range of imported dates (defaults: from 1900-01-01 to one year after the import).`;

const FLAGS = { currency: '--currency', timeZone: '--time-zone' } as const;
const NAMES = { currency: 'currency', timeZone: 'time zone' } as const;

export async function init(argv: string[]): Promise<number> {
  const { values } = parse('init', argv, { currency: { type: 'string' }, 'time-zone': { type: 'string' } });
  if (values.help) return showHelp(INIT_HELP);
  const dir = workspaceDir(values.workspace as string | undefined);
  const options = {
    currency: values.currency as string | undefined,
    timeZone: values['time-zone'] as string | undefined,
  };
  for (const key of ['currency', 'timeZone'] as const) {
    const value = options[key];
    const problem =
      value === undefined ? null : (key === 'currency' ? currencyProblem : timeZoneProblem)(value);
    if (problem) throw new UsageError(`${FLAGS[key]} ${problem}; nothing was written`);
  }
  const existing = readConfig(dir);
  if (existing) {
    const conflicts = configConflicts(existing, options);
    if (conflicts.length > 0) {
      throw new WorkspaceError(
        `the workspace ${dir} already exists with ${conflicts.map((c) => `${NAMES[c.key]} ${c.existing}`).join(' and ')}; ${conflicts.map((c) => `${FLAGS[c.key]} ${c.requested}`).join(' and ')} ${conflicts.length > 1 ? 'were' : 'was'} not applied (edit ${join(dir, CONFIG_FILE)} to change it, or give a new folder with --workspace)`,
      );
    }
  }
  const ws = await initWorkspace(dir, options);
  await ws.close();
  print(
    `workspace ${existing ? 'already there' : 'ready'}: ${dir} (currency ${ws.config.currency}, time zone ${ws.config.timeZone})`,
  );
  return 0;
}

export const STATUS_HELP = `clientele status [--workspace DIR] [--json]

Rows, date range and customers of every table, and the latest imports.`;

export interface TableStatus {
  rows: number;
  customers: number | null;
  from: string | null;
  to: string | null;
}

export async function status(argv: string[]): Promise<number> {
  const { values } = parse('status', argv, { json: { type: 'boolean' } });
  if (values.help) return showHelp(STATUS_HELP);
  const ws = await openWorkspace(workspaceDir(values.workspace as string | undefined));
  try {
    const tables: Record<string, TableStatus> = {};
    for (const name of TABLE_NAMES) {
      const t = TABLES[name];
      const hasCustomer = t.columns.some((c) => c.name === 'customer_id');
      const time = t.timeColumn ? q(t.timeColumn) : null;
      const [row] = await ws.db.query<{
        rows: number;
        customers: number | null;
        from: string | null;
        to: string | null;
      }>(
        `SELECT count(*)::BIGINT AS rows,
           ${hasCustomer ? 'count(DISTINCT customer_id)::BIGINT' : 'NULL'} AS customers,
           ${time ? `CAST(min(${time}) AS VARCHAR)` : 'NULL'} AS "from",
           ${time ? `CAST(max(${time}) AS VARCHAR)` : 'NULL'} AS "to"
         FROM ${q(name)}`,
      );
      tables[name] = row;
    }
    const imports = await ws.db.query(
      `SELECT import_id AS "importId", kind, files, CAST(finished_at AS VARCHAR) AS "finishedAt", read, accepted, rejected, duplicates, rejects_file AS "rejectsFile"
       FROM _imports WHERE finished_at IS NOT NULL ORDER BY import_id DESC LIMIT 10`,
    );
    if (values.json) {
      print(JSON.stringify({ workspace: ws.dir, config: ws.config, tables, imports }));
      return 0;
    }
    print(`workspace ${ws.dir} (${ws.config.currency}, ${ws.config.timeZone})\n`);
    print(`${'table'.padEnd(18)}${'rows'.padStart(12)}${'customers'.padStart(12)}  from → to`);
    for (const [name, t] of Object.entries(tables)) {
      const range = t.from ? `${t.from.slice(0, 10)} → ${t.to?.slice(0, 10)}` : '';
      print(
        `${name.padEnd(18)}${String(t.rows).padStart(12)}${String(t.customers ?? '').padStart(12)}  ${range}`,
      );
    }
    if (imports.length > 0) {
      print('\nlatest imports');
      for (const i of imports) {
        print(
          `  #${i.importId} ${i.kind}: read ${i.read}, accepted ${i.accepted}, rejected ${i.rejected}, duplicates ${i.duplicates}${i.rejectsFile ? ` (rejects: ${i.rejectsFile})` : ''}`,
        );
      }
    }
    return 0;
  } finally {
    await ws.close();
  }
}

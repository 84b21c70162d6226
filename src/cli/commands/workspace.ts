/** `init` and `status`. */
import { TABLE_NAMES, TABLES } from '../../schema/tables.js';
import { quoteIdent as q } from '../../store/engine.js';
import { initWorkspace, openWorkspace, workspaceDir } from '../../workspace/index.js';
import { parse, print, showHelp } from '../args.js';

export const INIT_HELP = `clientele init [--workspace DIR] [--currency CNY] [--time-zone Asia/Shanghai]

Creates a workspace: a folder with the embedded database and its config. DIR defaults to
$CLIENTELE_WORKSPACE or ./clientele-workspace. Running it on an existing workspace changes nothing.`;

export async function init(argv: string[]): Promise<number> {
  const { values } = parse('init', argv, { currency: { type: 'string' }, 'time-zone': { type: 'string' } });
  if (values.help) return showHelp(INIT_HELP);
  const dir = workspaceDir(values.workspace as string | undefined);
  const ws = await initWorkspace(dir, {
    currency: values.currency as string,
    timeZone: values['time-zone'] as string,
  });
  print(`workspace ready: ${dir} (currency ${ws.config.currency}, time zone ${ws.config.timeZone})`);
  await ws.close();
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

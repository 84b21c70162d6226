/** `clientele export` */
import { extname } from 'node:path';
import type { RunRow } from '../../analyses/run.js';
import { InputError, UsageError } from '../../errors.js';
import {
  EXPORT_FORMATS,
  type ExportFormat,
  exportSource,
  exportTable,
  isResultTable,
  listExportable,
} from '../../export/index.js';
import { chooseRun } from '../../report/runs.js';
import { openWorkspace, workspaceDir } from '../../workspace/index.js';
import { parse, print, showHelp } from '../args.js';

export const EXPORT_HELP = `clientele export TABLE [--run ID] [--format csv|jsonl|xlsx|parquet] [--out FILE] [--workspace DIR]
clientele export --list [--run ID] [--json] [--workspace DIR]

Exports one table, streamed (any number of rows, in flat memory), to FILE or to standard output.
TABLE is a result table of an analysis run — its rows of that run, with the run_id column — or a
canonical table, whole (see "clientele export --list").

  --run ID     the run whose results to export (default: the latest finished run)
  --format     csv (default; UTF-8, with a byte-order mark in files so Excel reads Chinese text),
               jsonl (one JSON object per line), xlsx (Excel; a table longer than a sheet goes on
               in sheets "TABLE (2)", "TABLE (3)", …) or parquet. Without --format, the extension
               of --out chooses it.
  --out FILE   the file to write (written under a temporary name and renamed when complete);
               standard output when absent (xlsx and parquet only into a file or a pipe)
  --list       every exportable table with its rows (result tables: rows in the run)
  --json       with --list: print {"runId","tables":[{"table","kind","rows","description"}]}

Money keeps its exact decimals in csv and jsonl; times are in the workspace's time zone.
Canonical tables hold personal data (names, phones, …) in clear.`;

/**
 * Runs `clientele export`; returns the exit code.
 *
 * @example process.exitCode = await exportCommand(['rfm', '--format', 'csv', '--out', 'rfm.csv']);
 */
export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse('export', argv, {
    run: { type: 'string' },
    format: { type: 'string', short: 'f' },
    out: { type: 'string', short: 'o' },
    list: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) return showHelp(EXPORT_HELP);
  const requestedRun = values.run as string | undefined;
  if (values.list) {
    if (positionals.length > 0) throw new UsageError('export: --list takes no TABLE');
    return list(requestedRun, values.workspace as string | undefined, Boolean(values.json));
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      `export: give one TABLE to export${positionals.length > 1 ? `, got ${positionals.join(' ')}` : ''} (see "clientele export --list")`,
    );
  }
  const table = positionals[0];
  exportSource(table, 1); // an unknown table is refused before the workspace is opened
  const out = values.out as string | undefined;
  const format = chooseFormat(values.format as string | undefined, out);
  if (out === undefined && (format === 'xlsx' || format === 'parquet') && process.stdout.isTTY) {
    throw new UsageError(`export: ${format} is binary: give --out FILE, or redirect the output to a file`);
  }
  const result = isResultTable(table);
  if (!result && requestedRun !== undefined) {
    throw new UsageError(
      `export: ${table} is a canonical table, exported whole; --run applies to result tables`,
    );
  }
  const ws = await openWorkspace(workspaceDir(values.workspace as string | undefined));
  try {
    const run = result ? await chooseRun(ws.db, requestedRun) : null;
    const done = await exportTable(ws.db, { table, runId: run?.runId ?? null, format, out });
    const what = `${done.rows} rows of ${table}${run ? ` (run ${run.runId})` : ''}`;
    if (out !== undefined) {
      const sheets = done.sheets && done.sheets.length > 1 ? ` in ${done.sheets.length} sheets` : '';
      print(`exported ${what} to ${out}${sheets}`);
    } else if (process.stderr.isTTY) {
      process.stderr.write(`exported ${what}\n`);
    }
    return 0;
  } finally {
    await ws.close();
  }
}

function chooseFormat(flag: string | undefined, out: string | undefined): ExportFormat {
  if (flag !== undefined) {
    if (!EXPORT_FORMATS.includes(flag as ExportFormat)) {
      throw new UsageError(`export: --format must be one of ${EXPORT_FORMATS.join(', ')}, got "${flag}"`);
    }
    return flag as ExportFormat;
  }
  const ext = out ? extname(out).slice(1).toLowerCase() : '';
  if (ext === 'json' || ext === 'ndjson') return 'jsonl';
  return EXPORT_FORMATS.includes(ext as ExportFormat) ? (ext as ExportFormat) : 'csv';
}

async function list(
  requestedRun: string | undefined,
  workspace: string | undefined,
  json: boolean,
): Promise<number> {
  const ws = await openWorkspace(workspaceDir(workspace));
  try {
    let run: RunRow | null = null;
    try {
      run = await chooseRun(ws.db, requestedRun);
    } catch (e) {
      // Without any finished run, the canonical tables are still worth listing.
      if (requestedRun !== undefined || !(e instanceof InputError)) throw e;
    }
    const tables = await listExportable(ws.db, run?.runId ?? null);
    if (json) {
      print(JSON.stringify({ runId: run?.runId ?? null, tables }));
      return 0;
    }
    const line = (t: (typeof tables)[number]) =>
      `  ${t.table.padEnd(18)}${String(t.rows).padStart(12)}  ${t.description}`;
    print(
      run
        ? `result tables of run ${run.runId} (data as of ${run.asOf.slice(0, 10)})`
        : 'result tables: no finished run yet (run "clientele analyze")',
    );
    for (const t of tables.filter((t) => t.kind === 'result')) print(line(t));
    print('\ncanonical tables (exported whole)');
    for (const t of tables.filter((t) => t.kind === 'canonical')) print(line(t));
    return 0;
  } finally {
    await ws.close();
  }
}

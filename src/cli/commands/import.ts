/** `clientele import KIND FILE...` */
import { UsageError } from '../../errors.js';
import { importFiles } from '../../ingest/import.js';
import { TABLE_NAMES, type TableName } from '../../schema/tables.js';
import { openWorkspace, workspaceDir } from '../../workspace/index.js';
import { number, parse, print, progressLine, showHelp } from '../args.js';

export const IMPORT_HELP = `clientele import KIND FILE... [--mapping MAP.json] [--upsert] [--max-rejects N] [--workspace DIR] [--json]

Imports CSV/TSV (UTF-8 with or without BOM, or GBK/GB18030), Parquet, JSON Lines or XLSX files
into one table. KIND is one of: ${TABLE_NAMES.join(', ')}.

Nothing is lost: every row read is accepted, rejected (to a rejects CSV in the workspace, with
file, line, column and reason) or recognised as a duplicate of a row already there; the counts
always reconcile (read = accepted + rejected + duplicates). A row whose key exists with different
values is rejected as a conflict unless --upsert is given. The import is all-or-nothing.

  --mapping MAP.json   rename columns, parse dates, compute amounts, derive keys (see examples/mappings)
  --max-rejects N      exit with code 1 when more than N rows are rejected (default: no limit)
  --json               print {"read","accepted","rejected","duplicates","rejectsFile"}

Exit codes: 0 done; 1 done, with rejects above --max-rejects; 2 bad usage or a file refused as a
whole (empty, binary, missing required columns), with nothing imported.`;

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse('import', argv, {
    mapping: { type: 'string', short: 'm' },
    upsert: { type: 'boolean' },
    'max-rejects': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return showHelp(IMPORT_HELP);
  const [kind, ...files] = positionals;
  if (!kind) throw new UsageError(`import: which table? one of ${TABLE_NAMES.join(', ')}`);
  if (!(TABLE_NAMES as readonly string[]).includes(kind)) {
    throw new UsageError(`import: unknown table "${kind}"; expected one of ${TABLE_NAMES.join(', ')}`);
  }
  if (files.length === 0) throw new UsageError('import: no files given');
  const maxRejects =
    values['max-rejects'] === undefined
      ? Number.POSITIVE_INFINITY
      : number('import', 'max-rejects', values['max-rejects'] as string);
  const ws = await openWorkspace(workspaceDir(values.workspace as string | undefined));
  const bar = progressLine(!values.json, () => ws.db.progress());
  try {
    const r = await importFiles(ws, kind as TableName, files, {
      mapping: values.mapping as string | undefined,
      upsert: values.upsert as boolean | undefined,
      progress: bar.update,
    });
    bar.done();
    if (values.json) {
      print(
        JSON.stringify({
          read: r.read,
          accepted: r.accepted,
          rejected: r.rejected,
          duplicates: r.duplicates,
          rejectsFile: r.rejectsFile,
        }),
      );
    } else {
      print(
        `${kind}: read ${r.read}, accepted ${r.accepted}, rejected ${r.rejected}, duplicates ${r.duplicates}`,
      );
      if (r.rejectsFile) print(`rejected rows and reasons: ${r.rejectsFile}`);
    }
    return r.rejected > maxRejects ? 1 : 0;
  } finally {
    bar.done();
    await ws.close();
  }
}

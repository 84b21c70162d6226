/** `clientele import KIND FILE...` */
import { UsageError } from '../../errors.js';
import { importFiles } from '../../ingest/import.js';
import { TABLE_NAMES, type TableName } from '../../schema/tables.js';
import { openWorkspace, workspaceDir } from '../../workspace/index.js';
import { number, parse, print, progressLine, showHelp } from '../args.js';

export const IMPORT_HELP = `clientele import KIND FILE... [--mapping MAP.json] [--upsert] [--max-rejects N] [--workspace DIR] [--json]

Imports CSV/TSV, Parquet, JSON Lines or XLSX files into one table. Text encodings are detected
(UTF-8, UTF-16, GBK/GB18030, Latin-1/windows-1252 and others) or set with "encoding" in the
mapping; .gz files are decompressed. KIND is one of: ${TABLE_NAMES.join(', ')}.

Nothing is lost: every row read is accepted, rejected (to a rejects CSV in the workspace, with
file, line, column and reason) or recognised as a duplicate of a row already there; the counts
always reconcile (read = accepted + rejected + duplicates). A row whose key exists with different
values is rejected as a conflict unless --upsert is given. The import is all-or-nothing.

  --mapping MAP.json   rename columns, parse dates, compute amounts, derive keys (see examples/mappings)
  --max-rejects N      when more than N rows are rejected, import nothing and exit with code 1; the
                       rejects CSV still lists them (default: no limit)
  --json               print {"read","accepted","rejected","duplicates","rejectsFile"}

Ids and keys are trimmed of spaces, tabs and zero-width characters and keep their case. The
columns of each table: "clientele schema KIND". A file refused as a whole (empty, binary, missing
required columns) exits with code 2 and nothing is imported.`;

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
      ? undefined
      : number('import', 'max-rejects', values['max-rejects'] as string);
  if (maxRejects !== undefined && !(Number.isInteger(maxRejects) && maxRejects >= 0)) {
    throw new UsageError(
      `import: --max-rejects must be a whole number of rows, 0 or more, got "${values['max-rejects']}"`,
    );
  }
  const ws = await openWorkspace(workspaceDir(values.workspace as string | undefined));
  const bar = progressLine(!values.json, () => ws.db.progress());
  try {
    const r = await importFiles(ws, kind as TableName, files, {
      mapping: values.mapping as string | undefined,
      upsert: values.upsert as boolean | undefined,
      maxRejects,
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
    return 0;
  } finally {
    bar.done();
    await ws.close();
  }
}

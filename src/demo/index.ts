/** `clientele demo`: generates the demo data set as CSV files and imports it through the normal import. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toCsv } from '../export/csv.js';
import { type ImportSummary, importFiles } from '../ingest/import.js';
import { TABLE_NAMES } from '../schema/tables.js';
import type { Workspace } from '../workspace/index.js';
import { type DemoOptions, generateDemo } from './generate.js';

export { DEMO_END, generateDemo } from './generate.js';

/** Writes the demo CSVs into `<workspace>/demo-data/` and imports every table; returns per-table counts. */
export async function loadDemo(
  ws: Workspace,
  options: DemoOptions,
  progress: (phase: string) => void = () => {},
): Promise<Record<string, ImportSummary>> {
  progress(`generating ${options.customers} customers`);
  const data = generateDemo(options);
  const dir = join(ws.dir, 'demo-data');
  mkdirSync(dir, { recursive: true });
  const results: Record<string, ImportSummary> = {};
  for (const table of TABLE_NAMES) {
    const { columns, rows } = data[table];
    const file = join(dir, `${table}.csv`);
    writeFileSync(
      file,
      toCsv(
        columns,
        rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))),
      ),
    );
    progress(`importing ${table} (${rows.length} rows)`);
    results[table] = await importFiles(ws, table, [file]);
  }
  return results;
}

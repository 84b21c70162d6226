/**
 * `clientele demo`: generates the demo data set as CSV files and imports it through the normal
 * import. The demo goes only into an empty workspace or one that holds the same demo already
 * (then every row is recognised as already there); it never mixes with other data.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkspaceError } from '../errors.js';
import { toCsv } from '../export/csv.js';
import { type ImportSummary, importFiles } from '../ingest/import.js';
import { TABLE_NAMES } from '../schema/tables.js';
import { quoteIdent as q } from '../store/engine.js';
import type { Workspace } from '../workspace/index.js';
import { type DemoOptions, generateDemo } from './generate.js';

export { DEMO_END, generateDemo } from './generate.js';

/** The `_meta` key recording which demo a workspace holds, e.g. `{"customers":20000,"seed":1}`. */
export const DEMO_META_KEY = 'demo';

/** What a workspace holds with respect to the demo. */
export type DemoTarget =
  | { state: 'empty' }
  | { state: 'same-demo' }
  | { state: 'other-demo'; customers: number; seed: number }
  | { state: 'other-data'; rows: number };

/** Tells whether `ws` is empty, holds this very demo, another demo, or other data. */
export async function demoTarget(ws: Workspace, options: DemoOptions): Promise<DemoTarget> {
  const [marker] = await ws.db.query<{ value: string }>(`SELECT value FROM _meta WHERE key = $1`, [
    DEMO_META_KEY,
  ]);
  if (marker) {
    let held: { customers: number; seed: number };
    try {
      held = JSON.parse(marker.value);
    } catch {
      held = { customers: Number.NaN, seed: Number.NaN };
    }
    return held.customers === options.customers && held.seed === options.seed
      ? { state: 'same-demo' }
      : { state: 'other-demo', ...held };
  }
  const counts = TABLE_NAMES.map((t) => `(SELECT count(*) FROM ${q(t)})`).join(' + ');
  const [{ rows }] = await ws.db.query<{ rows: number }>(`SELECT (${counts})::BIGINT AS rows`);
  return rows > 0 ? { state: 'other-data', rows: Number(rows) } : { state: 'empty' };
}

/**
 * Writes the demo CSVs into `<workspace>/demo-data/` and imports every table; returns per-table
 * counts. Refuses (WorkspaceError) a workspace that holds other data or a different demo; a
 * workspace with this same demo is completed if needed and otherwise left as it is.
 *
 * @example const counts = await loadDemo(await initWorkspace(dir), { customers: 2000, seed: 1 });
 */
export async function loadDemo(
  ws: Workspace,
  options: DemoOptions,
  progress: (phase: string) => void = () => {},
): Promise<Record<string, ImportSummary>> {
  const target = await demoTarget(ws, options);
  const fresh = ` Give a new folder with --workspace, e.g. "clientele demo --workspace ./clientele-demo".`;
  if (target.state === 'other-data') {
    throw new WorkspaceError(
      `the workspace ${ws.dir} already holds other data (${target.rows} rows); the demo would mix with it, so nothing was imported.${fresh}`,
    );
  }
  if (target.state === 'other-demo') {
    throw new WorkspaceError(
      `the workspace ${ws.dir} already holds the demo for ${target.customers} customers with seed ${target.seed}; a different demo would mix with it, so nothing was imported.${fresh}`,
    );
  }
  if (target.state === 'empty') {
    await ws.db.run(`INSERT INTO _meta VALUES ($1, $2)`, [
      DEMO_META_KEY,
      JSON.stringify({ customers: options.customers, seed: options.seed }),
    ]);
  }
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

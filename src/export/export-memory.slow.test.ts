/**
 * Exports of a million-row result table run in flat memory: each export runs alone in a child
 * process (the built code, as the CLI runs it) whose peak RSS is measured, and the files are
 * counted row for row.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tempWorkspace } from '../ingest/test-support/workspace.js';
import { addRun } from '../report/test-support/runs.js';
import { openWorkspace } from '../workspace/index.js';

const ROWS = 1_000_000;
/** Node with DuckDB loaded takes about 100 MB; a million rows held in memory would take several hundred more. */
const PEAK_RSS_LIMIT = 300 * 1024 * 1024;
const XLSX_ROWS = 300_000;
const CHILD = fileURLToPath(new URL('./test-support/export-child.mjs', import.meta.url));

let workspace: string;
let out: string;

beforeAll(async () => {
  const ws = await tempWorkspace();
  workspace = ws.dir;
  out = tempDir();
  await addRun(ws, 1);
  // Customer i: frequency i mod 50, historical CLV (i mod 1000) / 8 (exact in DECIMAL(18,4)).
  await ws.db.run(
    `INSERT INTO customer_value (run_id, customer_id, frequency, p_alive, clv_12m, historical_clv)
     SELECT 1, 'C' || lpad(CAST(range AS VARCHAR), 7, '0'), range % 50, 1.0 / (1 + range % 7), range * 0.01,
       CAST(range % 1000 AS DECIMAL(18,4)) / 8
     FROM range(${ROWS})`,
  );
  // Run 2: the first 300,000 of them, for Excel (whose writer is slower).
  await addRun(ws, 2);
  await ws.db.run(
    `INSERT INTO customer_value SELECT * REPLACE (2 AS run_id) FROM customer_value WHERE run_id = 1 AND customer_id < $1`,
    [`C${String(XLSX_ROWS).padStart(7, '0')}`],
  );
  await ws.close(); // the child process opens the workspace
});

function exportInChild(
  format: 'csv' | 'parquet' | 'xlsx',
  file: string,
  run = 1,
  nodeOptions: string[] = [],
): { rows: number; peakRssBytes: number } {
  const args = [...nodeOptions, CHILD, workspace, 'customer_value', String(run), format, file];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`export child failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

async function countLines(file: string): Promise<number> {
  let n = 0;
  for await (const chunk of createReadStream(file)) {
    for (const byte of chunk as Buffer) if (byte === 10) n++;
  }
  return n;
}

describe('export of a 1M-row result table', () => {
  it('to CSV: every row, in flat memory', async () => {
    const file = join(out, 'customer_value.csv');
    const r = exportInChild('csv', file);
    expect(r.rows).toBe(ROWS);
    expect(r.peakRssBytes).toBeLessThan(PEAK_RSS_LIMIT);
    expect(await countLines(file)).toBe(ROWS + 1); // and the header
  });

  it('to Parquet: every row, in flat memory', async () => {
    const file = join(out, 'customer_value.parquet');
    const r = exportInChild('parquet', file);
    expect(r.rows).toBe(ROWS);
    expect(r.peakRssBytes).toBeLessThan(PEAK_RSS_LIMIT);
    const ws = await openWorkspace(workspace);
    try {
      const [back] = await ws.db.query(
        `SELECT count(*) AS n, count(DISTINCT customer_id) AS customers, sum(frequency) AS f,
           CAST(sum(historical_clv) AS VARCHAR) AS clv FROM read_parquet($1)`,
        [file],
      );
      // Σ (i mod 50) over 10⁶ customers = 20,000 × (0 + … + 49) = 20,000 × 1,225 = 24,500,000;
      // Σ (i mod 1000) / 8 = 1,000 × (0 + … + 999) / 8 = 1,000 × 499,500 / 8 = 62,437,500.
      expect(back).toEqual({ n: ROWS, customers: ROWS, f: 24_500_000, clv: '62437500.0000' });
    } finally {
      await ws.close();
    }
  });

  it('to Excel: rows wait for the zip instead of piling up in memory', async () => {
    // exceljs does not wait for its zip stream; without waiting for it, 300,000 rows leave about
    // 90 MB of sheet XML in memory. A small JS heap keeps garbage out of the measure.
    const file = join(out, 'customer_value.xlsx');
    const r = exportInChild('xlsx', file, 2, ['--max-old-space-size=96']);
    expect(r.rows).toBe(XLSX_ROWS);
    expect(r.peakRssBytes).toBeLessThan(250 * 1024 * 1024);
    let rows = 0;
    for await (const sheet of new ExcelJS.stream.xlsx.WorkbookReader(file, {})) {
      for await (const _ of sheet) rows++;
    }
    expect(rows).toBe(XLSX_ROWS + 1); // and the header
  });
});

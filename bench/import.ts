/**
 * Import benchmark: a transactions CSV of N rows (default 10,000,000), imported by Clientele
 * (typed, checked, deduplicated, with rejects) and, as the baseline in the same process, read by
 * DuckDB's own `read_csv` into a plain table. Prints both times, their ratio (target ≤ 1.5) and
 * the peak RSS (target ≤ 2 GB).
 *
 *   npx tsx bench/import.ts [rows]
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFiles } from '../src/ingest/import.js';
import { openDuckDb } from '../src/store/duckdb/engine.js';
import { initWorkspace } from '../src/workspace/index.js';

const rows = Number(process.argv[2] ?? 10_000_000);
const out = fileURLToPath(new URL('./out/', import.meta.url));
mkdirSync(out, { recursive: true });
const csv = join(out, `transactions-${rows}.csv`);

const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const v = await f();
  return [v, (performance.now() - t0) / 1000];
};

if (!existsSync(csv)) {
  const gen = await openDuckDb(':memory:');
  await gen.run(
    `COPY (SELECT 'T' || lpad(i::VARCHAR, 10, '0') AS txn_id, 'C' || (hash(i) % 1000000) AS customer_id,
       TIMESTAMP '2022-01-01' + INTERVAL (hash(i * 7) % 63072000) SECOND AS occurred_at,
       round((hash(i * 13) % 100000) / 100.0 - 20, 2) AS amount,
       ['app', 'web', 'store'][1 + (i % 3)] AS channel
     FROM range(${rows}) t(i)) TO '${csv}' (HEADER)`,
  );
  await gen.close();
}

// Baseline: DuckDB reading the same file into a plain table.
const base = await openDuckDb(join(out, 'baseline.duckdb'));
await base.run('DROP TABLE IF EXISTS plain');
const [, baseline] = await time(() => base.run('CREATE TABLE plain AS SELECT * FROM read_csv($1)', [csv]));
await base.close();
rmSync(join(out, 'baseline.duckdb'), { force: true });

const wsDir = join(out, 'ws');
rmSync(wsDir, { recursive: true, force: true });
const ws = await initWorkspace(wsDir);
const [summary, ours] = await time(() => importFiles(ws, 'transactions', [csv]));
await ws.close();

console.log(`rows: ${rows}`);
console.log('| step | seconds |');
console.log('|---|---|');
console.log(`| DuckDB read_csv into a plain table (baseline) | ${baseline.toFixed(2)} |`);
console.log(`| clientele import (typed, checked, deduplicated) | ${ours.toFixed(2)} |`);
console.log(`ratio: ${(ours / baseline).toFixed(2)} (target ≤ 1.5)`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target ≤ 2048)`);
console.log(`import: ${JSON.stringify(summary)}`);

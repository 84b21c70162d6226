/**
 * Analysis benchmark: `analyze` over 1M customers and 10M transactions, against the baseline of
 * one DuckDB pass that reads the transactions table and groups it by customer, in the same
 * process (target ≤ 3×), and the peak RSS of the process (target ≤ 2 GB).
 *
 * The data set is generated in SQL by a child process (the JavaScript demo generator holds every
 * row in memory: about 1.4 GB and 80 s per 100k customers, so 1M would take 15 minutes). It has
 * the demo's shape: customers with acquisition channels and dates, acquisition costs per channel
 * and month, transactions with orders, costs and statuses over two years.
 *
 *   npx tsx bench/analyze.ts [customers] [transactions]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze } from '../src/analyses/run.js';
import { openWorkspace } from '../src/workspace/index.js';

const customers = Number(process.argv[2] ?? 1_000_000);
const transactions = Number(process.argv[3] ?? 10_000_000);
const out = fileURLToPath(new URL('./out/', import.meta.url));
mkdirSync(out, { recursive: true });
const dir = join(out, `analyze-${customers}-${transactions}`);

if (!existsSync(join(dir, 'clientele.json'))) {
  execFileSync(
    process.execPath,
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('./analyze-data.ts', import.meta.url)),
      dir,
      String(customers),
      String(transactions),
    ],
    {
      stdio: 'inherit',
    },
  );
}

const ws = await openWorkspace(dir);
const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const v = await f();
  return [v, (performance.now() - t0) / 1000];
};
const baselineSql = `SELECT customer_id, count(*) AS n, sum(amount) AS spend, max(occurred_at) AS last FROM transactions GROUP BY customer_id`;
const baselines: number[] = [];
for (let i = 0; i < 3; i++)
  baselines.push(
    (await time(() => ws.db.run(`CREATE OR REPLACE TEMP TABLE _baseline AS ${baselineSql}`)))[1],
  );
const baseline = Math.min(...baselines);
const phases: [string, number][] = [];
let last = performance.now();
let phase = 'start';
const [run, seconds] = await time(() =>
  analyze(ws.db, ws.config, {
    progress: (p) => {
      const now = performance.now();
      phases.push([phase, (now - last) / 1000]);
      phase = p;
      last = now;
    },
  }),
);
phases.push([phase, (performance.now() - last) / 1000]);
await ws.close();

console.log(`customers: ${customers}, transactions: ${transactions}`);
console.log('| step | seconds |');
console.log('|---|---|');
console.log(`| one pass: transactions grouped by customer (baseline, best of 3) | ${baseline.toFixed(2)} |`);
for (const [p, s] of phases.slice(1)) console.log(`| analyze: ${p} | ${s.toFixed(2)} |`);
console.log(`| analyze, all | ${seconds.toFixed(2)} |`);
console.log(`ratio: ${(seconds / baseline).toFixed(2)} (target ≤ 3)`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target ≤ 2048)`);
console.log(
  `run ${run.runId}: ${JSON.stringify(Object.fromEntries(Object.entries(run.kpis).map(([k, v]) => [k, v.value])))}`,
);

/**
 * CLI benchmark (issue 7, "Speed and memory of the CLI path"): the real binary, as child
 * processes, on a 1,000,000-row per-customer summary with continuous times — simulated with the
 * seeded BG/NBD simulator (CDNOW-like parameters in weeks, T from 27 to 39 weeks, times written
 * to 6 decimals: ~985k distinct (x, t_x, T) rows, so compression does not help).
 *
 * Prints wall seconds and the child's peak RSS per task, against the issue's targets, and the
 * ratio to a baseline in this process: DuckDB reading the same CSV once (every column summed).
 *
 *   npm run build && npx tsx bench/cli.ts [customers]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { simulateSummary } from '../src/models/index.js';
import { openDuckDb } from '../src/store/duckdb/engine.js';

const n = Number(process.argv[2] ?? 1_000_000);
const repo = fileURLToPath(new URL('..', import.meta.url));
const bin = join(repo, 'bin', 'clientele.js');
const dir = mkdtempSync(join(tmpdir(), 'clientele-bench-cli-'));
const summary = join(dir, 'summary.csv');

// The summary: lifetimes' columns, continuous times to 6 decimals, mean repeat spend to cents.
const s = simulateSummary(
  2026,
  n,
  { model: 'bgnbd', r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  { Tmin: 27, Tmax: 39, spend: { p: 6.25, q: 3.74, gamma: 15.44 } },
);
const lines = ['customer_id,frequency,recency,T,monetary_value'];
const distinct = new Set<string>();
for (let i = 0; i < n; i++) {
  const key = `${s.frequency[i]},${s.recency[i].toFixed(6)},${s.T[i].toFixed(6)}`;
  distinct.add(key);
  lines.push(`c${i + 1},${key},${s.monetary[i].toFixed(2)}`);
}
writeFileSync(summary, `${lines.join('\n')}\n`);
lines.length = 0;

// Baseline: DuckDB reads the same CSV once, in this process.
const db = await openDuckDb(':memory:');
const t0 = performance.now();
await db.query(
  `SELECT count(*) AS n, sum(frequency) AS x, sum(recency) AS tx, sum("T") AS t, sum(monetary_value) AS m
   FROM read_csv('${summary}', header = true)`,
);
const baseline = (performance.now() - t0) / 1000;
await db.close();

/**
 * Reports the child's peak RSS (KB) and CPU time (µs, all its threads) on fd 3 when its main
 * thread exits: a preload that costs nothing measurable. CPU time tells the work done when other
 * processes share the cores and stretch wall times.
 */
const REPORT =
  "data:text/javascript,import { writeSync } from 'node:fs'; import { isMainThread } from 'node:worker_threads'; " +
  "if (isMainThread) process.on('exit', () => { const c = process.cpuUsage(); try { writeSync(3, process.resourceUsage().maxRSS + ' ' + (c.user + c.system)); } catch {} });";

function run(args: string[]) {
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--import', REPORT, bin, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    maxBuffer: 1 << 30,
  });
  const seconds = (performance.now() - start) / 1000;
  const [rssKb, cpuUs] = String(r.output[3] ?? '0 0')
    .split(' ')
    .map(Number);
  return { seconds, cpu: cpuUs / 1e6, rssMb: rssKb / 1024, code: r.status, stderr: r.stderr };
}

const HORIZON_12_MONTHS = String(12 * (365.25 / 12 / 7)); // 52.18 weeks
const cdnow = join(repo, '..', 'shared', 'data', 'derived', 'cdnow_sample_summary_39w.csv');
const tasks: [string, string[], number | null, number | null][] = [
  ['clientele --help', ['--help'], 0.15, null],
  ['fit --model bgnbd', ['fit', '--summary', summary, '--model', 'bgnbd', '--time-unit', 'week'], 1.5, null],
  [
    'predict, 12 months',
    [
      'predict',
      '--summary',
      summary,
      '--model',
      'bgnbd',
      '--time-unit',
      'week',
      '--horizon',
      HORIZON_12_MONTHS,
      '--out',
      join(dir, 'p.csv'),
    ],
    3,
    400,
  ],
  ['fit --model ggomnbd (CDNOW sample, 2,357)', ['fit', '--summary', cdnow, '--model', 'ggomnbd'], 1, null],
];

const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(', ');
console.log(
  `customers: ${n}, distinct (x, t_x, T) rows: ${distinct.size}; baseline (DuckDB reads the CSV once, in process): ${baseline.toFixed(3)} s; load average ${load()} (2 cores: above ~1 the wall times are stretched, CPU s is the steadier figure)`,
);
console.log('| task | wall s | target s | CPU s | peak RSS MB | target MB | wall × baseline | exit |');
console.log('|---|---|---|---|---|---|---|---|');
for (const [name, args, target, rssTarget] of tasks) {
  const r = run(args);
  if (r.code !== 0) console.error(`${name}: exit ${r.code}: ${r.stderr.trim()}`);
  console.log(
    `| ${name} | ${r.seconds.toFixed(2)} | ${target === null ? '—' : `≤ ${target}`} | ${r.cpu.toFixed(2)} | ${r.rssMb.toFixed(0)} | ${rssTarget === null ? '—' : `≤ ${rssTarget}`} | ${(r.seconds / baseline).toFixed(1)} | ${r.code} |`,
  );
}
console.log(`load average after: ${load()}`);
rmSync(dir, { recursive: true, force: true });

/**
 * Import benchmark: a transactions CSV of N rows (default 10,000,000), imported by Clientele
 * (typed, checked, deduplicated, with rejects) into a fresh workspace, then imported again into
 * the same workspace (every row a duplicate: the staged path and the merge). Each import runs in
 * its own child process, so each peak RSS is that import's own (target ≤ 2 GB). The baseline,
 * DuckDB's own `read_csv` into a plain table, runs in the first import's process, after the
 * import; the ratio first import / baseline has the target ≤ 1.5. The first import and its
 * baseline are repeated `runs` times (default 3), each into a fresh workspace; the machine's load
 * average is printed with the results.
 *
 *   npx tsx bench/import.ts [rows] [runs]
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFiles } from '../src/ingest/import.js';
import { openDuckDb } from '../src/store/duckdb/engine.js';
import { initWorkspace, openWorkspace } from '../src/workspace/index.js';

/** What a child process reports for one phase. */
interface Phase {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  baselineSeconds?: number;
  baselineCpuSeconds?: number;
  summary: unknown;
}

const MAX_RSS_MB = 2048;
const here = fileURLToPath(import.meta.url);
const mb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function timed<T>(f: () => Promise<T>): Promise<[T, number, number]> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const v = await f();
  const cpu = process.cpuUsage(c0);
  return [v, (performance.now() - t0) / 1000, (cpu.user + cpu.system) / 1e6];
}

/** Reads the file once so that neither the import nor the baseline pays for a cold page cache. */
function warm(path: string): void {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(1 << 20);
  try {
    while (readSync(fd, buf, 0, buf.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

/** One phase, in this (child) process: `first` (fresh workspace, then the baseline) or `again`. */
async function child(phase: string, csv: string, wsDir: string, out: string): Promise<Phase> {
  warm(csv);
  const ws = phase === 'first' ? await initWorkspace(wsDir) : await openWorkspace(wsDir);
  const [summary, seconds, cpuSeconds] = await timed(() => importFiles(ws, 'transactions', [csv]));
  await ws.close();
  const peakRssMb = mb();
  if (phase !== 'first') return { seconds, cpuSeconds, peakRssMb, summary };
  // Baseline: DuckDB reading the same file into a plain table, in the same process.
  const dbPath = join(out, 'baseline.duckdb');
  rmSync(dbPath, { force: true });
  const base = await openDuckDb(dbPath);
  const [, baselineSeconds, baselineCpuSeconds] = await timed(() =>
    base.run('CREATE TABLE plain AS SELECT * FROM read_csv($1)', [csv]),
  );
  await base.close();
  rmSync(dbPath, { force: true });
  return { seconds, cpuSeconds, peakRssMb, baselineSeconds, baselineCpuSeconds, summary };
}

function runChild(phase: string, csv: string, wsDir: string, out: string): Phase {
  const r = spawnSync(process.execPath, ['--import', 'tsx', here, '--child', phase, csv, wsDir, out], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) {
    throw new Error(`the ${phase} import failed (exit ${r.status}): ${r.stdout}`);
  }
  return JSON.parse(last) as Phase;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 10_000_000);
  const runs = Number(process.argv[3] ?? 3);
  const out = fileURLToPath(new URL('./out/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const csv = join(out, `transactions-${rows}.csv`);
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
  const meta = await openDuckDb(':memory:');
  const [{ version }] = await meta.query<{ version: string }>('SELECT version() AS version');
  await meta.close();
  const loadBefore = load();
  const wsDir = join(out, 'ws');
  const firsts: Phase[] = [];
  for (let r = 0; r < runs; r++) {
    rmSync(wsDir, { recursive: true, force: true });
    firsts.push(runChild('first', csv, wsDir, out));
  }
  const again = runChild('again', csv, wsDir, out);
  rmSync(wsDir, { recursive: true, force: true });

  const rss = (p: Phase) => `${p.peakRssMb}${p.peakRssMb > MAX_RSS_MB ? ' (over)' : ''}`;
  const ratio = (p: Phase) => p.seconds / (p.baselineSeconds ?? Number.NaN);
  console.log(
    `rows: ${rows}; machine: ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GB, Node.js ${process.version}, DuckDB ${version}; ${new Date().toISOString().slice(0, 10)}`,
  );
  console.log(`load average (1, 5, 15 min): before ${loadBefore}; after ${load()}`);
  console.log(
    '| step | seconds | CPU seconds | peak RSS, MB (target ≤ 2048) | ratio to baseline (target ≤ 1.5) |',
  );
  console.log('|---|---|---|---|---|');
  firsts.forEach((first, r) => {
    console.log(
      `| run ${r + 1}: DuckDB read_csv into a plain table (baseline) | ${first.baselineSeconds?.toFixed(2)} | ${first.baselineCpuSeconds?.toFixed(1)} | | |`,
    );
    console.log(
      `| run ${r + 1}: clientele import, first (typed, checked, deduplicated) | ${first.seconds.toFixed(2)} | ${first.cpuSeconds.toFixed(1)} | ${rss(first)} | ${ratio(first).toFixed(2)} (CPU ${(first.cpuSeconds / (first.baselineCpuSeconds ?? Number.NaN)).toFixed(2)}) |`,
    );
  });
  console.log(
    `| clientele import, again (every row a duplicate) | ${again.seconds.toFixed(2)} | ${again.cpuSeconds.toFixed(1)} | ${rss(again)} | |`,
  );
  const ratios = firsts.map(ratio).sort((a, b) => a - b);
  console.log(
    `ratio first import / baseline: best ${ratios[0].toFixed(2)}, median ${ratios[Math.floor(ratios.length / 2)].toFixed(2)} (target ≤ 1.5)`,
  );
  console.log(`first import: ${JSON.stringify(firsts[0].summary)}`);
  console.log(`re-import: ${JSON.stringify(again.summary)}`);
}

if (process.argv[2] === '--child') {
  const [phase, csv, wsDir, out] = process.argv.slice(3);
  console.log(JSON.stringify(await child(phase, csv, wsDir, out)));
} else {
  await main();
}

/**
 * Model benchmark.
 *
 * 1. 1,000,000 simulated customers with CDNOW-like parameters in days, purchases merged per day
 *    (compressible: ~100,000 distinct (x, t_x, T) rows): BG/NBD, Pareto/NBD, Gamma-Gamma and
 *    12-month CLV for everyone.
 * 2. The same customers with continuous times (real-valued t_x and T, nothing to compress: every
 *    customer is a row): BG/NBD and Pareto/NBD, and the predictions `clientele predict` makes
 *    per row (P(alive), E[Y] at 12 monthly steps and the discounted 12-month sum), on one thread.
 * 3. The CDNOW sample (2,357 customers, weeks): BG/NBD, Pareto/NBD and GGom/NBD.
 * 4. The CDNOW sample plus one customer with x = 2,000,000 (t_x = 38.5, T = 39): BG/NBD,
 *    Pareto/NBD and GGom/NBD.
 *
 * Prints wall and CPU seconds per task (CPU time is the fairer figure on a shared machine: the
 * load average is printed before and after) and the ratio of wall time to a baseline run in the
 * same process: one pass over the 1M rows computing ln(α + T) — the least any likelihood
 * evaluation must do.
 *
 *   npx tsx bench/models.ts [customers]
 */

import { loadavg } from 'node:os';
import { predictRows } from '../src/analyses/lifetime/horizons.js';
import {
  clvMonthlySteps,
  type FitResult,
  fitBg,
  fitGammaGamma,
  fitGGomNbd,
  fitParetoNbd,
  gammaGammaConditionalSpend,
  purchaseModel,
  simulateSummary,
} from '../src/models/index.js';
import { cdnowSample } from '../src/models/test-support/data.js';

const n = Number(process.argv[2] ?? 1_000_000);
const load = () =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(', ');
const loadBefore = load();
const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const time = <T>(f: () => T): [T, number, number] => {
  const c0 = cpuSeconds();
  const t0 = performance.now();
  const v = f();
  return [v, (performance.now() - t0) / 1000, cpuSeconds() - c0];
};

const bgTruth = { model: 'bgnbd' as const, r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 };
// A cohort acquired over 12 weeks, observed to day 273: T from 189 to 273 days.
const window = { Tmin: 189, Tmax: 273, spend: { p: 6.25, q: 3.74, gamma: 15.44 } };
const [s, simSeconds] = time(() => simulateSummary(2026, n, bgTruth, { ...window, round: true }));
const continuous = simulateSummary(2026, n, bgTruth, window);

// The best of five passes: one pass is short enough for a neighbour's burst to double it.
const baseline = Math.min(
  ...Array.from(
    { length: 5 },
    () =>
      time(() => {
        let acc = 0;
        for (let i = 0; i < n; i++) acc += Math.log(30.9 + s.T[i]);
        return acc;
      })[1],
  ),
);

type Row = [string, number, number, number | null, string];
const rows: Row[] = [];
const fitRow = (name: string, target: number | null, f: () => FitResult) => {
  const [r, wall, cpu] = time(f);
  rows.push([
    name,
    wall,
    cpu,
    target,
    `${r.uniqueRows} rows; ${r.status}, ${r.starts} start(s), LL ${r.logLikelihood.toFixed(2)}`,
  ]);
  return r;
};

const bg = fitRow('BG/NBD fit, 1M day-rounded', 0.5, () => fitBg('bgnbd', s));
fitRow('Pareto/NBD fit, 1M day-rounded', 4, () => fitParetoNbd(s));
const [gg, ggWall, ggCpu] = time(() => fitGammaGamma(s));
rows.push(['Gamma-Gamma fit, 1M', ggWall, ggCpu, 0.2, `${gg.customers} repeat buyers; ${gg.status}`]);
const [clv, clvWall, clvCpu] = time(() => {
  const spend = Array.from(s.frequency, (x, i) => gammaGammaConditionalSpend(gg.params, x, s.monetary[i]));
  return clvMonthlySteps(purchaseModel('bgnbd', bg.params), s, spend, {
    months: 12,
    unitsPerMonth: 30,
    monthlyRate: 0.01,
  });
});
rows.push(['12-month CLV, 1M', clvWall, clvCpu, 0.5, `Σ CLV = ${clv.reduce((a, b) => a + b, 0).toFixed(0)}`]);

const bgContinuous = fitRow('BG/NBD fit, 1M continuous', null, () => fitBg('bgnbd', continuous));
const [p12, predWall, predCpu] = time(() => {
  const days = 365.25 / 12;
  return predictRows(
    purchaseModel('bgnbd', bgContinuous.params),
    { size: n, x: continuous.frequency, tx: continuous.recency, T: continuous.T },
    [12 * days],
    { horizon: 12 * days, unitsPerMonth: days, monthlyRate: 0.01 },
  );
});
rows.push([
  '12-month predictions per row, 1M continuous',
  predWall,
  predCpu,
  null,
  `Σ E[Y(12 months)] = ${p12.expected[0].reduce((a, b) => a + b, 0).toFixed(0)}; one thread`,
]);
fitRow('Pareto/NBD fit, 1M continuous', null, () => fitParetoNbd(continuous));

const cdnow = cdnowSample();
fitRow('BG/NBD fit, CDNOW sample', null, () => fitBg('bgnbd', cdnow));
fitRow('Pareto/NBD fit, CDNOW sample', null, () => fitParetoNbd(cdnow));
fitRow('GGom/NBD fit, CDNOW sample', 1, () => fitGGomNbd(cdnow));

const extreme = {
  frequency: [...cdnow.frequency, 2_000_000],
  recency: [...cdnow.recency, 38.5],
  T: [...cdnow.T, 39],
};
fitRow('BG/NBD fit, CDNOW + x = 2,000,000', null, () => fitBg('bgnbd', extreme));
fitRow('Pareto/NBD fit, CDNOW + x = 2,000,000', null, () => fitParetoNbd(extreme));
fitRow('GGom/NBD fit, CDNOW + x = 2,000,000', null, () => fitGGomNbd(extreme));

console.log(
  `customers: ${n}, simulation ${simSeconds.toFixed(2)} s, baseline pass ${(baseline * 1000).toFixed(1)} ms; load average ${loadBefore} before, ${load()} after`,
);
console.log('| task | wall s | CPU s | target | × baseline pass | note |');
console.log('|---|---|---|---|---|---|');
for (const [name, wall, cpu, target, note] of rows) {
  const goal = target === null ? '—' : `≤ ${target}`;
  console.log(
    `| ${name} | ${wall.toFixed(3)} | ${cpu.toFixed(3)} | ${goal} | ${(wall / baseline).toFixed(0)} | ${note} |`,
  );
}
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target ≤ 1024)`);

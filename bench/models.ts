/**
 * Model benchmark: 1,000,000 simulated customers with CDNOW-like parameters (time in days, as
 * day-level data are: same-day purchases merged), fitted with BG/NBD, Pareto/NBD and
 * Gamma-Gamma, then 12-month CLV for everyone.
 *
 * Prints seconds per task and the ratio to a baseline run in the same process: one pass over all
 * 1M rows computing ln(α + T) — the least any likelihood evaluation must do.
 *
 *   npx tsx bench/models.ts [customers]
 */
import {
  clvMonthlySteps,
  fitBg,
  fitGammaGamma,
  fitParetoNbd,
  gammaGammaConditionalSpend,
  purchaseModel,
  simulateSummary,
} from '../src/models/index.js';

const n = Number(process.argv[2] ?? 1_000_000);
const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const v = f();
  return [v, (performance.now() - t0) / 1000];
};

const [s, simSeconds] = time(() =>
  simulateSummary(
    2026,
    n,
    { model: 'bgnbd', r: 0.243, alpha: 4.414 * 7, a: 0.793, b: 2.426 },
    // A cohort acquired over 12 weeks, observed to day 273: T from 189 to 273 days.
    { Tmin: 189, Tmax: 273, round: true, spend: { p: 6.25, q: 3.74, gamma: 15.44 } },
  ),
);

const [, baseline] = time(() => {
  let acc = 0;
  for (let i = 0; i < n; i++) acc += Math.log(30.9 + s.T[i]);
  return acc;
});

const [bg, bgSeconds] = time(() => fitBg('bgnbd', s));
const [pn, pnSeconds] = time(() => fitParetoNbd(s));
const [gg, ggSeconds] = time(() => fitGammaGamma(s));
const [clv, clvSeconds] = time(() => {
  const spend = Array.from(s.frequency, (x, i) => gammaGammaConditionalSpend(gg.params, x, s.monetary[i]));
  return clvMonthlySteps(purchaseModel('bgnbd', bg.params), s, spend, {
    months: 12,
    unitsPerMonth: 30,
    monthlyRate: 0.01,
  });
});

const rows: [string, number, number, string][] = [
  ['BG/NBD fit', bgSeconds, 0.5, `${bg.uniqueRows} unique rows, converged ${bg.converged}`],
  ['Pareto/NBD fit', pnSeconds, 4, `converged ${pn.converged}`],
  ['Gamma-Gamma fit', ggSeconds, 0.2, `${gg.customers} repeat buyers, converged ${gg.converged}`],
  ['12-month CLV', clvSeconds, 0.5, `Σ CLV = ${clv.reduce((a, b) => a + b, 0).toFixed(0)}`],
];
console.log(
  `customers: ${n}, simulation ${simSeconds.toFixed(2)} s, baseline pass ${(baseline * 1000).toFixed(1)} ms`,
);
console.log('| task | seconds | target | × baseline pass | note |');
console.log('|---|---|---|---|---|');
for (const [name, secs, target, note] of rows) {
  console.log(`| ${name} | ${secs.toFixed(3)} | ≤ ${target} | ${(secs / baseline).toFixed(0)} | ${note} |`);
}
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (target ≤ 1024)`);
console.log('fitted BG/NBD', bg.params, 'Pareto/NBD', pn.params, 'Gamma-Gamma', gg.params);

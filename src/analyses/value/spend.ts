/**
 * Expected spend per purchase (SPEC §4.3, §5): the Gamma-Gamma model fitted on the repeat buyers
 * (x > 0) with m = mean spend of their repeat purchase days. Repeat buyers with m ≤ 0 (free or
 * returned repeat purchases) cannot enter it: they are left out and counted.
 *
 * Fallback: with fewer than MIN_REPEAT_BUYERS repeat buyers with m > 0, or when the fit fails,
 * does not converge, or has q ≤ 1 (an infinite population mean), a customer's expected spend per
 * purchase is their own mean spend per purchase day to date (net spend ÷ purchase days, 0 if
 * negative).
 */
import { fitGammaGamma, type GammaGammaParams, gammaGammaMeanSpend } from '../../models/index.js';
import type { SqlValue } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { readColumns } from '../lifetime/columns.js';
import type { ModelFitRecord, Stage } from './model-fits.js';
import { spendRows } from './summary.js';

/** Fewest repeat buyers with positive mean spend for which Gamma-Gamma is fitted. */
export const MIN_REPEAT_BUYERS = 30;

export interface SpendOutcome {
  /** The `model_fits` record; `chosen` when its parameters give the run's expected spend. */
  record: ModelFitRecord;
  /** Parameters to predict with, or null for the fallback. */
  params: GammaGammaParams | null;
}

/** Fits Gamma-Gamma on the repeat buyers of the summary at `stage`. */
export async function fitSpend(ctx: RunContext, stage: Stage): Promise<SpendOutcome> {
  const { size, columns: c } = await readColumns(ctx.db, spendRows(ctx, stage), [], ['x', 'm', 'w']);
  const keep: number[] = [];
  let leftOut = 0;
  let kept = 0;
  for (let i = 0; i < size; i++) {
    if (c.m[i] > 0 && Number.isFinite(c.m[i])) {
      keep.push(i);
      kept += c.w[i];
    } else leftOut += c.w[i];
  }
  const base = { model: 'gg', stage, customers: kept, leftOut, chosen: false };
  const leftOutNote = leftOut > 0 ? `${leftOut} repeat buyer(s) with mean repeat spend ≤ 0 left out` : null;
  const why = leftOutNote ? ` (${leftOutNote})` : '';
  if (stage === 'final' && leftOut > 0) {
    ctx.warn('repeat buyers with mean repeat spend ≤ 0 left out of the Gamma-Gamma spend model', leftOut);
  }
  const fallback = `expected spend per purchase = the customer's mean spend per purchase day`;
  if (kept < MIN_REPEAT_BUYERS) {
    const message = `${kept} repeat buyer(s) with positive spend, fewer than ${MIN_REPEAT_BUYERS}: Gamma-Gamma not fitted; ${fallback}${why}`;
    if (stage === 'final') ctx.warn(message);
    return { record: { ...base, fit: null, status: 'skipped', message }, params: null };
  }
  ctx.progress(`fitting Gamma-Gamma spend (${stage})`);
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]);
  try {
    const fit = fitGammaGamma({ frequency: pick(c.x), monetary: pick(c.m), weights: pick(c.w) });
    const params = fit.params as GammaGammaParams;
    const mean = gammaGammaMeanSpend(params);
    const ok = fit.converged && Number.isFinite(mean);
    const problem = !fit.converged ? `did not converge (${fit.message})` : `q ≤ 1, an infinite mean spend`;
    const message = ok ? (leftOutNote ?? undefined) : `${problem}: ${fallback}${why}`;
    if (!ok && stage === 'final') ctx.warn(`Gamma-Gamma ${message}`);
    return { record: { ...base, fit, message, chosen: ok && stage === 'final' }, params: ok ? params : null };
  } catch (e) {
    const message = `${(e as Error).message}: ${fallback}${why}`;
    if (stage === 'final') ctx.warn(`Gamma-Gamma failed: ${message}`);
    return { record: { ...base, fit: null, status: 'failed', message }, params: null };
  }
}

/**
 * SQL for a customer's expected spend per purchase over the summary table aliased `s`, with its
 * parameters numbered from `$first`. Gamma-Gamma: E[M | x, m] = (1 − ω)·E[M] + ω·m with
 * ω = p·x / (p·x + q − 1), E[M] = p·γ / (q − 1); E[M] for x = 0; m < 0 counts as 0.
 */
export function expectedSpendSql(
  ctx: RunContext,
  params: GammaGammaParams | null,
  first: number,
): { expr: string; values: SqlValue[] } {
  const { sql } = ctx;
  if (!params) {
    return {
      expr: `CASE WHEN s.spend > 0 THEN ${sql.toFloat('s.spend')} / (s.x + 1) ELSE 0 END`,
      values: [],
    };
  }
  const [p, q, mean] = [`$${first}`, `$${first + 1}`, `$${first + 2}`];
  const m = `CASE WHEN s.repeat_spend > 0 THEN ${sql.toFloat('s.repeat_spend')} / s.x ELSE 0 END`;
  const weight = `(${p} * s.x / (${p} * s.x + ${q} - 1))`;
  return {
    expr: `CASE WHEN s.x = 0 THEN ${mean} ELSE (1 - ${weight}) * ${mean} + ${weight} * ${m} END`,
    values: [params.p, params.q, gammaGammaMeanSpend(params)],
  };
}

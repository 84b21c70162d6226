/**
 * The purchase model of a run (SPEC §5): BG/NBD, MBG/NBD and Pareto/NBD fitted on the
 * calibration period, each checked against the holdout period; the one with the lowest holdout
 * error is chosen (or the one `--model` names), then refitted on the whole history up to as_of.
 * Without a calibration end there is no holdout: the model is `--model`, BG/NBD by default.
 *
 * Holdout error: the root mean squared error per customer between the predicted E[Y(L) | x, t_x, T]
 * and the actual purchase days in the holdout period of length L. The conditional expectation is
 * the prediction that minimises it, so the model that predicts each customer best wins; the totals
 * (Σ predicted vs Σ actual) are stored as well.
 */
import {
  type FitResult,
  fitPurchaseModel,
  type PurchaseModel,
  type PurchaseModelName,
  purchaseModel,
} from '../../models/index.js';
import type { RunContext } from '../context.js';
import { readColumns } from '../lifetime/columns.js';
import { daysPerUnit } from '../lifetime/time-units.js';
import { fitStatus, type ModelFitRecord, usable } from './model-fits.js';
import { CALIBRATION_ROWS, FINAL_ROWS } from './summary.js';

/** The models compared on the holdout period, in the order ties are broken. */
export const CANDIDATE_MODELS: readonly PurchaseModelName[] = ['bgnbd', 'mbgnbd', 'pnbd'];

/** The default model without a calibration period. */
export const DEFAULT_MODEL: PurchaseModelName = 'bgnbd';

const NAMES: Record<string, string> = { bgnbd: 'BG/NBD', mbgnbd: 'MBG/NBD', pnbd: 'Pareto/NBD' };

/** Unique summary rows in the run's time unit, with weights. */
export interface UniqueRows {
  size: number;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  /** The keys the rows were read with (whole days), for joining predictions back. */
  txDays: Float64Array;
  tDays: Float64Array;
}

/** Reads the unique final summary rows (every customer with a purchase day). */
export async function finalRows(ctx: RunContext): Promise<UniqueRows> {
  const { size, columns: c } = await readColumns(ctx.db, FINAL_ROWS, [], ['x', 'tx_days', 't_days', 'w']);
  return toUnits(ctx, size, c.x, c.tx_days, c.t_days, c.w);
}

function toUnits(
  ctx: RunContext,
  size: number,
  x: Float64Array,
  txDays: Float64Array,
  tDays: Float64Array,
  w: Float64Array,
): UniqueRows {
  const d = daysPerUnit(ctx.params.timeUnit);
  return { size, x, tx: txDays.map((v) => v / d), T: tDays.map((v) => v / d), w, txDays, tDays };
}

/** The rows a model can be fitted on: T > 0 (a customer whose first purchase is today has no history). */
function fittable(rows: UniqueRows) {
  const keep: number[] = [];
  let leftOut = 0;
  for (let i = 0; i < rows.size; i++) {
    if (rows.T[i] > 0) keep.push(i);
    else leftOut += rows.w[i];
  }
  const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i]);
  return {
    frequency: pick(rows.x),
    recency: pick(rows.tx),
    T: pick(rows.T),
    weights: pick(rows.w),
    /** Customers whose first purchase is on the as_of day: predicted, not fitted. */
    leftOut,
  };
}

function repeatBuyers(s: { frequency: Float64Array; weights: Float64Array }): number {
  let n = 0;
  for (let i = 0; i < s.frequency.length; i++) if (s.frequency[i] > 0) n += s.weights[i];
  return n;
}

function fitOrNull(name: PurchaseModelName, s: ReturnType<typeof fittable>): FitResult | string {
  try {
    return fitPurchaseModel(name, s);
  } catch (e) {
    return (e as Error).message;
  }
}

/** Fits the candidates on the calibration period and measures each against the holdout. */
async function calibrationFits(ctx: RunContext): Promise<ModelFitRecord[]> {
  const { size, columns: c } = await readColumns(
    ctx.db,
    CALIBRATION_ROWS,
    [],
    ['x', 'tx_days', 't_days', 'w', 'h', 'h2'],
  );
  const rows = toUnits(ctx, size, c.x, c.tx_days, c.t_days, c.w);
  const s = fittable(rows);
  const [{ days }] = await ctx.db.query<{ days: number }>(
    `SELECT ${ctx.sql.daysBetween(ctx.sql.localDate(ctx.sql.timestamp('$2')), ctx.sql.localDate(ctx.sql.timestamp('$1')))} AS days`,
    [ctx.params.asOf, ctx.params.calibrationEnd],
  );
  const holdout = days / daysPerUnit(ctx.params.timeUnit);
  let actual = 0;
  for (let i = 0; i < size; i++) actual += c.h[i];
  const customers = s.weights.reduce((a, b) => a + b, 0);
  if (repeatBuyers(s) === 0) {
    ctx.warn(
      'no repeat buyers in the calibration period: the lifetime models were not compared on a holdout',
    );
    return [];
  }
  return CANDIDATE_MODELS.map((name): ModelFitRecord => {
    ctx.progress(`fitting ${NAMES[name]} on the calibration period`);
    const fit = fitOrNull(name, s);
    if (typeof fit === 'string') {
      return {
        model: name,
        stage: 'calibration',
        fit: null,
        customers,
        chosen: false,
        status: 'failed',
        message: fit,
      };
    }
    const record: ModelFitRecord = {
      model: name,
      stage: 'calibration',
      fit,
      customers,
      holdoutActual: actual,
      chosen: false,
    };
    if (!usable(fit)) return record;
    const model = purchaseModel(name, fit.params);
    let predicted = 0;
    let squares = 0;
    for (let i = 0; i < size; i++) {
      const p = model.conditionalExpectedPurchases(holdout, rows.x[i], rows.tx[i], rows.T[i]);
      predicted += c.w[i] * p;
      // Σ over the row's customers of (h − p)² = Σh² − 2pΣh + w p²
      squares += c.h2[i] - 2 * p * c.h[i] + c.w[i] * p * p;
    }
    record.holdoutPredicted = predicted;
    record.holdoutError = Math.sqrt(Math.max(0, squares) / customers);
    return record;
  });
}

/** The chosen model's name: `--model`, else the lowest holdout error among converged fits. */
function choose(ctx: RunContext, calibration: ModelFitRecord[]): PurchaseModelName {
  if (ctx.params.model !== 'auto') return ctx.params.model;
  const scored = calibration.filter((r) => r.holdoutError !== undefined && Number.isFinite(r.holdoutError));
  const converged = scored.filter((r) => r.fit?.converged);
  const pool = converged.length > 0 ? converged : scored;
  if (pool.length === 0) return DEFAULT_MODEL;
  if (converged.length === 0) {
    ctx.warn('no lifetime model converged on the calibration period: chose the lowest holdout error anyway');
  }
  const best = pool.reduce((a, b) => (b.holdoutError! < a.holdoutError! ? b : a));
  return best.model as PurchaseModelName;
}

/** What `fitPurchaseModels` gives back: every record for `model_fits` and the model to predict with. */
export interface PurchaseModelOutcome {
  records: ModelFitRecord[];
  model: PurchaseModel | null;
}

/** Calibration fits and choice (when the run has a calibration end), then the final fit. */
export async function fitPurchaseModels(ctx: RunContext, rows: UniqueRows): Promise<PurchaseModelOutcome> {
  const calibration = ctx.params.calibrationEnd !== null ? await calibrationFits(ctx) : [];
  const name = choose(ctx, calibration);
  for (const r of calibration) r.chosen = r.model === name;
  const s = fittable(rows);
  const customers = s.weights.reduce((a, b) => a + b, 0);
  if (repeatBuyers(s) === 0) {
    ctx.warn('no repeat buyers: the lifetime models cannot be fitted, so there is no predictive CLV');
    return { records: calibration, model: null };
  }
  ctx.progress(`fitting ${NAMES[name]} up to as_of`);
  const fit = fitOrNull(name, s);
  if (typeof fit === 'string' || !usable(fit)) {
    const message =
      typeof fit === 'string' ? fit : `${NAMES[name]} gave no usable parameters (${fit.message})`;
    ctx.warn(`the final ${NAMES[name]} fit failed: no predictive CLV (${message})`);
    const record: ModelFitRecord = {
      model: name,
      stage: 'final',
      fit: typeof fit === 'string' ? null : fit,
      customers,
      leftOut: s.leftOut,
      chosen: true,
      status: 'failed',
      message,
    };
    return { records: [...calibration, record], model: null };
  }
  if (!fit.converged) {
    ctx.warn(`the final ${NAMES[name]} fit did not converge (${fit.message}): its predictions may be off`);
  } else if (fitStatus(fit) !== 'converged') {
    ctx.warn(`the final ${NAMES[name]} fit: ${fitStatus(fit)}`);
  }
  const record: ModelFitRecord = {
    model: name,
    stage: 'final',
    fit,
    customers,
    leftOut: s.leftOut,
    chosen: true,
  };
  return { records: [...calibration, record], model: purchaseModel(name, fit.params) };
}

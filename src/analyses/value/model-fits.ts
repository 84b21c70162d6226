/**
 * Rows of the `model_fits` table: one per model and stage (`calibration`, `final`), with the
 * parameters in the run's time unit, standard errors, log-likelihood, convergence, the holdout
 * check and whether the model was chosen.
 */
import type { FitResult } from '../../models/index.js';
import type { SqlValue } from '../../store/engine.js';
import type { TimeUnit } from '../context.js';
import { fitStatus } from '../lifetime/fits.js';

export { fitStatus, usable } from '../lifetime/fits.js';

export type Stage = 'calibration' | 'final';

/** One fitted (or failed, or skipped) model of the run. */
export interface ModelFitRecord {
  model: string;
  stage: Stage;
  fit: FitResult | null;
  /** Customers the model was fitted on (total weight). */
  customers: number;
  /** Customers left out of the fit (e.g. Gamma-Gamma's repeat buyers with mean spend ≤ 0). */
  leftOut?: number;
  holdoutActual?: number;
  holdoutPredicted?: number;
  /** Root mean squared error per customer of the holdout purchase days. */
  holdoutError?: number;
  chosen: boolean;
  /** `converged`, `not_converged`, `failed`, `skipped`, or the fitter's own diagnosis. */
  status?: string;
  message?: string;
}

const finiteOrNull = (v: number | undefined): number | null =>
  v !== undefined && Number.isFinite(v) ? v : null;

/** The `model_fits` row of a record (column names as in `schema/results.ts`). */
export function modelFitRow(r: ModelFitRecord, unit: TimeUnit): Record<string, SqlValue> {
  const fit = r.fit;
  // NaN standard errors (a singular Hessian) become JSON null.
  return {
    model: r.model,
    stage: r.stage,
    params: fit ? JSON.stringify(fit.params) : null,
    std_errors: fit ? JSON.stringify(fit.stdErrors) : null,
    time_unit: unit,
    log_likelihood: fit ? finiteOrNull(fit.logLikelihood) : null,
    converged: fit ? fit.converged : false,
    status: r.status ?? (fit ? fitStatus(fit) : 'failed'),
    customers: r.customers,
    left_out: r.leftOut ?? 0,
    holdout_actual: finiteOrNull(r.holdoutActual),
    holdout_predicted: finiteOrNull(r.holdoutPredicted),
    holdout_error: finiteOrNull(r.holdoutError),
    chosen: r.chosen,
    message: r.message ?? (fit && !fit.converged ? fit.message : null),
  };
}

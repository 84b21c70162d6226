/** Reading a fit's verdict, shared by the value analysis and the lifetime commands. */
import type { FitResult } from '../../models/index.js';

/**
 * The fitter's verdict: its own `status` when it gives one (`converged`, `boundary`,
 * `not_identified`, `not_converged`), else converged or not.
 */
export function fitStatus(fit: FitResult): string {
  const own = (fit as FitResult & { status?: unknown }).status;
  if (typeof own === 'string') return own;
  return fit.converged ? 'converged' : 'not_converged';
}

/** True when the fit can be used for predictions: finite parameters and log-likelihood. */
export function usable(fit: FitResult | null): boolean {
  return (
    fit !== null &&
    Number.isFinite(fit.logLikelihood) &&
    Object.values(fit.params).every((v) => Number.isFinite(v) && v > 0)
  );
}

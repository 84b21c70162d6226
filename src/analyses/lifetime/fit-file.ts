/**
 * `clientele fit`: one lifetime model fitted by maximum likelihood to a per-customer summary file,
 * read through the engine and compressed to unique rows with weights before fitting.
 */
import {
  type FitResult,
  fitBgBb,
  fitGammaGamma,
  fitPurchaseModel,
  type PurchaseModelName,
} from '../../models/index.js';
import type { TimeUnit } from '../context.js';
import { fitStatus } from './fits.js';
import {
  BGBB_SUMMARY,
  type EngineOpener,
  PURCHASE_SUMMARY,
  readSummary,
  SPEND_SUMMARY,
  spendInput,
  summaryColumns,
} from './summary-file.js';
import { inferTimeUnit, type UnitStatement } from './time-units.js';

/** The models `fit` knows: the purchase models, BG/BB and Gamma-Gamma. */
export const SUMMARY_MODELS = ['bgnbd', 'mbgnbd', 'pnbd', 'ggomnbd', 'bgbb', 'gg'] as const;
export type SummaryModel = (typeof SUMMARY_MODELS)[number];

export interface SummaryFitOptions {
  /** Opens the engine that reads the file (closed once it is read). */
  engine: EngineOpener;
  file: string;
  model: SummaryModel;
  /** L2 penalty (lifetimes' `penalizer_coef`), default 0. */
  penalty?: number;
  /** The summary's time unit when the user states it. */
  timeUnit?: TimeUnit;
  skipInvalid?: boolean;
  rejects?: string;
  /** Told each phase as it starts (for a progress line). */
  progress?: (phase: string) => void;
}

export interface SummaryFit {
  fit: FitResult;
  /** The fitter's verdict (see `fitStatus`). */
  status: string;
  /** The time unit of the rate parameters, and how it is known. */
  unit: UnitStatement;
  /** Rows read and left out as invalid (with `skipInvalid`), and where those went. */
  rows: number;
  rejected: number;
  rejectsFile: string | null;
  /** Gamma-Gamma: repeat buyers with monetary_value ≤ 0, left out of the fit. */
  leftOut: number;
}

const NOT_USED = (why: string): UnitStatement => ({
  unit: null,
  source: 'not used',
  text: `not used (${why})`,
});

/**
 * Fits `options.model` on the summary file (read by `options.engine`, which must read CSV: DuckDB).
 *
 * @example const r = await fitSummaryFile({ engine, file: 'cdnow.csv', model: 'bgnbd' }); r.fit.params.r
 */
export async function fitSummaryFile(options: SummaryFitOptions): Promise<SummaryFit> {
  const { file, model } = options;
  const fitOptions = { penalty: options.penalty ?? 0 };
  const load = { skipInvalid: options.skipInvalid, rejects: options.rejects };
  options.progress?.('reading the summary');
  if (model === 'bgbb') {
    const s = await readSummary(options.engine, file, BGBB_SUMMARY, load);
    const { frequency, recency, periods, weights } = s.columns;
    const fit = fitBgBb({ frequency, recency, periods, weights }, fitOptions);
    const unit = NOT_USED('BG/BB counts discrete opportunities');
    return { fit, status: fitStatus(fit), unit, ...counts(s), leftOut: 0 };
  }
  if (model === 'gg') {
    const s = await readSummary(options.engine, file, SPEND_SUMMARY, load);
    const r = spendInput(s.columns.frequency, s.columns.monetary_value);
    const fit = fitGammaGamma({ frequency: r.x, monetary: r.m }, fitOptions);
    const unit = NOT_USED('Gamma-Gamma models spend per purchase');
    return { fit, status: fitStatus(fit), unit, ...counts(s), leftOut: r.leftOut };
  }
  // monetary_value is not read: the purchase models do not use it.
  const s = await readSummary(options.engine, file, { ...PURCHASE_SUMMARY, optional: [] }, load);
  const c = summaryColumns(s);
  const unit = inferTimeUnit([c.tx, c.T], options.timeUnit);
  options.progress?.(`fitting ${model} on ${c.size} customers`);
  // The fitter compresses the rows to unique ones with weights itself.
  const fit = fitPurchaseModel(
    model as PurchaseModelName,
    { frequency: c.x, recency: c.tx, T: c.T },
    fitOptions,
  );
  return { fit, status: fitStatus(fit), unit, ...counts(s), leftOut: 0 };
}

function counts(s: { rows: number; rejected: number; rejectsFile: string | null }) {
  return { rows: s.rows, rejected: s.rejected, rejectsFile: s.rejectsFile };
}

/**
 * `clientele predict`: a purchase model (and Gamma-Gamma for spend when the summary has
 * `monetary_value`) fitted on a per-customer summary file, and per customer P(alive), expected
 * purchases over the horizon, expected spend per purchase and CLV over the horizon.
 *
 * The summary is read by the engine as typed columns and compressed to unique (x, t_x, T) rows;
 * the model is fitted on them and predicts once per unique row (`horizons.ts`); each customer's
 * row is joined back by index as the CSV is written, with spend (which depends on m) applied per
 * customer. Invalid spend does not stop the rest: a repeat buyer with m ≤ 0 is left out of the
 * Gamma-Gamma fit (counted) and still gets P(alive), expected purchases and a CLV, with m taken as
 * 0 as the value analysis does (docs/metrics/value.md).
 */
import { ClienteleError, UsageError } from '../../errors.js';
import { writeCustomerCsv } from '../../ingest/summary-csv.js';
import {
  type FitResult,
  fitGammaGamma,
  fitPurchaseModel,
  type GammaGammaParams,
  gammaGammaMeanSpend,
  type PurchaseModelName,
  purchaseModel,
} from '../../models/index.js';
import type { TimeUnit } from '../context.js';
import { fitStatus, usable } from './fits.js';
import { predictRowsInParallel } from './parallel.js';
import { PREDICTION_COLUMNS, type PredictionData, predictionFields } from './prediction-lines.js';
import {
  type EngineOpener,
  PURCHASE_SUMMARY,
  readSummary,
  spendInput,
  summaryColumns,
  type UniqueSummaryRows,
  uniqueRows,
} from './summary-file.js';
import { inferTimeUnit, monthlyRate, type UnitStatement, unitsPerMonth } from './time-units.js';

export interface SummaryPredictOptions {
  /** Opens the engine that reads the file (closed once it is read). */
  engine: EngineOpener;
  file: string;
  model: PurchaseModelName;
  /** Horizon in the summary's time unit (any length: a partial last month counts as such). */
  horizon: number;
  timeUnit?: TimeUnit;
  /** Discount rate per `discountPer`. */
  discountRate: number;
  discountPer: 'month' | 'year';
  clvMethod: 'steps' | 'dert';
  skipInvalid?: boolean;
  rejects?: string;
  /** The CSV to write; standard output when absent. */
  out?: string;
  /** Told each phase as it starts (for a progress line). */
  progress?: (phase: string) => void;
}

export interface SummaryPrediction {
  customers: number;
  rejected: number;
  rejectsFile: string | null;
  unit: UnitStatement;
  fit: FitResult;
  status: string;
  /** Gamma-Gamma, when the summary has monetary_value and it could be fitted. */
  spend: FitResult | null;
  /** Repeat buyers with monetary_value ≤ 0, left out of Gamma-Gamma. */
  leftOut: number;
  /** The CLV horizon in months, or null without CLV. */
  months: number | null;
  /** Things the user should know (not errors): each a sentence. */
  warnings: string[];
}

/** Gamma-Gamma on the repeat buyers with m > 0; null (and a warning) when it gives no finite mean. */
function fitSpend(
  x: Float64Array,
  m: Float64Array,
  warnings: string[],
): { fit: FitResult | null; leftOut: number } {
  const r = spendInput(x, m);
  if (r.leftOut > 0) {
    warnings.push(
      `${r.leftOut} repeat buyer(s) with monetary_value <= 0 left out of the Gamma-Gamma spend model; their expected spend takes m = 0`,
    );
  }
  let fit: FitResult;
  try {
    fit = fitGammaGamma({ frequency: r.x, monetary: r.m });
  } catch (e) {
    warnings.push(`Gamma-Gamma could not be fitted (${(e as Error).message}): no expected spend or CLV`);
    return { fit: null, leftOut: r.leftOut };
  }
  if (!(usable(fit) && Number.isFinite(gammaGammaMeanSpend(fit.params as GammaGammaParams)))) {
    warnings.push(`Gamma-Gamma gave no finite mean spend (${fit.message}): no expected spend or CLV`);
    return { fit: null, leftOut: r.leftOut };
  }
  if (!fit.converged)
    warnings.push(`Gamma-Gamma did not converge (${fit.message}): expected spend may be off`);
  return { fit, leftOut: r.leftOut };
}

/**
 * What `predict` keeps of the file: each customer's record, x and m (for spend), and the unique
 * (x, t_x, T) rows; the per-customer t_x and T are let go once compressed.
 */
async function load(o: SummaryPredictOptions) {
  o.progress?.('reading the summary');
  const s = await readSummary(o.engine, o.file, PURCHASE_SUMMARY, {
    skipInvalid: o.skipInvalid,
    rejects: o.rejects,
  });
  const c = summaryColumns(s);
  o.progress?.(`compressing ${c.size} customers to unique rows`);
  return {
    record: c.record,
    x: c.x,
    m: c.m,
    rows: uniqueRows(c),
    idIndex: s.idIndex,
    rejected: s.rejected,
    rejectsFile: s.rejectsFile,
  };
}

/**
 * Fits the models on the file's unique rows and predicts once per unique row. Returns what the
 * CSV needs, per customer and per unique row; the unique rows' own columns are let go.
 */
async function fitAndPredict(
  o: SummaryPredictOptions,
  { x, m }: { x: Float64Array; m: Float64Array | null },
  rows: UniqueSummaryRows,
  warnings: string[],
) {
  const unit = inferTimeUnit([rows.tx, rows.T], o.timeUnit);
  if (m && unit.unit === null) {
    const why = unit.text.replace(/^unknown \((.*)\)$/, '$1');
    throw new UsageError(
      `predict: CLV needs the summary's time unit (a month of it, for the monthly steps and the discount), and it cannot be told from the file: ${why}; pass --time-unit day or --time-unit week`,
    );
  }
  o.progress?.(`fitting ${o.model} on ${rows.size} unique rows`);
  // The rows are already compressed: the fitter takes them as they are.
  const fit = fitPurchaseModel(o.model, {
    frequency: rows.x,
    recency: rows.tx,
    T: rows.T,
    weights: rows.w,
    compressed: true,
  });
  if (!usable(fit)) {
    throw new ClienteleError(
      `the ${o.model} fit gave no usable parameters (${fit.message}): nothing written`,
      1,
    );
  }
  if (!fit.converged) {
    warnings.push(`the ${o.model} fit did not converge (${fit.message}): its predictions may be off`);
  }
  if (m) o.progress?.('fitting Gamma-Gamma');
  const spend = m ? fitSpend(x, m, warnings) : { fit: null, leftOut: 0 };
  const clv =
    spend.fit && unit.unit
      ? {
          horizon: o.horizon,
          unitsPerMonth: unitsPerMonth(unit.unit),
          monthlyRate: o.discountPer === 'month' ? o.discountRate : monthlyRate(o.discountRate),
          method: o.clvMethod,
        }
      : undefined;
  o.progress?.('predicting per unique row');
  const p = await predictRowsInParallel(purchaseModel(o.model, fit.params), rows, [o.horizon], clv);
  return {
    unit,
    fit,
    spend,
    clv,
    index: rows.index,
    pAlive: p.pAlive,
    expected: p.expected[0],
    discounted: p.discounted,
  };
}

/** Reads the file, then fits and predicts; the unique rows are let go when this returns. */
async function predictUnique(o: SummaryPredictOptions, warnings: string[]) {
  const { rows, ...customers } = await load(o);
  return { customers, predicted: await fitAndPredict(o, customers, rows, warnings) };
}

/**
 * Fits, predicts and writes the per-customer CSV (`customer_id`, then PREDICTION_COLUMNS) to
 * `options.out` or standard output.
 *
 * @example await predictSummaryFile({ engine, file: 's.csv', model: 'bgnbd', horizon: 52, timeUnit: 'week', discountRate: 0.01, discountPer: 'month', clvMethod: 'steps' });
 */
export async function predictSummaryFile(o: SummaryPredictOptions): Promise<SummaryPrediction> {
  const warnings: string[] = [];
  const { customers: c, predicted } = await predictUnique(o, warnings);
  const { record, x, m, idIndex, rejected, rejectsFile } = c;
  const { unit, fit, spend, clv, index, pAlive, expected, discounted } = predicted;
  const data: PredictionData = {
    index,
    x,
    m,
    pAlive,
    expected,
    discounted,
    spend: (spend.fit?.params as GammaGammaParams | undefined) ?? null,
  };
  o.progress?.('writing the predictions');
  const customers = await writeCustomerCsv(
    { source: o.file, idIndex, records: record, columns: PREDICTION_COLUMNS, fields: predictionFields(data) },
    o.out,
  );
  return {
    customers,
    rejected,
    rejectsFile,
    unit,
    fit,
    status: fitStatus(fit),
    spend: spend.fit,
    leftOut: spend.leftOut,
    months: clv ? clv.horizon / clv.unitsPerMonth : null,
    warnings,
  };
}

/**
 * A per-customer summary file as the lifetime models read it (`clientele fit`, `predict`): what
 * its rows must satisfy, and its unique rows as typed columns with weights (the models are fitted
 * on the compressed summary, issue 7).
 *
 * Columns (lifetimes' conventions): `frequency` x = repeat purchases, `recency` t_x = time from
 * the first to the last purchase, `T` = time from the first purchase to the end of observation,
 * all in one time unit; `monetary_value` m = mean spend of the repeat purchases.
 */
import {
  type LoadOptions,
  readSummaryCsv,
  type SummaryData,
  type SummarySpec,
} from '../../ingest/summary-csv.js';
import { compressIfWorthwhile } from '../../models/index.js';
import type { Engine } from '../../store/engine.js';

const FREQUENCY_RULE = {
  reason: 'frequency x < 0 or not a whole number',
  column: 'frequency',
  when: `"frequency" < 0 OR "frequency" <> round("frequency")`,
};

/** The purchase models' summary (BG/NBD, MBG/NBD, Pareto/NBD, GGom/NBD), with the models' own rules (validateSummary). */
export const PURCHASE_SUMMARY: SummarySpec = {
  required: ['frequency', 'recency', 'T'],
  optional: ['monetary_value'],
  rules: [
    FREQUENCY_RULE,
    { reason: 'T <= 0', column: 'T', when: `"T" <= 0` },
    { reason: 'recency t_x < 0', column: 'recency', when: `"recency" < 0` },
    { reason: 'recency t_x > T', column: 'recency', when: `"recency" > "T"` },
    {
      reason: 'frequency x = 0 but recency t_x != 0',
      column: 'recency',
      when: `"frequency" = 0 AND "recency" <> 0`,
    },
  ],
};

/** Gamma-Gamma's summary. A repeat buyer with m ≤ 0 is not invalid: it is left out of the fit and counted. */
export const SPEND_SUMMARY: SummarySpec = {
  required: ['frequency', 'monetary_value'],
  rules: [FREQUENCY_RULE],
};

/** BG/BB's summary of discrete opportunities (the model checks its own rules). */
export const BGBB_SUMMARY: SummarySpec = {
  required: ['frequency', 'recency', 'periods'],
  optional: ['weights'],
};

export type { SummaryData };

/** Opens the engine that reads a summary file (an in-memory DuckDB: it reads CSV itself). */
export type EngineOpener = () => Promise<Engine>;

/**
 * Reads a summary file through a fresh engine, closed as soon as the columns are read (its
 * buffers are freed before the models need memory).
 */
export async function readSummary(
  open: EngineOpener,
  file: string,
  spec: SummarySpec,
  options: LoadOptions,
): Promise<SummaryData> {
  const db = await open();
  try {
    return await readSummaryCsv(db, file, spec, options);
  } finally {
    await db.close();
  }
}

/** The summary's columns in the file's row order (`m` when the file has monetary_value). */
export interface SummaryColumns {
  size: number;
  /** Each row's position among the file's data rows (rows left out as invalid are missing). */
  record: Float64Array;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  m: Float64Array | null;
}

/** The purchase-model columns of a summary read with PURCHASE_SUMMARY. */
export function summaryColumns(s: SummaryData): SummaryColumns {
  const c = s.columns;
  return {
    size: s.rows,
    record: s.record,
    x: c.frequency,
    tx: c.recency,
    T: c.T,
    m: c.monetary_value ?? null,
  };
}

/** Unique (x, t_x, T) rows with their number of customers `w`, in order of first appearance. */
export interface UniqueSummaryRows {
  size: number;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  /** For each row of the summary, its unique row. */
  index: Int32Array;
}

/**
 * The unique (x, t_x, T) rows of the summary: the models' own compression (a hash over the
 * doubles' bits), in order of first appearance — the same rows in the same order for the same
 * file, so the same fit. When too few rows repeat for that to pay (continuous times: see
 * compressIfWorthwhile) the rows are taken as they are; the fit and predictions are the same.
 */
export function uniqueRows(c: SummaryColumns): UniqueSummaryRows {
  const u = compressIfWorthwhile([c.x, c.tx, c.T]);
  const [x, tx, T] = u.columns;
  return { size: u.size, x, tx, T, w: u.weights, index: u.index };
}

/**
 * Gamma-Gamma's input: the repeat buyers (x > 0) with m > 0, and the number of repeat buyers with
 * m ≤ 0, who are left out.
 */
export function spendInput(
  frequency: Float64Array,
  monetary: Float64Array,
): { x: Float64Array; m: Float64Array; leftOut: number } {
  let kept = 0;
  let leftOut = 0;
  for (let i = 0; i < frequency.length; i++) {
    if (frequency[i] > 0) {
      if (monetary[i] > 0) kept++;
      else leftOut++;
    }
  }
  const x = new Float64Array(kept);
  const m = new Float64Array(kept);
  for (let i = 0, j = 0; i < frequency.length; i++) {
    if (frequency[i] > 0 && monetary[i] > 0) {
      x[j] = frequency[i];
      m[j++] = monetary[i];
    }
  }
  return { x, m, leftOut };
}

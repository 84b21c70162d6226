/**
 * Per-customer summary that the lifetime models fit on, in lifetimes' conventions:
 * `frequency` x = repeat purchases (purchase periods − 1), `recency` t_x = time from the first to
 * the last purchase, `T` = time from the first purchase to the end of calibration, all in one time
 * unit of the caller's choosing (days or weeks: the fitted rate parameter α is in that unit).
 */
import { type InputProblem, ModelInputError } from '../errors.js';
import { compressIfWorthwhile, rowsAsTheyAre } from './compress.js';

export { type Compressed, compressIfWorthwhile, compressRows } from './compress.js';

export interface RfmSummary {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  /** Mean spend of the repeat purchases; needed by Gamma-Gamma only. */
  monetary?: ArrayLike<number>;
  /** Number of customers each row stands for (default 1). */
  weights?: ArrayLike<number>;
  /**
   * The rows are already unique (x, t_x, T) rows, e.g. from `compressRows`: they are not
   * compressed again. (Were some rows still identical, the fit would be the same, only slower.)
   */
  compressed?: boolean;
}

const SHOWN = 5;

function collect(n: number, rules: [string, (i: number) => boolean][]): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const [rule, bad] of rules) {
    let count = 0;
    const rows: number[] = [];
    for (let i = 0; i < n; i++) {
      if (bad(i)) {
        count++;
        if (rows.length < SHOWN) rows.push(i);
      }
    }
    if (count > 0) problems.push({ rule, count, rows });
  }
  return problems;
}

function raise(problems: InputProblem[], what: string): void {
  if (problems.length === 0) return;
  const lines = problems.map(
    (p) => `  ${p.count} row(s) with ${p.rule} (first: ${p.rows.map((r) => `row ${r + 1}`).join(', ')})`,
  );
  throw new ModelInputError(`${what}:\n${lines.join('\n')}`, problems);
}

/**
 * Checks the summary; throws a ModelInputError listing every broken rule with counts and rows.
 * Rows are numbered from 1 in the message (and from 0 in `problems`).
 *
 * @example validateSummary({ frequency: [1], recency: [2], T: [1] }) // throws: t_x > T
 */
export function validateSummary(s: RfmSummary, options: { requireMonetary?: boolean } = {}): void {
  const n = s.frequency.length;
  if (s.recency.length !== n || s.T.length !== n) {
    throw new ModelInputError(
      `frequency, recency and T differ in length (${n}, ${s.recency.length}, ${s.T.length})`,
    );
  }
  if (n === 0) throw new ModelInputError('the summary has no customers');
  const { frequency: x, recency: tx, T } = s;
  const finite = (i: number) => Number.isFinite(x[i]) && Number.isFinite(tx[i]) && Number.isFinite(T[i]);
  const rules: [string, (i: number) => boolean][] = [
    ['NaN or infinite frequency, recency or T', (i) => !finite(i)],
    ['frequency x < 0 or not a whole number', (i) => finite(i) && (x[i] < 0 || !Number.isInteger(x[i]))],
    ['T <= 0', (i) => finite(i) && T[i] <= 0],
    ['recency t_x < 0', (i) => finite(i) && tx[i] < 0],
    ['recency t_x > T', (i) => finite(i) && tx[i] > T[i]],
    ['frequency x = 0 but recency t_x != 0', (i) => finite(i) && x[i] === 0 && tx[i] !== 0],
  ];
  if (s.weights) {
    const w = s.weights;
    if (w.length !== n) throw new ModelInputError(`weights has ${w.length} rows, the summary ${n}`);
    rules.push(['weight < 0, NaN or infinite', (i) => !(w[i] >= 0 && Number.isFinite(w[i]))]);
  }
  if (options.requireMonetary) {
    const m = s.monetary;
    if (!m) throw new ModelInputError('Gamma-Gamma needs monetary values (mean repeat spend)');
    if (m.length !== n) throw new ModelInputError(`monetary has ${m.length} rows, the summary ${n}`);
    rules.push(['NaN or infinite monetary value', (i) => x[i] > 0 && !Number.isFinite(m[i])]);
    rules.push(['monetary value <= 0 among repeat buyers (x > 0)', (i) => x[i] > 0 && m[i] <= 0]);
  }
  if (allValid(s, options)) return;
  raise(collect(n, rules), `invalid customer summary (${n} rows)`);
}

/**
 * The rules of validateSummary in one pass without closures: true when every row passes (the
 * usual case, which then costs a fraction of listing the problems).
 */
function allValid(s: RfmSummary, options: { requireMonetary?: boolean }): boolean {
  const { frequency: x, recency: tx, T, weights: w } = s;
  const m = options.requireMonetary ? s.monetary : undefined;
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const ti = tx[i];
    const Ti = T[i];
    // Each comparison is false for NaN, so NaN fails the row.
    if (!(xi >= 0 && xi < Infinity && xi === Math.floor(xi))) return false;
    if (!(Ti > 0 && Ti < Infinity && ti >= 0 && ti <= Ti)) return false;
    if (xi === 0 && ti !== 0) return false;
    if (w && !(w[i] >= 0 && w[i] < Infinity)) return false;
    if (m && xi > 0 && !(m[i] > 0 && m[i] < Infinity)) return false;
  }
  return true;
}

/** The BTYD data after validation and compression: unique (x, t_x, T) rows with weights. */
export interface BtydData {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  w: Float64Array;
  size: number;
  /** Total weight (number of customers). */
  customers: number;
  maxX: number;
  /** Distinct x values, ascending. */
  xs: Float64Array;
  /** For each unique row, the index of its x in `xs` (terms depending on x alone are built per entry). */
  xk: Int32Array;
  /** Total weight of the rows with each distinct x (terms depending on x alone are summed per entry). */
  xw: Float64Array;
  /** Unique rows with x > 0: the rows that say anything about purchase rates and drop-out. */
  repeatRows: number;
  index: Int32Array;
}

/** Largest x for which distinct values are found by a table indexed by x. */
const TABLE_X = 1 << 22;

/**
 * Distinct x values (ascending), each row's index among them, the total weight of each, and the
 * number of rows with x > 0. x are whole numbers ≥ 0 (validated), so a table indexed by x finds
 * them unless some x is huge; then a sorted copy does.
 */
function distinctFrequencies(
  x: Float64Array,
  w: Float64Array,
): { xs: Float64Array; xk: Int32Array; xw: Float64Array; repeatRows: number } {
  let maxX = 0;
  let repeatRows = 0;
  for (let i = 0; i < x.length; i++) {
    if (x[i] > maxX) maxX = x[i];
    if (x[i] > 0) repeatRows++;
  }
  const xk = new Int32Array(x.length);
  let xs: Float64Array;
  if (maxX < TABLE_X) {
    const slot = new Int32Array(maxX + 1).fill(-1);
    for (let i = 0; i < x.length; i++) slot[x[i]] = 0;
    let K = 0;
    for (let v = 0; v <= maxX; v++) if (slot[v] === 0) slot[v] = K++;
    xs = new Float64Array(K);
    for (let v = 0; v <= maxX; v++) if (slot[v] >= 0) xs[slot[v]] = v;
    for (let i = 0; i < x.length; i++) xk[i] = slot[x[i]];
  } else {
    const sorted = Float64Array.from(x).sort();
    let K = 0;
    for (let j = 0; j < sorted.length; j++)
      if (j === 0 || sorted[j] !== sorted[j - 1]) sorted[K++] = sorted[j];
    xs = sorted.slice(0, K);
    const position = new Map<number, number>();
    xs.forEach((v, k) => position.set(v, k));
    for (let i = 0; i < x.length; i++) xk[i] = position.get(x[i])!;
  }
  const xw = new Float64Array(xs.length);
  for (let i = 0; i < x.length; i++) xw[xk[i]] += w[i];
  return { xs, xk, xw, repeatRows };
}

/**
 * Validates a summary for the purchase models and compresses it to unique rows with weights
 * (unless it says it is compressed, or compressing would remove too few rows to pay: see
 * compressIfWorthwhile).
 */
export function prepareBtyd(s: RfmSummary): BtydData {
  validateSummary(s);
  const columns = [s.frequency, s.recency, s.T];
  const c = s.compressed ? rowsAsTheyAre(columns, s.weights) : compressIfWorthwhile(columns, s.weights);
  const [x, tx, T] = c.columns;
  let customers = 0;
  let maxX = 0;
  for (let i = 0; i < c.size; i++) {
    customers += c.weights[i];
    if (x[i] > maxX) maxX = x[i];
  }
  if (!(customers > 0)) throw new ModelInputError('the summary has no customers with positive weight');
  return {
    x,
    tx,
    T,
    w: c.weights,
    size: c.size,
    customers,
    maxX,
    ...distinctFrequencies(x, c.weights),
    index: c.index,
  };
}

/**
 * A cheap stand-in for the data, used to find starting values before fitting them all (the full
 * fit then needs only a few iterations): the rows with repeat purchases — which carry nearly all
 * that the data say about purchase rates and drop-out — all of them up to `maxRows` (else every
 * k-th), and every k-th of the other rows up to maxRows / 2, each group reweighted to its own
 * total. With few repeat buyers the stand-in therefore holds every one of them, as the data do.
 */
export function subsampleBtyd(d: BtydData, maxRows: number): BtydData {
  // Group 0: rows with repeat purchases; group 1: the others.
  const rows = [0, 0];
  const totals = [0, 0];
  for (let i = 0; i < d.size; i++) {
    const g = d.x[i] > 0 ? 0 : 1;
    rows[g]++;
    totals[g] += d.w[i];
  }
  // Every k-th row of each group in the data's order (the same subsample for the same data),
  // the repeat buyers first.
  const every = [Math.ceil(rows[0] / maxRows) || 1, Math.ceil(rows[1] / Math.ceil(maxRows / 2)) || 1];
  const sizes = [Math.ceil(rows[0] / every[0]), Math.ceil(rows[1] / every[1])];
  const size = sizes[0] + sizes[1];
  const x = new Float64Array(size);
  const tx = new Float64Array(size);
  const T = new Float64Array(size);
  const w = new Float64Array(size);
  const at = [0, sizes[0]];
  const seen = [0, 0];
  const kept = [0, 0];
  for (let i = 0; i < d.size; i++) {
    const g = d.x[i] > 0 ? 0 : 1;
    if (seen[g]++ % every[g] !== 0) continue;
    const j = at[g]++;
    x[j] = d.x[i];
    tx[j] = d.tx[i];
    T[j] = d.T[i];
    w[j] = d.w[i];
    kept[g] += d.w[i];
  }
  // Each group reweighted to its own total.
  for (let g = 0; g < 2; g++) {
    const scale = kept[g] > 0 ? totals[g] / kept[g] : 0;
    for (let j = g === 0 ? 0 : sizes[0]; j < (g === 0 ? sizes[0] : size); j++) w[j] *= scale;
  }
  return {
    x,
    tx,
    T,
    w,
    size,
    customers: d.customers,
    maxX: d.maxX,
    ...distinctFrequencies(x, w),
    index: new Int32Array(0),
  };
}

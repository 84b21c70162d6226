/**
 * Per-customer summary that the lifetime models fit on, in lifetimes' conventions:
 * `frequency` x = repeat purchases (purchase periods − 1), `recency` t_x = time from the first to
 * the last purchase, `T` = time from the first purchase to the end of calibration, all in one time
 * unit of the caller's choosing (days or weeks: the fitted rate parameter α is in that unit).
 */
import { type InputProblem, ModelInputError } from '../errors.js';

export interface RfmSummary {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  /** Mean spend of the repeat purchases; needed by Gamma-Gamma only. */
  monetary?: ArrayLike<number>;
  /** Number of customers each row stands for (default 1). */
  weights?: ArrayLike<number>;
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
  raise(collect(n, rules), `invalid customer summary (${n} rows)`);
}

/** Unique rows of several equal-length numeric columns, with summed weights. */
export interface Compressed {
  columns: Float64Array[];
  weights: Float64Array;
  /** For each input row, the index of its unique row. */
  index: Int32Array;
  /** Number of unique rows. */
  size: number;
}

/**
 * Collapses identical rows (all columns bitwise equal) into one with the summed weight, by an
 * open-addressing hash over the doubles' bits — linear time, no string keys.
 *
 * @example compressRows([[1, 1, 2]], undefined).weights // Float64Array [2, 1]
 */
export function compressRows(columns: ArrayLike<number>[], weights?: ArrayLike<number>): Compressed {
  const n = columns[0]?.length ?? 0;
  const k = columns.length;
  let cap = 16;
  while (cap < n * 2) cap *= 2;
  const mask = cap - 1;
  const table = new Int32Array(cap).fill(-1);
  const cols = columns.map(() => new Float64Array(n));
  const w = new Float64Array(n);
  const index = new Int32Array(n);
  const buf = new Float64Array(1);
  const bits = new Int32Array(buf.buffer);
  let size = 0;
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5 | 0;
    for (let c = 0; c < k; c++) {
      buf[0] = columns[c][i] + 0; // folds −0 into +0
      h = Math.imul(h ^ bits[0], 0x01000193);
      h = Math.imul(h ^ bits[1], 0x01000193);
    }
    h ^= h >>> 15;
    let slot = h & mask;
    for (;;) {
      const u = table[slot];
      if (u === -1) {
        table[slot] = size;
        for (let c = 0; c < k; c++) cols[c][size] = columns[c][i];
        w[size] = weights ? weights[i] : 1;
        index[i] = size++;
        break;
      }
      let same = true;
      for (let c = 0; c < k; c++) {
        if (cols[c][u] !== columns[c][i]) {
          same = false;
          break;
        }
      }
      if (same) {
        w[u] += weights ? weights[i] : 1;
        index[i] = u;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  return { columns: cols.map((c) => c.slice(0, size)), weights: w.slice(0, size), index, size };
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
  /** Unique rows with x > 0: the rows that say anything about purchase rates and drop-out. */
  repeatRows: number;
  index: Int32Array;
}

/** Distinct x values (ascending), each row's index among them, and the number of rows with x > 0. */
function distinctFrequencies(x: Float64Array): { xs: Float64Array; xk: Int32Array; repeatRows: number } {
  const xs = Float64Array.from(new Set(x)).sort();
  const position = new Map<number, number>();
  xs.forEach((v, k) => position.set(v, k));
  let repeatRows = 0;
  for (const v of x) if (v > 0) repeatRows++;
  return { xs, xk: Int32Array.from(x, (v) => position.get(v)!), repeatRows };
}

/** Validates and compresses a summary for the purchase models. */
export function prepareBtyd(s: RfmSummary): BtydData {
  validateSummary(s);
  const c = compressRows([s.frequency, s.recency, s.T], s.weights);
  const [x, tx, T] = c.columns;
  let customers = 0;
  let maxX = 0;
  for (let i = 0; i < c.size; i++) {
    customers += c.weights[i];
    if (x[i] > maxX) maxX = x[i];
  }
  if (!(customers > 0)) throw new ModelInputError('the summary has no customers with positive weight');
  return { x, tx, T, w: c.weights, size: c.size, customers, maxX, ...distinctFrequencies(x), index: c.index };
}

/**
 * Every k-th unique row, reweighted to the same total: a cheap stand-in used to find starting
 * values before fitting the full data (the full fit then needs only a few iterations).
 */
export function subsampleBtyd(d: BtydData, maxRows: number): BtydData {
  const k = Math.ceil(d.size / maxRows);
  const size = Math.ceil(d.size / k);
  const pick = (a: Float64Array) => Float64Array.from({ length: size }, (_, i) => a[i * k]);
  const w = pick(d.w);
  const scale = d.customers / w.reduce((a, b) => a + b, 0);
  for (let i = 0; i < size; i++) w[i] *= scale;
  const x = pick(d.x);
  return {
    x,
    tx: pick(d.tx),
    T: pick(d.T),
    w,
    size,
    customers: d.customers,
    maxX: x.reduce((m, v) => Math.max(m, v), 0),
    ...distinctFrequencies(x),
    index: new Int32Array(0),
  };
}

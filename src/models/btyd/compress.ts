/**
 * Identical summary rows collapsed into one with the summed weight (issue 7: the models are
 * fitted on the compressed summary), and the decision whether that is worth doing at all: with
 * continuous times nearly every customer is a row of its own, and hashing a million rows costs
 * more than the few evaluations it would save.
 */

/** Unique rows of several equal-length numeric columns, with summed weights. */
export interface Compressed {
  columns: Float64Array[];
  weights: Float64Array;
  /** For each input row, the index of its unique row. */
  index: Int32Array;
  /** Number of unique rows. */
  size: number;
}

const asDoubles = (a: ArrayLike<number>): Float64Array =>
  a instanceof Float64Array ? a : Float64Array.from(a);

/**
 * Collapses identical rows (all columns bitwise equal) into one with the summed weight, in order
 * of first appearance, by an open-addressing hash over the doubles' bits — linear time, no string
 * keys.
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

/** Rows below which compressing is always done (it is cheap there). */
const ALWAYS_BELOW = 200_000;
/** Rows drawn to judge whether compressing would pay. */
const PROBE = 16_384;
/** Compress when the rows could shrink by more than this share. */
const WORTH = 0.2;

/**
 * An upper estimate of the share of rows compression would remove, from a pseudo-random sample
 * of PROBE rows (any order of the file, sorted or not): if a row stands for c identical rows, a
 * sampled row meets one of its c − 1 twins in the sample with probability ≈ (c − 1)·m/n, while
 * compression removes the share (c − 1)/c ≤ c − 1 of those rows; so the twins found in the
 * sample, scaled by n/m, bound the share removed (in expectation).
 */
export function duplicateShareBound(columns: ArrayLike<number>[]): number {
  const n = columns[0]?.length ?? 0;
  if (n <= PROBE * 4) return 1;
  // Distinct pseudo-random row numbers, ascending: a hash of j scaled to [0, n), deduplicated.
  const picks = new Float64Array(PROBE);
  for (let j = 0; j < PROBE; j++) {
    let z = Math.imul(j + 0x9e3779b9, 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    z ^= z >>> 16;
    picks[j] = Math.floor(((z >>> 0) / 4294967296) * n);
  }
  picks.sort();
  let m = 0;
  for (let j = 0; j < PROBE; j++) if (j === 0 || picks[j] !== picks[j - 1]) picks[m++] = picks[j];
  const sample = columns.map((c) => Float64Array.from({ length: m }, (_, j) => c[picks[j]]));
  const twins = m - compressRows(sample).size;
  return (twins / m) * (n / m);
}

/**
 * The unique rows when compressing can remove more than a fifth of the rows (see
 * duplicateShareBound), else the rows as they are (index i → i): the same likelihood and the
 * same predictions either way, only the work differs.
 */
export function compressIfWorthwhile(columns: ArrayLike<number>[], weights?: ArrayLike<number>): Compressed {
  const n = columns[0]?.length ?? 0;
  if (n < ALWAYS_BELOW || duplicateShareBound(columns) > WORTH) return compressRows(columns, weights);
  return rowsAsTheyAre(columns, weights);
}

/** The rows as they are, in the shape of a compression (index i → i). */
export function rowsAsTheyAre(columns: ArrayLike<number>[], weights?: ArrayLike<number>): Compressed {
  const n = columns[0]?.length ?? 0;
  const w = weights ? Float64Array.from(weights) : new Float64Array(n).fill(1);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  return { columns: columns.map(asDoubles), weights: w, index, size: n };
}

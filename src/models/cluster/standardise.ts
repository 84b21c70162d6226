/**
 * Feature preparation for clustering and factor analysis: the median of a column with missing
 * values (NaN), and z-scores after imputing missing values with that median. Population standard
 * deviation (divisor n), as in the usual definition of a z-score over the whole customer base.
 */

/** What standardising one feature used: present values, the median imputed, the mean and sd after. */
export interface FeatureStats {
  /** Values that were present (not NaN). */
  present: number;
  /** Median of the present values (NaN when none is present). */
  median: number;
  /** Mean after imputing the median. */
  mean: number;
  /** Population standard deviation after imputing the median (0 for a constant feature). */
  sd: number;
}

/**
 * The median of the non-NaN values of `values` (mean of the two middle values for an even count);
 * NaN when there are none.
 *
 * @example median(Float64Array.of(3, NaN, 1, 2)) // 2
 */
export function median(values: Float64Array): number {
  let present = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) present++;
  if (present === 0) return Number.NaN;
  const copy = new Float64Array(present);
  let j = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) copy[j++] = values[i];
  const mid = present >> 1;
  const upper = kthSmallest(copy, mid);
  if (present % 2 === 1) return upper;
  // The largest value below position mid: the maximum of the left part after selection.
  let lower = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < mid; i++) if (copy[i] > lower) lower = copy[i];
  return (lower + upper) / 2;
}

/**
 * The k-th smallest value (0-based) of `a`, rearranging `a` so that a[0 … k−1] ≤ a[k] ≤ a[k+1 …]
 * (Hoare's selection with a median-of-three pivot: linear time on data that is not adversarial).
 */
export function kthSmallest(a: Float64Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const middle = (left + right) >> 1;
    const x = a[left];
    const y = a[middle];
    const z = a[right];
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z)); // the median of three
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k];
  }
  return a[k];
}

/**
 * Median, and mean and population sd after imputing the median, of one feature column.
 *
 * @example featureStats(Float64Array.of(1, NaN, 3)) // { present: 2, median: 2, mean: 2, sd: √(2/3) }
 */
export function featureStats(values: Float64Array): FeatureStats {
  const med = median(values);
  const n = values.length;
  let present = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const v = Number.isNaN(values[i]) ? med : values[i];
    if (!Number.isNaN(values[i])) present++;
    sum += v;
  }
  const mean = n > 0 ? sum / n : Number.NaN;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const v = (Number.isNaN(values[i]) ? med : values[i]) - mean;
    squares += v * v;
  }
  return { present, median: med, mean, sd: n > 0 ? Math.sqrt(squares / n) : Number.NaN };
}

/**
 * The row-major matrix (rows × features) of z-scores `(x − mean) / sd`, missing values replaced by
 * the feature's median first. Every feature must have a positive sd (drop constant ones before).
 *
 * @example zScores([Float64Array.of(1, 3)], [featureStats(Float64Array.of(1, 3))]) // [-1, 1]
 */
export function zScores(columns: readonly Float64Array[], stats: readonly FeatureStats[]): Float64Array {
  const d = columns.length;
  const n = d > 0 ? columns[0].length : 0;
  const out = new Float64Array(n * d);
  for (let f = 0; f < d; f++) {
    const { median: med, mean, sd } = stats[f];
    if (!(sd > 0)) throw new Error(`feature ${f} has no spread (sd ${sd}): drop it before standardising`);
    const column = columns[f];
    for (let i = 0; i < n; i++) {
      const v = Number.isNaN(column[i]) ? med : column[i];
      out[i * d + f] = (v - mean) / sd;
    }
  }
  return out;
}

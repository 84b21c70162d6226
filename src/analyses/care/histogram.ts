/**
 * Statistics of a count per customer from its histogram — how many customers have each count —
 * instead of one row per customer: contacts per customer are small whole numbers, so the histogram
 * is tiny while the customers are many. Quantiles are continuous, as the engines' quantile_cont
 * (and the dialect's `quantiles`): linear interpolation between the order statistics at
 * h = (n − 1)·q.
 */

/** Customers per count: `[count, customers]` pairs, any order, customers > 0. */
export type Histogram = readonly (readonly [number, number])[];

export interface HistogramSummary {
  customers: number;
  total: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
  max: number | null;
}

/** The value at 0-based rank `i` of the sorted values the histogram stands for. */
function at(sorted: Histogram, i: number): number {
  let seen = 0;
  for (const [value, n] of sorted) {
    seen += n;
    if (i < seen) return value;
  }
  return sorted[sorted.length - 1][0];
}

/** The continuous quantile `q` (0–1) of the values, or null without any. */
export function histogramQuantile(histogram: Histogram, q: number): number | null {
  const sorted = [...histogram].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const n = sorted.reduce((s, [, k]) => s + k, 0);
  if (n === 0) return null;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = at(sorted, lo);
  return lo === h ? a : a + (h - lo) * (at(sorted, lo + 1) - a);
}

/**
 * Customers, total, mean, median, p90 and max of a histogram.
 *
 * @example summarise([[1, 1], [3, 1], [4, 1]]) // { customers: 3, total: 8, mean: 8/3, median: 3, p90: 3.8, max: 4 }
 */
export function summarise(histogram: Histogram): HistogramSummary {
  const customers = histogram.reduce((s, [, n]) => s + n, 0);
  const total = histogram.reduce((s, [v, n]) => s + v * n, 0);
  return {
    customers,
    total,
    mean: customers > 0 ? total / customers : null,
    median: histogramQuantile(histogram, 0.5),
    p90: histogramQuantile(histogram, 0.9),
    max: customers > 0 ? Math.max(...histogram.filter(([, n]) => n > 0).map(([v]) => v)) : null,
  };
}

/** Adds `customers` customers with `value` contacts to the histogram `into` (count → customers). */
export function addInto(into: Map<number, number>, value: number, customers: number): void {
  into.set(value, (into.get(value) ?? 0) + customers);
}

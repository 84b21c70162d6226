/**
 * k-means on a row-major Float64Array (rows × d): sampling rows, k-means++ seeding (Arthur &
 * Vassilvitskii 2007), the best of a few seeded fits, plain Lloyd iterations (the reference that
 * `hamerly.ts` accelerates) and cluster numbering by size. Seeded and deterministic.
 */
import type { Random } from '../simulate/random.js';
import { type HamerlyOptions, hamerly } from './hamerly.js';
import type { KMeansResult } from './result.js';

export type { KMeansResult } from './result.js';

export interface LloydOptions {
  maxIterations?: number;
  /**
   * Stop when the centroids move less than this in all: √(Σ over centroids of the squared distance
   * moved), in the data's units (scikit-learn's `tol` is this squared, relative to the variance).
   */
  tolerance?: number;
}

/** The rows `rows` of row-major `data` (d columns), copied into a matrix of their own. */
export function gatherRows(data: Float64Array, d: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * d);
  for (let i = 0; i < rows.length; i++) out.set(data.subarray(rows[i] * d, rows[i] * d + d), i * d);
  return out;
}

/**
 * `size` distinct row indices out of `n`, in random order (a partial Fisher–Yates shuffle): every
 * prefix is itself a uniform random sample.
 *
 * @example sampleRows(1_000_000, 20_000, new Random(7))
 */
export function sampleRows(n: number, size: number, random: Random): Int32Array {
  const m = Math.min(n, size);
  const index = new Int32Array(n);
  for (let i = 0; i < n; i++) index[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random.uniform() * (n - i));
    const t = index[i];
    index[i] = index[j];
    index[j] = t;
  }
  return index.slice(0, m);
}

/**
 * k-means++ seeds: the first centroid a uniformly chosen row, each next one a row drawn with
 * probability proportional to its squared distance to the nearest seed so far.
 */
export function kMeansPlusPlus(data: Float64Array, d: number, k: number, random: Random): Float64Array {
  const m = data.length / d;
  if (k > m) throw new Error(`k-means++: ${k} clusters need at least ${k} rows (have ${m})`);
  const centroids = new Float64Array(k * d);
  const nearest = new Float64Array(m).fill(Number.POSITIVE_INFINITY);
  let pick = Math.min(m - 1, Math.floor(random.uniform() * m));
  for (let c = 0; c < k; c++) {
    for (let f = 0; f < d; f++) centroids[c * d + f] = data[pick * d + f];
    if (c === k - 1) break;
    let total = 0;
    for (let i = 0; i < m; i++) {
      const o = i * d;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const e = data[o + f] - centroids[c * d + f];
        s += e * e;
      }
      if (s < nearest[i]) nearest[i] = s;
      total += nearest[i];
    }
    if (total === 0) {
      // Fewer distinct rows than clusters: repeat a row (the cluster stays empty).
      pick = 0;
      continue;
    }
    let target = random.uniform() * total;
    let chosen = m - 1;
    for (let i = 0; i < m; i++) {
      target -= nearest[i];
      if (target < 0) {
        chosen = i;
        break;
      }
    }
    pick = chosen;
  }
  return centroids;
}

/** The index (0-based) of the centroid nearest to the row at offset `o` (the first one on ties). */
function nearestCentroid(
  data: Float64Array,
  o: number,
  d: number,
  centroids: Float64Array,
  k: number,
): number {
  let best = 0;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (let c = 0; c < k; c++) {
    const co = c * d;
    let s = 0;
    for (let f = 0; f < d; f++) {
      const e = data[o + f] - centroids[co + f];
      s += e * e;
    }
    if (s < bestDistance) {
      bestDistance = s;
      best = c;
    }
  }
  return best;
}

/** Squared Euclidean distance from the row at offset `o` to centroid `c`. */
function squaredDistance(
  data: Float64Array,
  o: number,
  d: number,
  centroids: Float64Array,
  c: number,
): number {
  let s = 0;
  for (let f = 0; f < d; f++) {
    const e = data[o + f] - centroids[c * d + f];
    s += e * e;
  }
  return s;
}

/**
 * Lloyd's iterations from `start` centroids (k × d): assign each row to its nearest centroid, move
 * each centroid to the mean of its rows, until no row changes cluster, the centroids move less
 * than `tolerance` in all, or `maxIterations` (default 100) have run. A cluster that loses all its rows keeps its
 * centroid. The labels and inertia returned are those of the final centroids.
 */
export function lloyd(
  data: Float64Array,
  d: number,
  start: Float64Array,
  options: LloydOptions = {},
): KMeansResult {
  const { maxIterations = 100, tolerance = 1e-9 } = options;
  const k = start.length / d;
  const m = data.length / d;
  const centroids = Float64Array.from(start);
  const labels = new Int32Array(m).fill(-1);
  const sums = new Float64Array(k * d);
  const sizes = new Float64Array(k);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    sums.fill(0);
    sizes.fill(0);
    let changed = 0;
    for (let i = 0; i < m; i++) {
      const o = i * d;
      const c = nearestCentroid(data, o, d, centroids, k);
      if (labels[i] !== c) {
        labels[i] = c;
        changed++;
      }
      sizes[c]++;
      for (let f = 0; f < d; f++) sums[c * d + f] += data[o + f];
    }
    if (changed === 0) {
      converged = true;
      break;
    }
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) continue;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const next = sums[c * d + f] / sizes[c];
        const e = next - centroids[c * d + f];
        s += e * e;
        centroids[c * d + f] = next;
      }
      shift += s;
    }
    if (Math.sqrt(shift) <= tolerance) {
      converged = true;
      break;
    }
  }
  // Labels, sizes and inertia against the final centroids.
  sizes.fill(0);
  let inertia = 0;
  for (let i = 0; i < m; i++) {
    const o = i * d;
    const c = nearestCentroid(data, o, d, centroids, k);
    labels[i] = c;
    sizes[c]++;
    inertia += squaredDistance(data, o, d, centroids, c);
  }
  return { k, centroids, labels, sizes, inertia, iterations, converged };
}

/**
 * The best of `restarts` k-means fits (k-means++ seeds, then Lloyd's iterations accelerated by
 * Hamerly's bounds) of all rows of `data`, by inertia.
 *
 * @example bestOfSeeds(gatherRows(z, 6, sampleRows(n, 10_000, random)), 6, 4, random, 2)
 */
export function bestOfSeeds(
  data: Float64Array,
  d: number,
  k: number,
  random: Random,
  restarts = 2,
  options: HamerlyOptions = {},
): KMeansResult {
  let best: KMeansResult | null = null;
  for (let r = 0; r < Math.max(1, restarts); r++) {
    const fit = hamerly(data, d, kMeansPlusPlus(data, d, k, random), options);
    if (best === null || fit.inertia < best.inertia) best = fit;
  }
  return best as KMeansResult;
}

/**
 * The same clustering with clusters numbered by size, largest first (ties: in centroid order), so
 * that cluster numbers do not depend on the seeding's order.
 */
export function orderBySize(fit: KMeansResult, d: number): KMeansResult {
  const order = Array.from({ length: fit.k }, (_, c) => c).sort(
    (a, b) => fit.sizes[b] - fit.sizes[a] || a - b,
  );
  const rank = new Int32Array(fit.k);
  order.forEach((c, i) => {
    rank[c] = i;
  });
  const centroids = new Float64Array(fit.k * d);
  const sizes = new Float64Array(fit.k);
  order.forEach((c, i) => {
    centroids.set(fit.centroids.subarray(c * d, c * d + d), i * d);
    sizes[i] = fit.sizes[c];
  });
  return { ...fit, centroids, sizes, labels: fit.labels.map((c) => rank[c]) };
}

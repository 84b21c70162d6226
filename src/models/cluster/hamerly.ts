/**
 * Lloyd's k-means iterations accelerated with Hamerly's bounds (Hamerly 2010, "Making k-means even
 * faster"): each row keeps an upper bound on the distance to its centroid and a lower bound on the
 * distance to any other; a row whose bounds prove its cluster cannot change is skipped. The
 * assignments are those of plain Lloyd iterations (the bounds only skip work), at a fraction of the
 * distance computations once the centroids settle: the full-data pass over a million rows.
 */
import type { KMeansResult } from './result.js';

export interface HamerlyOptions {
  maxIterations?: number;
  /** Stop when the centroids move less than this in all (√ Σ squared moves, in the data's units). */
  tolerance?: number;
}

/**
 * k-means over every row of `data` (row-major, d columns) from the `start` centroids (k × d), until
 * no row changes cluster, the centroids move less than `tolerance` in all, or `maxIterations` (default
 * 100). A cluster that loses all its rows keeps its centroid. Labels, sizes and inertia are those
 * of the final centroids.
 *
 * @example hamerly(z, 6, sampleFit.centroids, { tolerance: 1e-4 })
 */
export function hamerly(
  data: Float64Array,
  d: number,
  start: Float64Array,
  options: HamerlyOptions = {},
): KMeansResult {
  const { maxIterations = 100, tolerance = 1e-9 } = options;
  const k = start.length / d;
  const n = data.length / d;
  const centroids = Float64Array.from(start);
  const labels = new Int32Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const sums = new Float64Array(k * d);
  const sizes = new Float64Array(k);
  const half = new Float64Array(k); // half the distance from each centroid to its nearest other one
  const moved = new Float64Array(k);
  const distance = (o: number, c: number) => {
    let s = 0;
    for (let f = 0; f < d; f++) {
      const e = data[o + f] - centroids[c * d + f];
      s += e * e;
    }
    return Math.sqrt(s);
  };
  // The two nearest centroids of the row at offset o: sets label, upper and lower bounds of row i.
  const assign = (i: number, o: number) => {
    let best = 0;
    let first = Number.POSITIVE_INFINITY;
    let second = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      const dist = distance(o, c);
      if (dist < first) {
        second = first;
        first = dist;
        best = c;
      } else if (dist < second) second = dist;
    }
    labels[i] = best;
    upper[i] = first;
    lower[i] = second;
    return best;
  };
  for (let i = 0; i < n; i++) {
    const c = assign(i, i * d);
    sizes[c]++;
    for (let f = 0; f < d; f++) sums[c * d + f] += data[i * d + f];
  }
  let iterations = 1;
  let converged = false;
  for (;;) {
    // Move the centroids to their rows' means.
    let largest = 0;
    let largestAt = -1;
    let secondLargest = 0;
    let shift = 0;
    for (let c = 0; c < k; c++) {
      let s = 0;
      if (sizes[c] > 0) {
        for (let f = 0; f < d; f++) {
          const next = sums[c * d + f] / sizes[c];
          const e = next - centroids[c * d + f];
          s += e * e;
          centroids[c * d + f] = next;
        }
      }
      moved[c] = Math.sqrt(s);
      shift += s;
      if (moved[c] > largest) {
        secondLargest = largest;
        largest = moved[c];
        largestAt = c;
      } else if (moved[c] > secondLargest) secondLargest = moved[c];
    }
    if (Math.sqrt(shift) <= tolerance) {
      converged = true;
      break;
    }
    if (iterations >= maxIterations) break;
    iterations++;
    for (let c = 0; c < k; c++) {
      let nearest = Number.POSITIVE_INFINITY;
      for (let j = 0; j < k; j++) {
        if (j === c) continue;
        let s = 0;
        for (let f = 0; f < d; f++) {
          const e = centroids[c * d + f] - centroids[j * d + f];
          s += e * e;
        }
        if (s < nearest) nearest = s;
      }
      half[c] = Math.sqrt(nearest) / 2;
    }
    let changed = 0;
    for (let i = 0; i < n; i++) {
      const old = labels[i];
      upper[i] += moved[old];
      lower[i] -= old === largestAt ? secondLargest : largest;
      const bound = Math.max(half[old], lower[i]);
      if (upper[i] <= bound) continue;
      const o = i * d;
      upper[i] = distance(o, old);
      if (upper[i] <= bound) continue;
      const c = assign(i, o);
      if (c === old) continue;
      changed++;
      sizes[old]--;
      sizes[c]++;
      for (let f = 0; f < d; f++) {
        sums[old * d + f] -= data[o + f];
        sums[c * d + f] += data[o + f];
      }
    }
    if (changed === 0) {
      converged = true;
      break;
    }
  }
  // Labels, sizes and inertia against the final centroids (an exact pass: no bound is trusted).
  sizes.fill(0);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const c = assign(i, i * d);
    sizes[c]++;
    inertia += upper[i] * upper[i];
  }
  return { k, centroids, labels, sizes, inertia, iterations, converged };
}

import { describe, expect, it } from 'vitest';
import { Random } from '../simulate/random.js';
import { adjustedRandIndex } from './adjusted-rand.js';
import { kMeansBySilhouette } from './choose-k.js';
import { hamerly } from './hamerly.js';
import { kMeansPlusPlus, lloyd, orderBySize, sampleRows } from './kmeans.js';
import { distanceMatrix, silhouette } from './silhouette.js';
import { featureStats, median, zScores } from './standardise.js';

/** `n` rows around each of `centres` (d-vectors), sd 1 per coordinate; returns data and true labels. */
function blobs(centres: number[][], sizes: number[], seed: number) {
  const d = centres[0].length;
  const n = sizes.reduce((a, b) => a + b, 0);
  const data = new Float64Array(n * d);
  const labels = new Int32Array(n);
  const random = new Random(seed);
  // Interleave the clusters so that row order says nothing about the cluster.
  const order = sampleRows(n, n, random);
  let row = 0;
  sizes.forEach((size, c) => {
    for (let i = 0; i < size; i++, row++) {
      const r = order[row];
      labels[r] = c;
      for (let f = 0; f < d; f++) data[r * d + f] = centres[c][f] + random.normal();
    }
  });
  return { data, labels, d, n };
}

describe('standardising', () => {
  it('imputes the median and divides by the population sd', () => {
    expect(median(Float64Array.of(3, Number.NaN, 1, 2))).toBe(2);
    expect(median(Float64Array.of(4, 1, 3, 2))).toBe(2.5);
    expect(median(Float64Array.of(Number.NaN))).toBeNaN();
    // Selection agrees with sorting, with ties and both parities.
    const random = new Random(21);
    for (let trial = 0; trial < 50; trial++) {
      const values = Float64Array.from({ length: 1 + trial * 37 }, () =>
        random.uniform() < 0.1 ? Number.NaN : Math.floor(random.uniform() * (trial % 2 ? 5 : 1000)),
      );
      const sorted = values.filter((v) => !Number.isNaN(v)).sort();
      const m = sorted.length >> 1;
      const expected =
        sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
      expect(median(values)).toEqual(expected);
    }
    // 1, (NaN → median 2), 3: mean 2, variance (1 + 0 + 1) / 3.
    const stats = featureStats(Float64Array.of(1, Number.NaN, 3));
    expect(stats).toEqual({ present: 2, median: 2, mean: 2, sd: Math.sqrt(2 / 3) });
    const z = zScores(
      [Float64Array.of(1, Number.NaN, 3), Float64Array.of(10, 20, 30)],
      [stats, featureStats(Float64Array.of(10, 20, 30))],
    );
    const s = Math.sqrt(2 / 3);
    const t = Math.sqrt(200 / 3);
    expect(Array.from(z)).toEqual([-1 / s, -10 / t, 0, 0, 1 / s, 10 / t]);
    expect(() => zScores([Float64Array.of(5, 5)], [featureStats(Float64Array.of(5, 5))])).toThrow(
      /no spread/,
    );
  });
});

describe('k-means', () => {
  it("Lloyd's iterations on a hand example", () => {
    // 0, 1, 10, 11 from centroids 0 and 1: first pass {0} {1, 10, 11} → 0 and 22/3; second pass
    // {0, 1} {10, 11} → 0.5 and 10.5; third pass: nothing moves. Inertia 4 × 0.25 = 1.
    const fit = lloyd(Float64Array.of(0, 1, 10, 11), 1, Float64Array.of(0, 1));
    expect(Array.from(fit.centroids)).toEqual([0.5, 10.5]);
    expect(Array.from(fit.labels)).toEqual([0, 0, 1, 1]);
    expect(fit.inertia).toBe(1);
    expect(fit.iterations).toBe(3);
    expect(fit.converged).toBe(true);
    // Numbered by size: the cluster of three comes first.
    const ordered = orderBySize(lloyd(Float64Array.of(0, 10, 11, 12), 1, Float64Array.of(0, 10)), 1);
    expect(Array.from(ordered.labels)).toEqual([1, 0, 0, 0]);
    expect(Array.from(ordered.centroids)).toEqual([11, 0]);
    expect(Array.from(ordered.sizes)).toEqual([3, 1]);
  });

  it("Hamerly's bounds change nothing: the same labels and centroids as plain Lloyd iterations", () => {
    // Overlapping clusters, so that many rows sit near a boundary and iterations go on for a while.
    const { data, d, n } = blobs(
      [
        [0, 0, 0],
        [1.5, 0, 0],
        [0, 1.5, 0],
        [0, 0, 1.5],
        [1, 1, 1],
      ],
      [4000, 3000, 3000, 2000, 2000],
      17,
    );
    const start = kMeansPlusPlus(data, d, 5, new Random(2));
    const plain = lloyd(data, d, start, { maxIterations: 500, tolerance: 0 });
    const fast = hamerly(data, d, start, { maxIterations: 500, tolerance: 0 });
    expect(plain.converged).toBe(true);
    expect(plain.iterations).toBeGreaterThan(10);
    expect(fast.iterations).toBe(plain.iterations);
    expect(fast.labels).toEqual(plain.labels);
    for (let i = 0; i < start.length; i++) expect(fast.centroids[i]).toBeCloseTo(plain.centroids[i], 10);
    expect(fast.inertia).toBeCloseTo(plain.inertia, 6);
    expect(Array.from(fast.sizes).reduce((a, b) => a + b, 0)).toBe(n);
  });

  it('recovers planted clusters (ARI ≥ 0.9), choosing k by silhouette, deterministically', () => {
    const centres = [
      [0, 0, 0, 0, 0, 0],
      [6, 0, 0, 3, 0, 0],
      [0, 6, 0, 0, -3, 0],
      [0, 0, 6, 0, 0, 3],
    ];
    const { data, labels, d } = blobs(centres, [30_000, 15_000, 10_000, 5_000], 11);
    const one = kMeansBySilhouette(data, d, { seed: 5 });
    expect(one.fit.k).toBe(4);
    expect(one.candidates.map((c) => c.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const best = Math.max(...one.candidates.map((c) => c.silhouette));
    expect(one.candidates.find((c) => c.k === 4)!.silhouette).toBe(best);
    expect(adjustedRandIndex(one.fit.labels, labels)).toBeGreaterThanOrEqual(0.9);
    expect(one.fit.converged).toBe(true);
    // Largest cluster first: the planted 30,000.
    expect(Array.from(one.fit.sizes)[0]).toBeGreaterThan(29_000);
    const two = kMeansBySilhouette(data, d, { seed: 5 });
    expect(two.fit.labels).toEqual(one.fit.labels);
    expect(two.candidates).toEqual(one.candidates);
  });

  it('finds two planted clusters where two are planted', () => {
    const { data, labels, d } = blobs(
      [
        [0, 0, 0],
        [5, 5, 5],
      ],
      [3000, 1000],
      3,
    );
    const result = kMeansBySilhouette(data, d, { seed: 1, sampleSize: 2000, silhouetteSize: 500 });
    expect(result.fit.k).toBe(2);
    expect(result.sampleRows).toBe(2000);
    expect(result.silhouetteRows).toBe(500);
    expect(adjustedRandIndex(result.fit.labels, labels)).toBeGreaterThanOrEqual(0.9);
  });
});

describe('silhouette', () => {
  it('agrees with a hand computation', () => {
    // 1-D: {0, 1} and {5, 7}. Row 0: a = 1, b = (5 + 7) / 2 = 6 → 5/6; row 1: a = 1, b = (4 + 6) / 2 = 5
    // → 4/5; row 5: a = 2, b = (5 + 4) / 2 = 4.5 → 2.5/4.5; row 7: a = 2, b = (7 + 6) / 2 = 6.5 → 4.5/6.5.
    const rows = Int32Array.of(0, 1, 2, 3);
    const distances = distanceMatrix(Float64Array.of(0, 1, 5, 7), 1, rows);
    const expected = (5 / 6 + 4 / 5 + 2.5 / 4.5 + 4.5 / 6.5) / 4;
    expect(silhouette(distances, Int32Array.of(0, 0, 1, 1), 2)).toBeCloseTo(expected, 6);
    // A row alone in its cluster counts 0: {0}, {1, 5, 7}… and one cluster only has no silhouette.
    expect(silhouette(distances, Int32Array.of(0, 0, 0, 0), 1)).toBeNaN();
  });
});

describe('adjusted Rand index', () => {
  it('agrees with a hand computation', () => {
    // Contingency {a0: b0 2, b1 1; a1: b1 1, b2 2}: Σ C(nij, 2) = 2; Σ C(ai, 2) = 6; Σ C(bj, 2) = 3;
    // C(6, 2) = 15; E = 6 · 3 / 15 = 1.2; max = 4.5 → (2 − 1.2) / (4.5 − 1.2) = 8/33.
    expect(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2])).toBeCloseTo(8 / 33, 12);
    expect(adjustedRandIndex([0, 0, 1, 1, 2], [7, 7, 3, 3, 9])).toBe(1);
    expect(() => adjustedRandIndex([0], [0, 1])).toThrow();
  });
});

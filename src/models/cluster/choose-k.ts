/**
 * k-means with k chosen by silhouette, sized for a million rows: k-means (k-means++ seeds, a few
 * restarts) is fitted for each candidate k on a random sample of rows; the silhouette of each fit is
 * measured on a smaller subsample of that sample (its pairwise distances computed once); the k with
 * the highest silhouette wins (the smaller k on a tie) and its sample centroids start Lloyd's
 * iterations over every row (with Hamerly's bounds, `hamerly.ts`). Clusters are then numbered by
 * size, largest first.
 */
import { Random } from '../simulate/random.js';
import { hamerly } from './hamerly.js';
import { bestOfSeeds, gatherRows, type KMeansResult, orderBySize, sampleRows } from './kmeans.js';
import { distanceMatrix, silhouette } from './silhouette.js';

export interface ChooseKOptions {
  /** Smallest and largest k tried (default 2 … 8). */
  kMin?: number;
  kMax?: number;
  /** Seed of the sampling and the k-means++ draws. */
  seed: number;
  /** Rows of the sample each candidate k is fitted on (default 10,000). */
  sampleSize?: number;
  /** Rows of the subsample the silhouette is measured on (default 2,000). */
  silhouetteSize?: number;
  /** k-means++ restarts per candidate k (default 2). */
  restarts?: number;
  /** Lloyd iterations at most, on the sample and over all rows (default 100). */
  maxIterations?: number;
  /**
   * Lloyd stops when the centroids move less than this in all, √(Σ squared moves) (default 0.01:
   * on z-scores, scikit-learn's default `tol` of 1e-4 times the variance).
   */
  tolerance?: number;
}

export interface CandidateK {
  k: number;
  /** Mean silhouette on the subsample. */
  silhouette: number;
  /** Inertia of the fit on the sample, per sample row. */
  inertiaPerRow: number;
}

export interface ClusteringBySilhouette {
  /** The chosen k's final fit over every row (clusters numbered by size). */
  fit: KMeansResult;
  candidates: CandidateK[];
  sampleRows: number;
  silhouetteRows: number;
}

/**
 * Fits k-means for k = kMin … kMax on a sample, picks k by silhouette, fits it on all rows.
 *
 * @example kMeansBySilhouette(z, 6, { seed: 20240601 }).fit.labels
 */
export function kMeansBySilhouette(
  data: Float64Array,
  d: number,
  options: ChooseKOptions,
): ClusteringBySilhouette {
  const n = data.length / d;
  const { kMin = 2, sampleSize = 10_000, silhouetteSize = 2_000, restarts = 2 } = options;
  const { maxIterations = 100, tolerance = 0.01 } = options;
  const stop = { maxIterations, tolerance };
  const random = new Random(options.seed);
  const sample = sampleRows(n, sampleSize, random);
  const kMax = Math.min(options.kMax ?? 8, sample.length - 1);
  if (kMax < kMin) throw new Error(`k-means: ${n} rows are too few for ${kMin} clusters`);
  // The sample is in random order: its prefix is a random subsample.
  const m = Math.min(silhouetteSize, sample.length);
  const sampled = gatherRows(data, d, sample);
  const distances = distanceMatrix(
    sampled,
    d,
    Int32Array.from({ length: m }, (_, i) => i),
  );
  const candidates: CandidateK[] = [];
  let best: { k: number; silhouette: number; centroids: Float64Array } | null = null;
  for (let k = kMin; k <= kMax; k++) {
    const fit = bestOfSeeds(sampled, d, k, random, restarts, stop);
    const s = silhouette(distances, fit.labels.subarray(0, m), k);
    candidates.push({ k, silhouette: s, inertiaPerRow: fit.inertia / sample.length });
    // Strictly higher wins (the smaller k on a tie); a number beats NaN (a single cluster present).
    if (best === null || (!Number.isNaN(s) && !(s <= best.silhouette))) {
      best = { k, silhouette: s, centroids: fit.centroids };
    }
  }
  const chosen = best as { k: number; centroids: Float64Array };
  const fit = orderBySize(hamerly(data, d, chosen.centroids, stop), d);
  return { fit, candidates, sampleRows: sample.length, silhouetteRows: m };
}

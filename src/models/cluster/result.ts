/** What a k-means fit gives. */
export interface KMeansResult {
  k: number;
  /** k × d, row-major. */
  centroids: Float64Array;
  /** Cluster (0-based) of each row. */
  labels: Int32Array;
  /** Rows per cluster. */
  sizes: Float64Array;
  /** Σ squared distance of each row to its centroid. */
  inertia: number;
  iterations: number;
  /** No row changed cluster in the last iteration (or the centroids stopped moving). */
  converged: boolean;
}

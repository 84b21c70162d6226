/**
 * The silhouette (Rousseeuw 1987) of a clustering on a set of rows: for each row i, a(i) = mean
 * Euclidean distance to the other rows of its cluster, b(i) = the smallest mean distance to the rows
 * of another cluster, s(i) = (b − a) / max(a, b) (0 for a row alone in its cluster); the silhouette
 * is the mean of s(i). O(m² d) for m rows: used on a sample of a few thousand rows.
 */

/**
 * The m × m Euclidean distances between the rows `rows` of row-major `data` (d columns), as a
 * Float32Array (enough precision for a silhouette, half the memory).
 */
export function distanceMatrix(data: Float64Array, d: number, rows: Int32Array): Float32Array {
  const m = rows.length;
  const out = new Float32Array(m * m);
  for (let i = 0; i < m; i++) {
    const oi = rows[i] * d;
    for (let j = i + 1; j < m; j++) {
      const oj = rows[j] * d;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const e = data[oi + f] - data[oj + f];
        s += e * e;
      }
      const distance = Math.sqrt(s);
      out[i * m + j] = distance;
      out[j * m + i] = distance;
    }
  }
  return out;
}

/**
 * The mean silhouette of the clustering `labels` (0 … k−1, one per row of the m × m matrix
 * `distances`); NaN when fewer than two clusters are present.
 *
 * @example silhouette(distanceMatrix(z, 2, rows), labels, 3)
 */
export function silhouette(distances: Float32Array, labels: Int32Array, k: number): number {
  const m = labels.length;
  const sizes = new Float64Array(k);
  for (let i = 0; i < m; i++) sizes[labels[i]]++;
  let present = 0;
  for (let c = 0; c < k; c++) if (sizes[c] > 0) present++;
  if (present < 2) return Number.NaN;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < m; i++) {
    sums.fill(0);
    const row = i * m;
    for (let j = 0; j < m; j++) sums[labels[j]] += distances[row + j];
    const own = labels[i];
    if (sizes[own] <= 1) continue; // s(i) = 0
    const a = sums[own] / (sizes[own] - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      if (c !== own && sizes[c] > 0 && sums[c] / sizes[c] < b) b = sums[c] / sizes[c];
    }
    const spread = Math.max(a, b);
    if (spread > 0) total += (b - a) / spread;
  }
  return total / m;
}

/**
 * PageRank (Page, Brin, Motwani & Winograd 1999) by power iteration over an edge list held in
 * typed arrays: no object per node or edge, so a graph of a million customers costs a few arrays.
 *
 * The walk follows an edge with probability `damping` (default 0.85) and otherwise jumps to a node
 * chosen uniformly; a node without outgoing edges (dangling) passes its rank to every node evenly.
 * Ranks are probabilities: they sum to 1.
 */

export interface PageRankOptions {
  /** Probability of following an edge rather than jumping (default 0.85). */
  damping?: number;
  /**
   * Stop when the L1 change of the ranks in one iteration, Σ|Δxᵢ|, falls below this (default
   * 1e-6). The ranks sum to 1, so this bounds the mean change per node by tolerance / n: the
   * tolerance is relative to the mean rank 1/n whatever the node count. (networkx and graphology
   * compare Σ|Δxᵢ| with n × tol instead, which at a million nodes stops after one iteration.)
   */
  tolerance?: number;
  /** At most this many iterations (default 200). */
  maxIterations?: number;
}

export interface PageRankResult {
  /** Rank of each node 0 … n − 1; they sum to 1. */
  ranks: Float64Array;
  iterations: number;
  /** Whether the change fell below the tolerance within `maxIterations`. */
  converged: boolean;
  /** The L1 change of the last iteration. */
  change: number;
}

/** The edges grouped by target (compressed sparse rows) and each node's number of outgoing edges. */
interface InEdges {
  /** In-edges of node v are `sources[start[v]] … sources[start[v + 1] − 1]`. */
  start: Int32Array;
  sources: Int32Array;
  outDegree: Int32Array;
}

function checkEdges(n: number, source: ArrayLike<number>, target: ArrayLike<number>): void {
  if (!(Number.isInteger(n) && n >= 0))
    throw new RangeError(`the node count must be a whole number ≥ 0, got ${n}`);
  if (source.length !== target.length) {
    throw new RangeError(
      `source and target must have one entry per edge (${source.length} vs ${target.length})`,
    );
  }
  for (let e = 0; e < source.length; e++) {
    const s = source[e];
    const t = target[e];
    if (!(Number.isInteger(s) && s >= 0 && s < n && Number.isInteger(t) && t >= 0 && t < n)) {
      throw new RangeError(`edge ${e} (${s} → ${t}) names a node outside 0 … ${n - 1}`);
    }
  }
}

/** Counting sort of the edges by target: O(n + edges). */
function inEdges(n: number, source: ArrayLike<number>, target: ArrayLike<number>): InEdges {
  const start = new Int32Array(n + 1);
  const outDegree = new Int32Array(n);
  for (let e = 0; e < target.length; e++) {
    start[target[e] + 1]++;
    outDegree[source[e]]++;
  }
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const next = start.slice(0, n);
  const sources = new Int32Array(target.length);
  for (let e = 0; e < target.length; e++) sources[next[target[e]]++] = source[e];
  return { start, sources, outDegree };
}

/**
 * The PageRank of every node of a directed graph with nodes 0 … n − 1 and edges
 * `source[e] → target[e]` (repeated edges count as many times as they appear).
 *
 * Each iteration computes xᵥ ← (1 − d)/n + d · (Σ_{u → v} xᵤ / out(u) + Σ_{dangling u} xᵤ / n).
 *
 * @example pageRank(2, [0], [1]).ranks // node 1, pointed to by node 0, ranks higher
 */
export function pageRank(
  n: number,
  source: ArrayLike<number>,
  target: ArrayLike<number>,
  options: PageRankOptions = {},
): PageRankResult {
  const damping = options.damping ?? 0.85;
  const tolerance = options.tolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 200;
  if (!(damping >= 0 && damping < 1)) throw new RangeError(`damping must be in [0, 1), got ${damping}`);
  if (!(tolerance > 0)) throw new RangeError(`tolerance must be > 0, got ${tolerance}`);
  if (!(Number.isInteger(maxIterations) && maxIterations >= 1)) {
    throw new RangeError(`maxIterations must be a whole number ≥ 1, got ${maxIterations}`);
  }
  checkEdges(n, source, target);
  if (n === 0) return { ranks: new Float64Array(0), iterations: 0, converged: true, change: 0 };
  const { start, sources, outDegree } = inEdges(n, source, target);
  let x = new Float64Array(n).fill(1 / n);
  let y = new Float64Array(n);
  /** xᵤ / out(u) for nodes with outgoing edges: what u passes along each edge. */
  const share = new Float64Array(n);
  let change = Number.POSITIVE_INFINITY;
  let iterations = 0;
  while (iterations < maxIterations && !(change < tolerance)) {
    let dangling = 0;
    for (let u = 0; u < n; u++) {
      if (outDegree[u] === 0) dangling += x[u];
      else share[u] = x[u] / outDegree[u];
    }
    const base = (1 - damping) / n + (damping * dangling) / n;
    change = 0;
    for (let v = 0; v < n; v++) {
      let incoming = 0;
      for (let k = start[v]; k < start[v + 1]; k++) incoming += share[sources[k]];
      const value = base + damping * incoming;
      change += Math.abs(value - x[v]);
      y[v] = value;
    }
    [x, y] = [y, x];
    iterations++;
  }
  return { ranks: x, iterations, converged: change < tolerance, change };
}

import { describe, expect, it } from 'vitest';
import { Random } from '../simulate/random.js';
import { pageRank } from './pagerank.js';

/**
 * PageRank written out the textbook way, independently of the code under test: the dense Google
 * matrix G (column u = where a walker at u goes next) and x ← G x repeated many times.
 */
function densePageRank(n: number, edges: [number, number][], d = 0.85, steps = 1000): number[] {
  const out = new Array(n).fill(0);
  for (const [u] of edges) out[u]++;
  const G = Array.from({ length: n }, () => new Array(n).fill((1 - d) / n));
  for (let u = 0; u < n; u++) {
    if (out[u] === 0) for (let v = 0; v < n; v++) G[v][u] += d / n;
  }
  for (const [u, v] of edges) G[v][u] += d / out[u];
  let x = new Array(n).fill(1 / n);
  for (let s = 0; s < steps; s++) x = G.map((row) => row.reduce((sum, g, u) => sum + g * x[u], 0));
  return x;
}

describe('pageRank', () => {
  it('a star of 3 leaves pointing at a dangling hub, solved by hand', () => {
    // Leaves l get only the hub's dangling share: x_l = (1 − d)/n + d·x_hub/n, and
    // x_hub = 1 − 3·x_l. Substituting: x_l = (1 − d·3·x_l)/n, so x_l = 1/(n + 3d) = 1/6.55 with
    // n = 4, d = 0.85; x_hub = 1 − 3/6.55 = 3.55/6.55.
    const r = pageRank(4, [1, 2, 3], [0, 0, 0], { tolerance: 1e-14 });
    expect(r.converged).toBe(true);
    expect(r.ranks[0]).toBeCloseTo(3.55 / 6.55, 12);
    for (const leaf of [1, 2, 3]) expect(r.ranks[leaf]).toBeCloseTo(1 / 6.55, 12);
  });

  it('a directed cycle and an edgeless graph rank every node 1/n', () => {
    const cycle = pageRank(5, [0, 1, 2, 3, 4], [1, 2, 3, 4, 0]);
    for (const x of cycle.ranks) expect(x).toBeCloseTo(0.2, 12);
    const lonely = pageRank(3, [], []);
    for (const x of lonely.ranks) expect(x).toBeCloseTo(1 / 3, 12);
    expect(pageRank(0, [], []).ranks.length).toBe(0);
  });

  it('agrees with the dense power iteration on a random graph with dangling nodes and repeated edges', () => {
    const rng = new Random(11);
    const n = 30;
    const edges: [number, number][] = [];
    for (let e = 0; e < 90; e++) {
      const u = rng.int(0, n - 1);
      if (u >= 25) continue; // nodes 25–29 never link out: dangling
      edges.push([u, rng.int(0, n - 1)]);
    }
    edges.push(edges[0], edges[1]); // repeated edges weigh twice
    const expected = densePageRank(n, edges);
    const r = pageRank(
      n,
      edges.map((e) => e[0]),
      edges.map((e) => e[1]),
      { tolerance: 1e-15, maxIterations: 1000 },
    );
    expect(r.converged).toBe(true);
    for (let v = 0; v < n; v++) expect(r.ranks[v]).toBeCloseTo(expected[v], 12);
    expect(r.ranks.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('at a million nodes it iterates until the ranks settle (not one step) and lands near the fixed point', () => {
    const n = 1_000_000;
    const source = new Int32Array(2 * n);
    const target = new Int32Array(2 * n);
    for (let v = 0; v < n; v++) {
      source[2 * v] = v;
      target[2 * v] = (v + 1) % n;
      source[2 * v + 1] = v;
      target[2 * v + 1] = v % 1000; // a thousand hubs
    }
    const r = pageRank(n, source, target);
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeGreaterThan(5);
    // The same iteration run to a far tighter tolerance: the default stop is within 1e-5 in L1
    // (the error after stopping is at most change · d / (1 − d) ≈ 5.7 × the last change).
    const precise = pageRank(n, source, target, { tolerance: 1e-13 });
    expect(precise.converged).toBe(true);
    let l1 = 0;
    for (let v = 0; v < n; v++) l1 += Math.abs(r.ranks[v] - precise.ranks[v]);
    expect(l1).toBeLessThan(1e-5);
    // The hubs get half of every node's rank: far above the mean 1/n.
    expect(r.ranks[5] * n).toBeGreaterThan(100);
    expect(r.ranks.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('refuses edges outside the nodes and bad options', () => {
    expect(() => pageRank(2, [0], [2])).toThrow(/edge 0 \(0 → 2\)/);
    expect(() => pageRank(2, [0, 1], [1])).toThrow(/one entry per edge/);
    expect(() => pageRank(2, [0], [1], { damping: 1 })).toThrow(/damping/);
  });
});

/**
 * The adjusted Rand index (Hubert & Arabie 1985) between two partitions of the same items: 1 for
 * identical partitions (whatever the label numbers), about 0 for independent ones.
 */

const pairs = (x: number) => (x * (x - 1)) / 2;

/**
 * ARI = (Σᵢⱼ C(nᵢⱼ, 2) − E) / (½ (Σᵢ C(aᵢ, 2) + Σⱼ C(bⱼ, 2)) − E), E = Σᵢ C(aᵢ, 2) Σⱼ C(bⱼ, 2) / C(n, 2),
 * over the contingency table nᵢⱼ of the labels `a` and `b` (any integers).
 *
 * @example adjustedRandIndex([0, 0, 1, 1], [5, 5, 2, 2]) // 1
 */
export function adjustedRandIndex(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`adjusted Rand index: ${a.length} labels against ${b.length}`);
  const n = a.length;
  const cells = new Map<string, number>();
  const rows = new Map<number, number>();
  const columns = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}\u0000${b[i]}`;
    cells.set(key, (cells.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    columns.set(b[i], (columns.get(b[i]) ?? 0) + 1);
  }
  let index = 0;
  for (const v of cells.values()) index += pairs(v);
  let sumA = 0;
  for (const v of rows.values()) sumA += pairs(v);
  let sumB = 0;
  for (const v of columns.values()) sumB += pairs(v);
  const expected = (sumA * sumB) / pairs(n);
  const maximum = (sumA + sumB) / 2;
  if (maximum === expected) return 1; // both partitions trivial (one cluster, or all singletons)
  return (index - expected) / (maximum - expected);
}

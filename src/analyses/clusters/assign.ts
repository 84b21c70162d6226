/**
 * Writing each customer's cluster in SQL: the nearest centroid of the customer's z-scores, computed
 * by the engine from the scratch features (the same transform, median and standardisation as the
 * model saw), so that a million customer ids never travel to JavaScript and back. Ties go to the
 * lower cluster number, as in the model.
 */
import type { SqlValue } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { FIGURES_TABLE } from './customer-figures.js';
import { type FeatureDef, transformed } from './features.js';
import type { ClusterName } from './names.js';

/**
 * Inserts `clusters` rows for every customer of the scratch features; returns the count.
 *
 * @example await writeClusters(ctx, used, stats, fit.centroids, names)
 */
export async function writeClusters(
  ctx: RunContext,
  used: readonly FeatureDef[],
  stats: readonly { median: number; mean: number; sd: number }[],
  centroids: Float64Array,
  names: readonly ClusterName[],
): Promise<number> {
  const { sql } = ctx;
  const d = used.length;
  const k = centroids.length / d;
  const params: SqlValue[] = [];
  const bind = (v: SqlValue) => {
    params.push(v);
    return `$${params.length}`;
  };
  const num = (v: number) => {
    if (!Number.isFinite(v)) throw new Error(`cluster assignment: a non-finite constant (${v})`);
    return sql.toFloat(bind(v));
  };
  const z = used.map(
    (f, i) =>
      `(coalesce(${transformed(ctx, f)}, ${num(stats[i].median)}) - ${num(stats[i].mean)}) / ${num(stats[i].sd)} AS z${i}`,
  );
  const distances = Array.from({ length: k }, (_, c) =>
    used
      .map((_, i) => `(z${i} - ${num(centroids[c * d + i])}) * (z${i} - ${num(centroids[c * d + i])})`)
      .join(' + '),
  ).map((e, c) => `${e} AS d${c}`);
  // The first cluster whose distance is no larger than every later one's is the first minimum.
  const nearest = `CASE ${Array.from({ length: k - 1 }, (_, c) => {
    const later = Array.from({ length: k - c - 1 }, (_, j) => `d${c} <= d${c + j + 1}`).join(' AND ');
    return `WHEN ${later} THEN ${c + 1}`;
  }).join(' ')} ELSE ${k} END`;
  const name = `CASE cluster ${names.map((n, c) => `WHEN ${c + 1} THEN ${bind(n.name)}`).join(' ')} END`;
  return ctx.write(
    'clusters',
    `SELECT customer_id, cluster, ${name} AS cluster_name
     FROM (SELECT customer_id, ${nearest} AS cluster
           FROM (SELECT customer_id, ${distances.join(', ')}
                 FROM (SELECT customer_id, ${z.join(', ')} FROM ${FIGURES_TABLE} WHERE buyer = 1) zs) ds) a`,
    params,
  );
}

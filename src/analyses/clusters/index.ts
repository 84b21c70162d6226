/**
 * Behavioural clusters (SPEC §2, seed 004 §11): k-means on the standardised features of
 * `features.ts` (recency, frequency, monetary, CLV, engagement, satisfaction), with k from 2 to 8
 * chosen by the silhouette on a sample (`models/cluster`), seeded by `CLUSTER_SEED` so that a run
 * is repeatable. Writes:
 *
 * - `cluster_selection` — every k tried, its silhouette and inertia, the one chosen;
 * - `clusters` — each customer's cluster (1 = the largest) and readable name (`names.ts`);
 * - `cluster_profiles` — per cluster its size, mean behaviour in natural units, centroid in z-scores.
 *
 * KPIs: `cluster_count`, `cluster_silhouette`.
 */
import { kMeansBySilhouette } from '../../models/cluster/index.js';
import type { RunContext } from '../context.js';
import { writeClusters } from './assign.js';
import { FIGURES_TABLE } from './customer-figures.js';
import { behaviourFeatures, FEATURES } from './features.js';
import { clusterNames } from './names.js';

/** The seed of the sampling and k-means++ draws: a constant, so every run gives the same clusters. */
export const CLUSTER_SEED = 20_240_601;
/** The numbers of clusters tried (fewer when there are fewer than ten customers per cluster). */
export const K_RANGE = [2, 8] as const;

/**
 * Writes `cluster_selection`, `clusters` and `cluster_profiles` for the run.
 *
 * @example await clusters(ctx); // after rfm, value and loyalty
 */
export async function clusters(ctx: RunContext): Promise<void> {
  const features = await behaviourFeatures(ctx);
  if (!features) return;
  const { used, stats, z, customers } = features;
  const d = used.length;
  ctx.progress('k-means: choosing the number of clusters');
  const kMax = Math.max(K_RANGE[0], Math.min(K_RANGE[1], Math.floor(customers / 10)));
  const { fit, candidates } = kMeansBySilhouette(z, d, { seed: CLUSTER_SEED, kMin: K_RANGE[0], kMax });
  if (!fit.converged) ctx.warn(`k-means stopped after ${fit.iterations} iterations before settling`);
  await ctx.writeRows(
    'cluster_selection',
    candidates.map((c) => ({
      k: c.k,
      silhouette: Number.isFinite(c.silhouette) ? c.silhouette : null,
      inertia_per_customer: c.inertiaPerRow,
      chosen: c.k === fit.k,
    })),
  );
  const names = clusterNames(used, fit.centroids);
  ctx.progress('k-means: writing each customer’s cluster');
  const written = await writeClusters(ctx, used, stats, fit.centroids, names);
  const means = await ctx.db.query<Record<string, number | null>>(
    `SELECT c.cluster AS cluster, count(*) AS customers,
       ${FEATURES.map((f) => `avg(${ctx.sql.toFloat(f.value)}) AS ${f.column}`).join(', ')}
     FROM clusters c JOIN ${FIGURES_TABLE} f ON c.customer_id = f.customer_id
     WHERE c.run_id = $1 GROUP BY c.cluster`,
    [ctx.runId],
  );
  await ctx.writeRows(
    'cluster_profiles',
    means.map((m) => {
      const c = Number(m.cluster) - 1;
      const row: Record<string, number | string | null> = {
        cluster: c + 1,
        cluster_name: names[c].name,
        traits: names[c].traits,
        customers: Number(m.customers),
        share: Number(m.customers) / written,
      };
      for (const f of FEATURES) {
        row[f.column] = m[f.column] === null ? null : Number(m[f.column]);
        const i = used.indexOf(f);
        row[`${f.name}_z`] = i < 0 ? null : fit.centroids[c * d + i];
      }
      return row;
    }),
  );
  ctx.kpi('cluster_count', fit.k, 'clusters');
  ctx.kpi('cluster_silhouette', candidates.find((c) => c.k === fit.k)?.silhouette ?? null, 'silhouette');
}

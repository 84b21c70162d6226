/**
 * Principal components and factor analysis (SPEC §2, seed 004 §11) of the same standardised
 * behavioural features as the clusters (`clusters/features.ts`), from their correlation matrix:
 *
 * - PCA: every component's eigenvalue, share and loadings (feature–component correlations);
 *   components with an eigenvalue of at least 1 are retained (Kaiser's rule);
 * - factor analysis: as many factors as PCA retains (at least 1, fewer than the features),
 *   extracted by principal components (the unrotated loadings are the PCA rows of those
 *   components), then varimax with Kaiser normalisation: rotated loadings, communalities (the
 *   share of each feature's variance the factors explain) and the variance each factor explains.
 *   Principal components rather than principal axes: the behavioural features are collinear
 *   (CLV is predicted from frequency and spend), which drives iterated principal-axis
 *   communalities to 1 (a Heywood case) on ordinary data.
 *
 * Writes `factor_loadings` (methods pca, varimax) and `factor_variance`; KPI `factor_count`.
 * Signs: each component or factor's largest loading is positive.
 */
import {
  correlationMatrix,
  factorAnalysis,
  kaiserFactors,
  principalComponents,
} from '../../models/factor/index.js';
import type { SqlValue } from '../../store/engine.js';
import { behaviourFeatures, forgetFeatures } from '../clusters/features.js';
import type { RunContext } from '../context.js';

/**
 * Writes `factor_loadings` and `factor_variance` for the run.
 *
 * @example await factors(ctx); // after rfm, value and loyalty
 */
export async function factors(ctx: RunContext): Promise<void> {
  const features = await behaviourFeatures(ctx);
  forgetFeatures(ctx); // the last reader: the matrix goes when this analysis ends
  if (!features) return;
  const { used, z } = features;
  const d = used.length;
  const r = correlationMatrix(z, d);
  const pca = principalComponents(r);
  const loadings: Record<string, SqlValue>[] = [];
  const variance: Record<string, SqlValue>[] = [];
  const m = d >= 3 ? kaiserFactors(r) : 0;
  pca.eigenvalues.forEach((v, j) => {
    variance.push({
      method: 'pca',
      factor: j + 1,
      variance: v,
      share: pca.share[j],
      cumulative_share: pca.cumulative[j],
      retained: m > 0 ? j < m : v >= 1,
    });
    used.forEach((f, i) => {
      loadings.push({
        method: 'pca',
        factor: j + 1,
        feature: f.name,
        loading: pca.loadings[i][j],
        communality: null,
      });
    });
  });
  if (m > 0) {
    const solution = factorAnalysis(r, { factors: m });
    const communality = solution.extraction.communalities;
    for (let j = 0; j < m; j++) {
      used.forEach((f, i) => {
        loadings.push({
          method: 'varimax',
          factor: j + 1,
          feature: f.name,
          loading: solution.loadings[i][j],
          communality: communality[i],
        });
      });
    }
    let running = 0;
    solution.variance.forEach((v, j) => {
      running += v / d;
      variance.push({
        method: 'varimax',
        factor: j + 1,
        variance: v,
        share: v / d,
        cumulative_share: running,
        retained: true,
      });
    });
  } else {
    ctx.warn('factor analysis needs at least three behavioural features: principal components only');
  }
  await ctx.writeRows('factor_loadings', loadings);
  await ctx.writeRows('factor_variance', variance);
  ctx.kpi('factor_count', m > 0 ? m : null, 'factors');
}

/** Result tables of demographic segments, clusters and factor analysis (see `results.ts`). */
import { c, type ResultTableDef } from './result-def.js';

export const SEGMENT_TABLES = {
  demographic_segments: {
    name: 'demographic_segments',
    description:
      'Value, loyalty and satisfaction side by side per demographic segment (age band at as_of, gender, region, occupation; dimension "all" for every customer); small cells flagged.',
    key: ['dimension', 'segment'],
    columns: [
      c('dimension', 'text'),
      c('segment', 'text'),
      c('customers', 'integer'),
      c('share', 'double'),
      c('buyers', 'integer'),
      c('buyer_rate', 'double'),
      c('revenue', 'decimal'),
      c('revenue_per_buyer', 'double'),
      c('mean_clv', 'double'),
      c('equity', 'double'),
      c('repeat_rate', 'double'),
      c('referral_rate', 'double'),
      c('mean_engagement', 'double'),
      c('nps_answers', 'integer'),
      c('nps', 'double'),
      c('csat_answers', 'integer'),
      c('csat', 'double'),
      c('respondents', 'integer'),
      c('satisfaction', 'double'),
      c('small_cell', 'boolean'),
    ],
  },
  clusters: {
    name: 'clusters',
    description: 'The k-means cluster of each customer with a completed purchase, and its readable name.',
    key: ['customer_id'],
    columns: [c('customer_id', 'text'), c('cluster', 'integer'), c('cluster_name', 'text')],
  },
  cluster_profiles: {
    name: 'cluster_profiles',
    description:
      'Per k-means cluster: size, mean behaviour in natural units, the centroid in z-scores (empty for a feature left out) and the traits its name is made of.',
    key: ['cluster'],
    columns: [
      c('cluster', 'integer'),
      c('cluster_name', 'text'),
      c('traits', 'text'),
      c('customers', 'integer'),
      c('share', 'double'),
      c('recency_days', 'double'),
      c('frequency', 'double'),
      c('monetary', 'double'),
      c('clv_12m', 'double'),
      c('engagement_score', 'double'),
      c('satisfaction', 'double'),
      c('recency_z', 'double'),
      c('frequency_z', 'double'),
      c('monetary_z', 'double'),
      c('clv_z', 'double'),
      c('engagement_z', 'double'),
      c('satisfaction_z', 'double'),
    ],
  },
  cluster_selection: {
    name: 'cluster_selection',
    description:
      'Each number of clusters tried: its silhouette on a sample, its inertia per customer, the one chosen.',
    key: ['k'],
    columns: [
      c('k', 'integer'),
      c('silhouette', 'double'),
      c('inertia_per_customer', 'double'),
      c('chosen', 'boolean'),
    ],
  },
  factor_loadings: {
    name: 'factor_loadings',
    description:
      'Loadings of each behavioural feature on every principal component (method pca; the retained ones are the unrotated factors) and on the factors after varimax rotation (varimax, with the communality of each feature).',
    key: ['method', 'factor', 'feature'],
    columns: [
      c('method', 'text'),
      c('factor', 'integer'),
      c('feature', 'text'),
      c('loading', 'double'),
      c('communality', 'double'),
    ],
  },
  factor_variance: {
    name: 'factor_variance',
    description:
      'Variance explained per principal component (eigenvalue) or factor (sum of squared loadings), its share of the variance of all the features, the running total, and whether it is retained.',
    key: ['method', 'factor'],
    columns: [
      c('method', 'text'),
      c('factor', 'integer'),
      c('variance', 'double'),
      c('share', 'double'),
      c('cumulative_share', 'double'),
      c('retained', 'boolean'),
    ],
  },
} satisfies Record<string, ResultTableDef>;

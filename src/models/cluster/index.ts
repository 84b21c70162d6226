/**
 * Clustering: standardised features, seeded k-means (k-means++ on a sample, Lloyd over every row),
 * silhouette on a sample to choose k, and the adjusted Rand index to compare partitions.
 */
export { adjustedRandIndex } from './adjusted-rand.js';
export {
  type CandidateK,
  type ChooseKOptions,
  type ClusteringBySilhouette,
  kMeansBySilhouette,
} from './choose-k.js';
export { type HamerlyOptions, hamerly } from './hamerly.js';
export {
  bestOfSeeds,
  gatherRows,
  type KMeansResult,
  kMeansPlusPlus,
  type LloydOptions,
  lloyd,
  orderBySize,
  sampleRows,
} from './kmeans.js';
export { distanceMatrix, silhouette } from './silhouette.js';
export { type FeatureStats, featureStats, median, zScores } from './standardise.js';

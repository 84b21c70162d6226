/** The analyses of demographic segments, clusters and factor analysis, in the order they run (after the value analyses). */
import type { Analysis } from './analysis.js';
import { clusters } from './clusters/index.js';
import { demographics } from './demographics/index.js';
import { factors } from './factors/index.js';

export const SEGMENT_ANALYSES: readonly Analysis[] = [
  { name: 'demographics', title: 'demographic segments: value, loyalty and satisfaction', run: demographics },
  { name: 'clusters', title: 'behavioural clusters (k-means, k by silhouette)', run: clusters },
  { name: 'factors', title: 'principal components and factor analysis (varimax)', run: factors },
];

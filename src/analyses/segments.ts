/** The analyses of demographic segments, clusters and factor analysis, in the order they run (after the value analyses). */
import type { Analysis } from './analysis.js';

export const SEGMENT_ANALYSES: readonly Analysis[] = [];

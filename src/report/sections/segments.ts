/** The report's sections on demographic segments, clusters and factor analysis, in page order. */
import type { Section } from '../section.js';
import { clustersSection } from './clusters.js';
import { demographicsSection } from './demographics.js';
import { factorsSection } from './factors.js';

export const SEGMENT_SECTIONS: readonly Section[] = [demographicsSection, clustersSection, factorsSection];

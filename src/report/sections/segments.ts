/** The report's sections on demographic segments, clusters and factor analysis, in page order. */
import type { Section } from '../section.js';

export const SEGMENT_SECTIONS: readonly Section[] = [];

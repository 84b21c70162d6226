/** The analyses of banking classes, tags and influence, in the order they run (after the value analyses). */
import type { Analysis } from './analysis.js';

export const PEOPLE_ANALYSES: readonly Analysis[] = [];

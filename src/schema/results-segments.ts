/** Result tables of demographic segments, clusters and factor analysis (see `results.ts`). */
import type { ResultTableDef } from './result-def.js';

export const SEGMENT_TABLES = {} satisfies Record<string, ResultTableDef>;

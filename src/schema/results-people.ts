/** Result tables of banking classes, tags and influence (see `results.ts`). */
import type { ResultTableDef } from './result-def.js';

export const PEOPLE_TABLES = {} satisfies Record<string, ResultTableDef>;

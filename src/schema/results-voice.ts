/** Result tables of satisfaction, needs, CRM care and competition (see `results.ts`). */
import type { ResultTableDef } from './result-def.js';

export const VOICE_TABLES = {} satisfies Record<string, ResultTableDef>;

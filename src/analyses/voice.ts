/** The analyses of satisfaction, needs, CRM care and competition, in the order they run (after the value analyses). */
import type { Analysis } from './analysis.js';

export const VOICE_ANALYSES: readonly Analysis[] = [];

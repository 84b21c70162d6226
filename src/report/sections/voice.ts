/** The report's sections on satisfaction, needs, CRM care and competition, in page order. */
import type { Section } from '../section.js';

export const VOICE_SECTIONS: readonly Section[] = [];

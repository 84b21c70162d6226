/** The report's sections on satisfaction, needs, CRM care and competition, in page order. */
import type { Section } from '../section.js';
import { careSection } from './care.js';
import { competitionSection } from './competition.js';
import { needsSection } from './needs.js';
import { satisfactionSection } from './satisfaction.js';

export const VOICE_SECTIONS: readonly Section[] = [
  satisfactionSection,
  needsSection,
  careSection,
  competitionSection,
];

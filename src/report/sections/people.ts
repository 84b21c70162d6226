/** The report's sections on banking classes, tags and influence, in page order. */
import type { Section } from '../section.js';

export const PEOPLE_SECTIONS: readonly Section[] = [];

/** The report's sections on banking classes, tags and influence, in page order. */
import type { Section } from '../section.js';
import { bankingSection } from './banking.js';
import { influenceSection } from './influence.js';
import { tagsSection } from './tags.js';

export const PEOPLE_SECTIONS: readonly Section[] = [bankingSection, influenceSection, tagsSection];

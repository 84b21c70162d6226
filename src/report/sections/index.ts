/** The report's sections, in page order. A new analysis adds its section here. */
import type { Section } from '../section.js';
import { acquisitionSection } from './acquisition.js';
import { clvSection } from './clv.js';
import { equitySection } from './equity.js';
import { modelsSection } from './models.js';
import { PEOPLE_SECTIONS } from './people.js';
import { profitSection } from './profit.js';
import { qualitySection } from './quality.js';
import { cohortsSection, retentionSection } from './retention.js';
import { rfmSection } from './rfm.js';
import { SEGMENT_SECTIONS } from './segments.js';
import { VOICE_SECTIONS } from './voice.js';

export const SECTIONS: readonly Section[] = [
  rfmSection,
  clvSection,
  equitySection,
  modelsSection,
  acquisitionSection,
  cohortsSection,
  retentionSection,
  profitSection,
  ...VOICE_SECTIONS,
  ...SEGMENT_SECTIONS,
  ...PEOPLE_SECTIONS,
  qualitySection,
];

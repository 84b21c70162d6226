/** The analyses of satisfaction, needs, CRM care and competition, in the order they run (after the value analyses). */
import type { Analysis } from './analysis.js';
import { care } from './care/index.js';
import { competition } from './competition/index.js';
import { needs } from './needs/index.js';
import { voiceCustomers } from './satisfaction/customers.js';
import { satisfaction } from './satisfaction/index.js';

export const VOICE_ANALYSES: readonly Analysis[] = [
  {
    name: 'voice_customers',
    title: 'segment, region, value and churn of each customer',
    run: voiceCustomers,
  },
  {
    name: 'satisfaction',
    title: 'NPS and CSAT with intervals, by dimension, segment and month',
    run: satisfaction,
  },
  { name: 'needs', title: 'feedback topics and keywords', run: needs },
  { name: 'care', title: 'contacts per customer and feedback resolution time', run: care },
  { name: 'competition', title: 'churn reasons and market share', run: competition },
];

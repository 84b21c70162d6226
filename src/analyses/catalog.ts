/** The analyses of a run, in the order they run (later ones read earlier ones' results). */
import { acquisition } from './acquisition/index.js';
import type { Analysis } from './analysis.js';
import { base } from './base/index.js';
import { loyalty } from './loyalty/index.js';
import { PEOPLE_ANALYSES } from './people.js';
import { profitability } from './profitability/index.js';
import { quality } from './quality/index.js';
import { retention } from './retention/index.js';
import { rfm } from './rfm/index.js';
import { SEGMENT_ANALYSES } from './segments.js';
import { value } from './value/index.js';
import { VOICE_ANALYSES } from './voice.js';

export type { Analysis } from './analysis.js';

export const ANALYSES: readonly Analysis[] = [
  { name: 'base', title: 'summarising purchases per customer', run: base },
  { name: 'rfm', title: 'RFM scores and segments', run: rfm },
  { name: 'value', title: 'lifetime models, customer value and equity', run: value },
  { name: 'acquisition', title: 'acquisition cost, conversion and payback per channel', run: acquisition },
  { name: 'retention', title: 'cohort retention and churn', run: retention },
  { name: 'profitability', title: 'profit per customer and its concentration', run: profitability },
  { name: 'loyalty', title: 'referrals, engagement and participation', run: loyalty },
  ...VOICE_ANALYSES,
  ...SEGMENT_ANALYSES,
  ...PEOPLE_ANALYSES,
  { name: 'quality', title: 'checking data quality', run: quality },
];

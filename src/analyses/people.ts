/** The analyses of banking classes, tags and influence, in the order they run (after the value analyses). */
import type { Analysis } from './analysis.js';
import { BANKING_DEFAULTS, bankingClasses } from './banking/index.js';
import { influence } from './influence/index.js';
import { tagRules, tags } from './tags/index.js';

export const PEOPLE_ANALYSES: readonly Analysis[] = [
  {
    name: 'banking',
    title: 'banking classes and their migration',
    run: (ctx) => bankingClasses(ctx, { ...BANKING_DEFAULTS, ...ctx.params.banking }),
  },
  { name: 'influence', title: 'referrals, PageRank and sharing', run: influence },
  // Tags last: their rules may read every result above (influence, banking class).
  {
    name: 'tags',
    title: 'tagging customers by rule',
    run: (ctx) => tags(ctx, tagRules(ctx.params.tagRules)),
  },
];

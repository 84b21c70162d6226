/**
 * Competition (SPEC §2 seed 004 §8; issue 8 item 8): churn reasons with the value lost per reason
 * (`churn-reasons.ts`), and market share per period of the market table with our position against
 * the competitor figures (`market.ts`). Loyalty against competitors, where the data allow it: the
 * share of the customers who gave a churn reason that went to a competitor (KPI
 * `lost_to_competitor_share`). See docs/metrics/competition.md.
 */
import type { RunContext } from '../context.js';
import { writeChurnReasons } from './churn-reasons.js';
import { writeMarketShare } from './market.js';

export { COMPETITOR_REASON } from './churn-reasons.js';
export { type MarketPeriod, parsePeriod } from './periods.js';

/**
 * Writes `churn_reasons` and `market_share` for the run. Needs `_voice_customers` and base's
 * `_purchase_days` and `_customer_days`.
 *
 * @example await competition(ctx); // after voiceCustomers
 */
export async function competition(ctx: RunContext): Promise<void> {
  if ((await writeChurnReasons(ctx)) === 0) {
    ctx.warn('no churn reasons up to the observation date: churn_reasons is empty');
  }
  if ((await writeMarketShare(ctx)) === 0) {
    ctx.warn('no market figures for a period up to the observation date: market_share is empty');
  }
}

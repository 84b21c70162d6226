/**
 * For tests: runs the groundwork (`base`) and then chosen analyses on a real workspace, with
 * `customer_value` rows written by the test in between — the value analysis's output stands in
 * for whatever a lifetime model would give, so each branch (model, no model) can be checked by
 * hand. Not a mock: the same engine, tables and SQL as `clientele analyze`.
 */
import type { SqlValue } from '../../../store/engine.js';
import type { Workspace } from '../../../workspace/index.js';
import { base } from '../../base/index.js';
import { type RunParameters, runContext } from '../../context.js';

type Step = (ctx: ReturnType<typeof runContext>) => Promise<void>;

/**
 * Runs `base`, writes `customerValue` rows (if any), then `steps`, as run 1 observed at `asOf`
 * (an ISO instant); returns the context with its KPIs and warnings.
 */
export async function runAnalyses(
  ws: Workspace,
  asOf: string,
  steps: Record<string, Step>,
  customerValue: readonly Record<string, SqlValue>[] = [],
) {
  const params: RunParameters = {
    asOf,
    calibrationEnd: null,
    timeUnit: 'week',
    model: 'auto',
    discountRate: 0.1,
    horizonMonths: 12,
    churnThreshold: 0.5,
    timeZone: ws.config.timeZone,
    currency: ws.config.currency,
  };
  const ctx = runContext(ws.db, 1, params, () => {});
  ctx.analysis = 'base';
  await base(ctx);
  await ctx.writeRows('customer_value', customerValue);
  for (const [name, step] of Object.entries(steps)) {
    ctx.analysis = name;
    await step(ctx);
  }
  return ctx;
}

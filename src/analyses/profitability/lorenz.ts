/**
 * The Lorenz curve of profit: customers sorted from least to most profitable, L(p) = the share of
 * total profit held by the first p of them, at p = 0, 0.05, …, 1 (`profit_lorenz`). Between two
 * customers the curve is a straight line, so L(p) is exact for any n: with m = p·n and v the
 * ⌈m⌉-th smallest profit, the m least profitable hold Σ(profits < v) + (m − #(profits < v)) · v
 * (whatever is short of m below v is made of customers worth exactly v).
 *
 * - `top20_profit_share` = 1 − L(0.8): the share of profit made by the most profitable 20 %.
 *   With loss-making customers it can exceed 1 (the top 20 % earn more than the total, which the
 *   losses then eat into).
 *
 * Shares need a positive total profit: otherwise they are left empty, with a warning.
 */
import type { RunContext } from '../context.js';

/** Number of equal steps of the population share (20 steps: 21 points). */
export const LORENZ_STEPS = 20;

/** Writes `profit_lorenz` and the KPI `top20_profit_share`; `n` is the number of rows of `profitability`. */
export async function profitLorenz(ctx: RunContext, n: number): Promise<void> {
  const { sql, db } = ctx;
  const inner = Array.from({ length: LORENZ_STEPS - 1 }, (_, i) => i + 1);
  // m = j·n / 20 customers, exact in binary when it is a whole number.
  const m = inner.map((j) => (j * n) / LORENZ_STEPS);
  const ranks = m.map((x) => Math.ceil(x));
  const [v] = await db.query<Record<string, string>>(
    `SELECT ${inner.map((j) => `${sql.toText(sql.listElement('q', j))} AS v${j}`).join(', ')}
     FROM (SELECT ${sql.nthSmallest('profit', ranks, n)} AS q FROM profitability WHERE run_id = $1) s`,
    [ctx.runId],
  );
  const below = (j: number) => `profit < ${sql.toMoney(`$${j + 1}`)}`;
  const [s] = await db.query<Record<string, number>>(
    `SELECT ${sql.toFloat('sum(profit)')} AS total,
       ${inner.map((j) => `sum(CASE WHEN ${below(j)} THEN 1 ELSE 0 END) AS c${j}, ${sql.toFloat(`sum(CASE WHEN ${below(j)} THEN profit ELSE 0 END)`)} AS s${j}`).join(',\n       ')}
     FROM profitability WHERE run_id = $1`,
    [ctx.runId, ...inner.map((j) => v[`v${j}`])],
  );
  const total = s.total;
  const cumulative = [
    0,
    ...inner.map((j, i) => s[`s${j}`] + (m[i] - Number(s[`c${j}`])) * Number(v[`v${j}`])),
    total,
  ];
  const shares = total > 0 ? cumulative.map((c) => c / total) : null;
  if (!shares)
    ctx.warn('total profit is not positive: the profit Lorenz curve shares and Gini are left empty');
  await ctx.writeRows(
    'profit_lorenz',
    cumulative.map((c, j) => ({
      population_share: j / LORENZ_STEPS,
      customers: (j * n) / LORENZ_STEPS,
      cumulative_profit: c,
      profit_share: shares ? shares[j] : null,
    })),
  );
  ctx.kpi('top20_profit_share', shares ? 1 - shares[0.8 * LORENZ_STEPS] : null, 'share');
}

/**
 * The fields of `predict`'s per-customer CSV after the id, from predictions per unique row joined
 * to each customer by index, with spend per customer: shared by this thread and the write worker.
 */
import { type GammaGammaParams, gammaGammaConditionalSpend } from '../../models/index.js';

/** What the lines are made of: per customer, and per unique (x, t_x, T) row. */
export interface PredictionData {
  /** Per customer: its unique row, x and m (monetary_value; null without it). */
  index: Int32Array;
  x: Float64Array;
  m: Float64Array | null;
  /** Per unique row: P(alive), E[Y(horizon)], discounted expected purchases (null without CLV). */
  pAlive: Float64Array;
  expected: Float64Array;
  discounted: Float64Array | null;
  /** Gamma-Gamma's parameters, or null: no spend, no CLV. */
  spend: GammaGammaParams | null;
}

/** The header of the fields, after `customer_id`. */
export const PREDICTION_COLUMNS = ['p_alive', 'expected_purchases', 'expected_spend', 'clv'] as const;

/**
 * Customer i's fields: P(alive), expected purchases, E[M | x, m] (m ≤ 0 taken as 0: a repeat
 * buyer left out of Gamma-Gamma) and CLV = discounted expected purchases × E[M | x, m].
 */
export function predictionFields(d: PredictionData): (i: number) => string {
  const { index, x, m, pAlive, expected, discounted, spend } = d;
  if (!spend || !m || !discounted) return (i) => `${pAlive[index[i]]},${expected[index[i]]},,`;
  // Without repeat purchases E[M | x, m] is the population mean whatever m: formatted once.
  const population = gammaGammaConditionalSpend(spend, 0, 0);
  const populationText = `${population}`;
  return (i) => {
    const k = index[i];
    if (x[i] === 0) return `${pAlive[k]},${expected[k]},${populationText},${discounted[k] * population}`;
    const perPurchase = gammaGammaConditionalSpend(spend, x[i], Math.max(m[i], 0));
    return `${pAlive[k]},${expected[k]},${perPurchase},${discounted[k] * perPurchase}`;
  };
}

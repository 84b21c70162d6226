/** One face for the three continuous-time purchase models, so CLV and the CLI need not care which. */

import type { FitOptions, FitResult } from '../fit.js';
import {
  type BgNbdParams,
  bgConditionalExpectedPurchases,
  bgExpectedPurchases,
  bgProbabilityAlive,
  bgProbabilityOfPurchases,
  fitBg,
} from './bgnbd.js';
import {
  fitGGomNbd,
  type GGomNbdParams,
  ggomnbdConditionalExpectedPurchases,
  ggomnbdExpectedPurchases,
  ggomnbdProbabilityAlive,
  ggomnbdProbabilityOfPurchases,
} from './ggomnbd.js';
import {
  fitParetoNbd,
  type ParetoNbdParams,
  pnbdConditionalExpectedPurchases,
  pnbdExpectedPurchases,
  pnbdProbabilityAlive,
  pnbdProbabilityOfPurchases,
} from './pnbd.js';
import type { RfmSummary } from './summary.js';

export type PurchaseModelName = 'bgnbd' | 'mbgnbd' | 'pnbd' | 'ggomnbd';
export const PURCHASE_MODELS: readonly PurchaseModelName[] = ['bgnbd', 'mbgnbd', 'pnbd', 'ggomnbd'];

/** A fitted purchase model's predictions; every t is in the summary's time unit. */
export interface PurchaseModel {
  name: PurchaseModelName;
  params: Record<string, number>;
  /** E[X(t)] for a new customer. */
  expectedPurchases(t: number): number;
  /** P(X(t) = n) for a new customer. */
  probabilityOfPurchases(t: number, n: number): number;
  /** P(alive | x, t_x, T). */
  probabilityAlive(x: number, tx: number, T: number): number;
  /** E[Y(t) | x, t_x, T]. */
  conditionalExpectedPurchases(t: number, x: number, tx: number, T: number): number;
}

/** Wraps fitted parameters of a named model. */
export function purchaseModel(name: PurchaseModelName, params: Record<string, number>): PurchaseModel {
  if (name === 'ggomnbd') {
    const p = params as GGomNbdParams;
    return {
      name,
      params,
      expectedPurchases: (t) => ggomnbdExpectedPurchases(p, t),
      probabilityOfPurchases: (t, n) => ggomnbdProbabilityOfPurchases(p, t, n),
      probabilityAlive: (x, tx, T) => ggomnbdProbabilityAlive(p, x, tx, T),
      conditionalExpectedPurchases: (t, x, tx, T) => ggomnbdConditionalExpectedPurchases(p, t, x, tx, T),
    };
  }
  if (name === 'pnbd') {
    const p = params as ParetoNbdParams;
    return {
      name,
      params,
      expectedPurchases: (t) => pnbdExpectedPurchases(p, t),
      probabilityOfPurchases: (t, n) => pnbdProbabilityOfPurchases(p, t, n),
      probabilityAlive: (x, tx, T) => pnbdProbabilityAlive(p, x, tx, T),
      conditionalExpectedPurchases: (t, x, tx, T) => pnbdConditionalExpectedPurchases(p, t, x, tx, T),
    };
  }
  const p = params as BgNbdParams;
  return {
    name,
    params,
    expectedPurchases: (t) => bgExpectedPurchases(name, p, t),
    probabilityOfPurchases: (t, n) => bgProbabilityOfPurchases(name, p, t, n),
    probabilityAlive: (x, tx, T) => bgProbabilityAlive(name, p, x, tx, T),
    conditionalExpectedPurchases: (t, x, tx, T) => bgConditionalExpectedPurchases(name, p, t, x, tx, T),
  };
}

/** Fits a named purchase model. */
export function fitPurchaseModel(
  name: PurchaseModelName,
  summary: RfmSummary,
  options?: FitOptions,
): FitResult {
  if (name === 'ggomnbd') return fitGGomNbd(summary, options);
  return name === 'pnbd' ? fitParetoNbd(summary, options) : fitBg(name, summary, options);
}

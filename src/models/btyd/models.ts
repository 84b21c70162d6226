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

type Params = Record<string, number>;

/** Each model's prediction functions, taking its parameters first. */
const FORMULAS: Record<
  PurchaseModelName,
  {
    expected: (p: Params, t: number) => number;
    probability: (p: Params, t: number, n: number) => number;
    alive: (p: Params, x: number, tx: number, T: number) => number;
    conditional: (p: Params, t: number, x: number, tx: number, T: number) => number;
  }
> = {
  bgnbd: {
    expected: (p, t) => bgExpectedPurchases('bgnbd', p as BgNbdParams, t),
    probability: (p, t, n) => bgProbabilityOfPurchases('bgnbd', p as BgNbdParams, t, n),
    alive: (p, x, tx, T) => bgProbabilityAlive('bgnbd', p as BgNbdParams, x, tx, T),
    conditional: (p, t, x, tx, T) => bgConditionalExpectedPurchases('bgnbd', p as BgNbdParams, t, x, tx, T),
  },
  mbgnbd: {
    expected: (p, t) => bgExpectedPurchases('mbgnbd', p as BgNbdParams, t),
    probability: (p, t, n) => bgProbabilityOfPurchases('mbgnbd', p as BgNbdParams, t, n),
    alive: (p, x, tx, T) => bgProbabilityAlive('mbgnbd', p as BgNbdParams, x, tx, T),
    conditional: (p, t, x, tx, T) => bgConditionalExpectedPurchases('mbgnbd', p as BgNbdParams, t, x, tx, T),
  },
  pnbd: {
    expected: (p, t) => pnbdExpectedPurchases(p as ParetoNbdParams, t),
    probability: (p, t, n) => pnbdProbabilityOfPurchases(p as ParetoNbdParams, t, n),
    alive: (p, x, tx, T) => pnbdProbabilityAlive(p as ParetoNbdParams, x, tx, T),
    conditional: (p, t, x, tx, T) => pnbdConditionalExpectedPurchases(p as ParetoNbdParams, t, x, tx, T),
  },
  ggomnbd: {
    expected: (p, t) => ggomnbdExpectedPurchases(p as GGomNbdParams, t),
    probability: (p, t, n) => ggomnbdProbabilityOfPurchases(p as GGomNbdParams, t, n),
    alive: (p, x, tx, T) => ggomnbdProbabilityAlive(p as GGomNbdParams, x, tx, T),
    conditional: (p, t, x, tx, T) => ggomnbdConditionalExpectedPurchases(p as GGomNbdParams, t, x, tx, T),
  },
};

/** Wraps fitted parameters of a named model. */
export function purchaseModel(name: PurchaseModelName, params: Params): PurchaseModel {
  const f = FORMULAS[name];
  return {
    name,
    params,
    expectedPurchases: (t) => f.expected(params, t),
    probabilityOfPurchases: (t, n) => f.probability(params, t, n),
    probabilityAlive: (x, tx, T) => f.alive(params, x, tx, T),
    conditionalExpectedPurchases: (t, x, tx, T) => f.conditional(params, t, x, tx, T),
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

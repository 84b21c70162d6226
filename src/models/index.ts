/**
 * Clientele's statistical models: pure functions over arrays, no I/O and no imports from the
 * rest of the project. Time units are the caller's: every rate parameter is "per unit of the
 * summary" and every horizon t is in that unit.
 */
export * from './btyd/bgbb.js';
export * from './btyd/bgnbd.js';
export * from './btyd/clv.js';
export * from './btyd/from-transactions.js';
export * from './btyd/ggomnbd.js';
export * from './btyd/models.js';
export * from './btyd/pnbd.js';
export {
  type BtydData,
  compressIfWorthwhile,
  compressRows,
  prepareBtyd,
  type RfmSummary,
  validateSummary,
} from './btyd/summary.js';
export { type InputProblem, ModelInputError } from './errors.js';
export type { Edges, FitOptions, FitResult, FitStatus } from './fit.js';
export * from './simulate/btyd.js';
export { Random } from './simulate/random.js';
export * from './spend/gamma-gamma.js';

/** The analyses of a run, in the order they run (later ones read earlier ones' results). */
import { base } from './base/index.js';
import type { RunContext } from './context.js';
import { rfm } from './rfm/index.js';

export interface Analysis {
  name: string;
  /** What the progress display says while it runs. */
  title: string;
  run(ctx: RunContext): Promise<void>;
}

export const ANALYSES: readonly Analysis[] = [
  { name: 'base', title: 'summarising purchases per customer', run: base },
  { name: 'rfm', title: 'RFM scores and segments', run: rfm },
];

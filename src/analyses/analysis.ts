/** One analysis of a run, as the catalogue lists it. */
import type { RunContext } from './context.js';

export interface Analysis {
  name: string;
  /** What the progress display says while it runs. */
  title: string;
  run(ctx: RunContext): Promise<void>;
}

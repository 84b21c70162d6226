/** `clientele demo` (placeholder until the generator lands below). */
import { UsageError } from '../../errors.js';
export const DEMO_HELP = 'clientele demo [--customers N] [--seed S] [--workspace DIR]';
export async function demo(_argv: string[]): Promise<number> {
  throw new UsageError('demo: not available yet');
}

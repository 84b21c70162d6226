/** Building SQL with bound values: parameters collected as the text is made, and used ones only. */
import type { SqlValue } from '../../engine.js';

/** Collects bound parameters while SQL is generated. */
export class Params {
  readonly values: SqlValue[] = [];
  add(v: SqlValue): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** The positional name under which source column `i` is read. */
export const sourceColumn = (i: number) => `c${i}`;

/** Keeps only the parameters a statement uses, renumbered in order of use ($3, $7 → $1, $2). */
export function bindUsed(sql: string, values: readonly SqlValue[]): [string, SqlValue[]] {
  const used: SqlValue[] = [];
  const seen = new Map<number, number>();
  const out = sql.replace(/(?<![\w"$])\$(\d+)/g, (_, d: string) => {
    const n = Number(d);
    if (!seen.has(n)) {
      used.push(values[n - 1]);
      seen.set(n, used.length);
    }
    return `$${seen.get(n)}`;
  });
  return [out, used];
}

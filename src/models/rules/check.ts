/**
 * Checks a rule against the columns on offer: every name is a known column, every comparison
 * compares like with like, percentiles are compared with number columns. Returns what the rule
 * needs (its columns and percentiles) so that the caller can fetch them before compiling.
 */
import type { Operand, Rule } from './parse.js';
import { RuleError } from './tokenize.js';

export type ColumnKind = 'number' | 'text' | 'boolean';

export interface RuleNeeds {
  /** The columns the rule reads, in order of first use. */
  columns: string[];
  /** Each percentile the rule compares with: `value` (0–100) of `column`. */
  percentiles: { column: string; value: number }[];
}

const ORDERING = new Set(['<', '<=', '>', '>=']);

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}

/** The known column closest to `name`, when one is close enough to be a likely typo. */
export function closestColumn(name: string, known: readonly string[]): string | null {
  const lower = name.toLowerCase();
  let best: string | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const score = k.startsWith(lower) || lower.startsWith(k) ? 0.5 : distance(lower, k);
    if (score < bestScore) {
      best = k;
      bestScore = score;
    }
  }
  return bestScore <= Math.max(2, Math.floor(lower.length / 3)) ? best : null;
}

const example: Record<ColumnKind, (name: string) => string> = {
  number: (n) => `a number or a percentile, e.g. ${n} >= p80`,
  text: (n) => `text in single quotes, e.g. ${n} = 'Champions'`,
  boolean: (n) => `true or false, or use it alone: ${n} / not ${n}`,
};
const listItems: Record<ColumnKind, string> = {
  number: 'numbers',
  text: "text in single quotes ('a', 'b')",
  boolean: 'true or false',
};
const kindName: Record<ColumnKind, string> = { number: 'a number', text: 'text', boolean: 'yes/no' };

/**
 * Checks `rule` against `columns` (name → kind); throws `RuleError` at the offending position.
 *
 * @example checkRule(parseRule('clv_12m >= p80'), { clv_12m: 'number' }) // { columns: ['clv_12m'], percentiles: [{ column: 'clv_12m', value: 80 }] }
 */
export function checkRule(rule: Rule, columns: Readonly<Record<string, ColumnKind>>): RuleNeeds {
  const needs: RuleNeeds = { columns: [], percentiles: [] };
  const known = Object.keys(columns);
  const columnKind = (o: Operand & { kind: 'column' }): ColumnKind => {
    if (!Object.hasOwn(columns, o.name)) {
      const near = closestColumn(o.name, known);
      throw new RuleError(
        `unknown column "${o.name}"${near ? ` (did you mean "${near}"?)` : ''}; the columns are ${known.join(', ')}`,
        o.at,
      );
    }
    if (!needs.columns.includes(o.name)) needs.columns.push(o.name);
    return columns[o.name];
  };
  const kindOf = (o: Operand): ColumnKind | 'percentile' =>
    o.kind === 'column' ? columnKind(o) : o.kind === 'string' ? 'text' : o.kind;

  const visit = (r: Rule): void => {
    switch (r.kind) {
      case 'and':
      case 'or':
        visit(r.left);
        visit(r.right);
        return;
      case 'not':
        visit(r.operand);
        return;
      case 'test': {
        const kind = kindOf(r.operand);
        if (kind === 'boolean') return;
        if (r.operand.kind === 'column') {
          const n = r.operand.name;
          const e = kind === 'text' ? `${n} = 'Champions'` : `${n} >= p80`;
          throw new RuleError(
            `"${n}" is ${kindName[kind as ColumnKind]}, not a condition: compare it, e.g. ${e}`,
            r.operand.at,
          );
        }
        throw new RuleError(
          'a condition compares a column with something, e.g. clv_12m >= p80',
          r.operand.at,
        );
      }
      case 'null':
        if (r.operand.kind !== 'column') throw new RuleError('"is null" applies to a column', r.operand.at);
        columnKind(r.operand);
        return;
      case 'in': {
        if (r.operand.kind !== 'column') throw new RuleError('"in" applies to a column', r.operand.at);
        const kind = columnKind(r.operand);
        for (const v of r.values) {
          if (kindOf(v) !== kind) {
            throw new RuleError(
              `"${r.operand.name}" is ${kindName[kind]}: its list holds ${listItems[kind]}`,
              v.at,
            );
          }
        }
        return;
      }
      case 'compare': {
        const { left, right, op } = r;
        if (left.kind !== 'column' && right.kind !== 'column') {
          throw new RuleError('a comparison needs a column on at least one side', r.at);
        }
        const [col, other] = left.kind === 'column' ? [left, right] : [right, left];
        const kind = columnKind(col as Operand & { kind: 'column' });
        const name = (col as Operand & { kind: 'column' }).name;
        const otherKind = kindOf(other);
        if (otherKind === 'percentile') {
          const p = (other as Operand & { kind: 'percentile' }).value;
          if (kind !== 'number') {
            throw new RuleError(
              `p${p} is a percentile of a number column; "${name}" is ${kindName[kind]}`,
              other.at,
            );
          }
          needs.percentiles.push({ column: name, value: p });
        } else if (otherKind !== kind) {
          throw new RuleError(
            `"${name}" is ${kindName[kind]}: compare it with ${example[kind](name)}`,
            other.at,
          );
        }
        if (ORDERING.has(op) && kind !== 'number') {
          throw new RuleError(`"${name}" is ${kindName[kind]}: "${op}" compares numbers; use = or !=`, r.at);
        }
        return;
      }
    }
  };
  visit(rule);
  return needs;
}

/**
 * Rules (see `models/rules`) compiled to an SQL condition. Column names map to SQL expressions
 * from a fixed list the caller supplies; every value the user wrote — numbers, text, percentile
 * thresholds — is bound as a parameter. Nothing of the rule's text is ever part of the SQL.
 * Reusable: tags use it now, target lists later.
 */
import {
  type ColumnKind,
  checkRule,
  type Operand,
  parseRule,
  type Rule,
  RuleError,
  type RuleNeeds,
} from '../../models/rules/index.js';
import type { SqlValue } from '../../store/engine.js';

/** A column a rule may name: its SQL expression (ours, never the user's) and its kind. */
export interface RuleColumn {
  sql: string;
  kind: ColumnKind;
}

export interface CompileOptions {
  /**
   * Parameters already bound in the statement the condition goes into: the rule's are appended
   * to this array and numbered after them ($n).
   */
  params?: SqlValue[];
  /** Percentile `value` (0–100) of `column`, fetched by the caller; null when the column has no values. */
  percentile?: (column: string, value: number) => number | null;
}

export interface CompiledRule {
  /** The SQL condition. */
  sql: string;
  /** All parameters of the statement: those passed in, then the rule's. */
  params: SqlValue[];
  needs: RuleNeeds;
}

const kinds = (columns: Readonly<Record<string, RuleColumn>>) =>
  Object.fromEntries(Object.entries(columns).map(([name, c]) => [name, c.kind]));

/**
 * Parses and checks `text` against `columns`: what it needs (its columns and percentiles).
 * Throws `RuleError` with the character position of the first problem.
 *
 * @example ruleNeeds('clv_12m >= p80', COLUMNS).percentiles // [{ column: 'clv_12m', value: 80 }]
 */
export function ruleNeeds(text: string, columns: Readonly<Record<string, RuleColumn>>): RuleNeeds {
  return checkRule(parseRule(text), kinds(columns));
}

/**
 * The SQL condition of rule `text` over `columns`, with its bound parameters. Throws `RuleError`
 * for a rule that cannot be read or checked, or that needs a percentile no `percentile` gives.
 *
 * @example compileRule("segment = 'Champions'", { segment: { sql: 'f.segment', kind: 'text' } })
 *   // { sql: '(f.segment = $1)', params: ['Champions'], … }
 */
export function compileRule(
  text: string,
  columns: Readonly<Record<string, RuleColumn>>,
  options: CompileOptions = {},
): CompiledRule {
  const rule = parseRule(text);
  const needs = checkRule(rule, kinds(columns));
  const params = options.params ?? [];
  const bind = (v: SqlValue) => {
    params.push(v);
    return `$${params.length}`;
  };
  const operand = (o: Operand, other: Operand): string => {
    switch (o.kind) {
      case 'column':
        return columns[o.name].sql;
      case 'number':
      case 'string':
        return bind(o.value);
      case 'boolean':
        return o.value ? '(1 = 1)' : '(1 = 0)';
      case 'percentile': {
        const name = (other as Operand & { kind: 'column' }).name;
        if (!options.percentile) throw new RuleError(`p${o.value} needs the percentiles of "${name}"`, o.at);
        const v = options.percentile(name, o.value);
        return v === null || !Number.isFinite(v) ? 'NULL' : bind(v);
      }
    }
  };
  const visit = (r: Rule): string => {
    switch (r.kind) {
      case 'and':
        return `(${visit(r.left)} AND ${visit(r.right)})`;
      case 'or':
        return `(${visit(r.left)} OR ${visit(r.right)})`;
      case 'not':
        return `(NOT ${visit(r.operand)})`;
      case 'test':
        return operand(r.operand, r.operand);
      case 'null':
        return `(${operand(r.operand, r.operand)} IS ${r.negated ? 'NOT ' : ''}NULL)`;
      case 'in': {
        const list = r.values.map((v) => operand(v, r.operand)).join(', ');
        return `(${operand(r.operand, r.operand)} ${r.negated ? 'NOT IN' : 'IN'} (${list}))`;
      }
      case 'compare':
        return `(${operand(r.left, r.right)} ${r.op === '!=' ? '<>' : r.op} ${operand(r.right, r.left)})`;
    }
  };
  return { sql: visit(rule), params, needs };
}

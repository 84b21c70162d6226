/**
 * The rule language of tags and target lists: a tokenizer, a parser to a syntax tree and a checker
 * against the columns on offer. Pure: it knows no SQL; the caller compiles the checked tree (see
 * `analyses/tags/compile.ts`), binding every value as a parameter.
 */
export { type ColumnKind, checkRule, closestColumn, type RuleNeeds } from './check.js';
export { type Literal, MAX_DEPTH, type Operand, parseRule, type Rule } from './parse.js';
export { MAX_RULE_LENGTH, type Operator, RuleError, tokenize } from './tokenize.js';

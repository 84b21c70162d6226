/**
 * The rule language's grammar (keywords in any case):
 *
 *   rule       = or
 *   or         = and { "or" and }
 *   and        = unary { "and" unary }
 *   unary      = "not" unary | "(" or ")" | predicate
 *   predicate  = operand [ op operand
 *                        | [ "not" ] "in" "(" literal { "," literal } ")"
 *                        | "is" [ "not" ] "null" ]
 *   operand    = column | literal | percentile
 *   literal    = number | 'text' | true | false
 *   op         = "=" | "!=" | "<>" | "<" | "<=" | ">" | ">="
 *
 * A percentile `pN` (0 ≤ N ≤ 100) stands for the N-th percentile of the column it is compared with.
 * The parser knows no columns: `check.ts` checks names and types against the columns on offer.
 */
import { type Operator, RuleError, type Token, tokenize } from './tokenize.js';

export type Literal =
  | { kind: 'number'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'boolean'; value: boolean; at: number };

export type Operand =
  | Literal
  | { kind: 'column'; name: string; at: number }
  | { kind: 'percentile'; value: number; at: number };

export type Rule =
  | { kind: 'and' | 'or'; left: Rule; right: Rule; at: number }
  | { kind: 'not'; operand: Rule; at: number }
  | { kind: 'compare'; op: Operator; left: Operand; right: Operand; at: number }
  | { kind: 'in'; negated: boolean; operand: Operand; values: Literal[]; at: number }
  | { kind: 'null'; negated: boolean; operand: Operand; at: number }
  /** A bare operand: a yes/no column used as a condition. */
  | { kind: 'test'; operand: Operand; at: number };

/** Nesting deeper than this (parentheses and "not") is refused. */
export const MAX_DEPTH = 64;

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'is', 'null', 'true', 'false']);

/** How a token shows in a message. */
function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the rule';
    case 'word':
      return `"${t.text}"`;
    case 'number':
    case 'percentile':
      return t.text;
    case 'string':
      return `'${t.value}'`;
    case 'op':
      return `"${t.text}"`;
    default:
      return `"${t.kind}"`;
  }
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.i];
  }
  private next(): Token {
    return this.tokens[this.i++];
  }
  private keyword(t: Token, word: string): boolean {
    return t.kind === 'word' && t.text.toLowerCase() === word;
  }
  private accept(word: string): Token | null {
    return this.keyword(this.peek(), word) ? this.next() : null;
  }
  private expect(kind: Token['kind'], what: string): Token {
    const t = this.peek();
    if (t.kind !== kind) throw new RuleError(`expected ${what}, found ${describe(t)}`, t.at);
    return this.next();
  }
  private enter(at: number): void {
    if (++this.depth > MAX_DEPTH) throw new RuleError(`the rule nests deeper than ${MAX_DEPTH} levels`, at);
  }

  rule(): Rule {
    const r = this.or();
    const t = this.peek();
    if (t.kind !== 'end') {
      const hint =
        t.kind === ')'
          ? ' (a closing parenthesis without an opening one)'
          : ': join conditions with "and" or "or"';
      throw new RuleError(`unexpected ${describe(t)}${hint}`, t.at);
    }
    return r;
  }

  private or(): Rule {
    let left = this.and();
    for (let t = this.accept('or'); t; t = this.accept('or'))
      left = { kind: 'or', left, right: this.and(), at: t.at };
    return left;
  }

  private and(): Rule {
    let left = this.unary();
    for (let t = this.accept('and'); t; t = this.accept('and'))
      left = { kind: 'and', left, right: this.unary(), at: t.at };
    return left;
  }

  private unary(): Rule {
    const t = this.peek();
    if (this.keyword(t, 'not')) {
      this.next();
      this.enter(t.at);
      const operand = this.unary();
      this.depth--;
      return { kind: 'not', operand, at: t.at };
    }
    if (t.kind === '(') {
      this.next();
      this.enter(t.at);
      const inner = this.or();
      this.depth--;
      const close = this.peek();
      if (close.kind !== ')') {
        throw new RuleError(
          `expected ")" to close the parenthesis at column ${t.at}, found ${describe(close)}`,
          close.at,
        );
      }
      this.next();
      return inner;
    }
    return this.predicate();
  }

  private predicate(): Rule {
    const operand = this.operand('a condition');
    const t = this.peek();
    if (t.kind === 'op') {
      this.next();
      return {
        kind: 'compare',
        op: t.text,
        left: operand,
        right: this.operand(`a value after "${t.text}"`),
        at: t.at,
      };
    }
    if (this.keyword(t, 'is')) {
      this.next();
      const negated = this.accept('not') !== null;
      const n = this.peek();
      if (!this.keyword(n, 'null'))
        throw new RuleError(`expected "null" after "is${negated ? ' not' : ''}", found ${describe(n)}`, n.at);
      this.next();
      return { kind: 'null', negated, operand, at: t.at };
    }
    const negated = this.keyword(t, 'not') && this.keyword(this.tokens[this.i + 1], 'in');
    if (negated) this.next();
    if (this.keyword(this.peek(), 'in')) {
      const at = this.next().at;
      this.expect('(', "a list in parentheses after \"in\", e.g. in ('a', 'b')");
      const values: Literal[] = [this.literal()];
      while (this.peek().kind === ',') {
        this.next();
        values.push(this.literal());
      }
      this.expect(')', 'a comma or ")" in the list');
      return { kind: 'in', negated, operand, values, at };
    }
    return { kind: 'test', operand, at: operand.at };
  }

  private literal(): Literal {
    const o = this.operand("a number, 'text', true or false");
    if (o.kind === 'column' || o.kind === 'percentile') {
      throw new RuleError(
        `a list holds numbers, 'text', true or false, not ${o.kind === 'column' ? `the column "${o.name}"` : 'a percentile'}`,
        o.at,
      );
    }
    return o;
  }

  private operand(what: string): Operand {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return { kind: 'number', value: t.value, at: t.at };
      case 'string':
        this.next();
        return { kind: 'string', value: t.value, at: t.at };
      case 'percentile':
        this.next();
        if (!(t.value >= 0 && t.value <= 100))
          throw new RuleError(`${t.text}: a percentile is p0 … p100`, t.at);
        return { kind: 'percentile', value: t.value, at: t.at };
      case 'word': {
        const word = t.text.toLowerCase();
        if (word === 'true' || word === 'false') {
          this.next();
          return { kind: 'boolean', value: word === 'true', at: t.at };
        }
        if (KEYWORDS.has(word)) throw new RuleError(`expected ${what}, found the keyword "${t.text}"`, t.at);
        this.next();
        return { kind: 'column', name: t.text, at: t.at };
      }
      default:
        throw new RuleError(`expected ${what}, found ${describe(t)}`, t.at);
    }
  }
}

/**
 * The syntax tree of a rule; throws `RuleError` (with the character position) when it cannot be read.
 *
 * @example parseRule("p_alive < 0.5 and clv_12m >= p50").kind // 'and'
 */
export function parseRule(text: string): Rule {
  const tokens = tokenize(text);
  if (tokens.length === 1) throw new RuleError('the rule is empty', 1);
  return new Parser(tokens).rule();
}

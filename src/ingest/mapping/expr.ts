/** The arithmetic of a mapping's `"expr"`: `Quantity * UnitPrice`, `(a + b) / 100`, `-Amount`. */
import { InputError } from '../../errors.js';
import type { Expr } from '../../schema/mapping.js';

/**
 * Parses `Quantity * UnitPrice`-style expressions: + − × / with the usual precedence, unary minus,
 * parentheses, numbers, and column names (names with spaces or symbols go in backticks).
 * Throws InputError `expression "…" ends too early` (or `has an unexpected "…"`, `is missing )`).
 *
 * @example parseExpr('Quantity * `Unit Price`') // { op: '*', left: { op: 'col', name: 'Quantity' }, … }
 */
export function parseExpr(text: string): Expr {
  const tokens =
    text.match(/`[^`]+`|\d+(?:\.\d+)?|[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*|[-+*/()×]|\S/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const fail = (problem: string): never => {
    throw new InputError(`expression "${text}" ${problem}`);
  };
  const primary = (): Expr => {
    const t = tokens[i++];
    if (t === undefined) return fail('ends too early');
    if (t === '(') {
      const e = sum();
      if (tokens[i++] !== ')') fail('is missing )');
      return e;
    }
    if (t === '-') return { op: 'neg', arg: primary() };
    if (/^\d/.test(t)) return { op: 'num', value: Number(t) };
    if (t.startsWith('`')) return { op: 'col', name: t.slice(1, -1) };
    if (/^[A-Za-z_\u4e00-\u9fff]/.test(t)) return { op: 'col', name: t };
    return fail(`has an unexpected "${t}"`);
  };
  const product = (): Expr => {
    let e = primary();
    while (peek() === '*' || peek() === '/' || peek() === '×') {
      const op = tokens[i++] === '/' ? '/' : '*';
      e = { op, left: e, right: primary() };
    }
    return e;
  };
  const sum = (): Expr => {
    let e = product();
    while (peek() === '+' || peek() === '-') {
      const op = tokens[i++] as '+' | '-';
      e = { op, left: e, right: product() };
    }
    return e;
  };
  const e = sum();
  if (i < tokens.length) fail(`has an unexpected "${tokens[i]}"`);
  return e;
}

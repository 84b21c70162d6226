/**
 * The tokens of the rule language (see `parse.ts`): words (column names and keywords), numbers,
 * quoted text, percentiles (`p80`), comparison operators, parentheses and commas. Anything else is
 * refused where it stands, so nothing a user writes ever reaches SQL as text.
 */

/** A rule the language cannot read: `column` is the 1-based character position of the problem. */
export class RuleError extends Error {
  override name = 'RuleError';
  constructor(
    message: string,
    readonly column: number,
  ) {
    super(message);
  }
}

export type Token =
  | { kind: 'word'; text: string; at: number }
  | { kind: 'number'; value: number; text: string; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'percentile'; value: number; text: string; at: number }
  | { kind: 'op'; text: Operator; at: number }
  | { kind: '(' | ')' | ','; at: number }
  | { kind: 'end'; at: number };

export type Operator = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** The longest rule accepted, in characters. */
export const MAX_RULE_LENGTH = 2000;

const OPERATORS: Record<string, Operator> = {
  '>=': '>=',
  '<=': '<=',
  '!=': '!=',
  '<>': '!=',
  '==': '=',
  '=': '=',
  '<': '<',
  '>': '>',
};

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const PERCENTILE = /[pP](\d+(?:\.\d+)?)(?![A-Za-z0-9_])/y;

/** How a character shows in a message: visible even when it is a space or a control character. */
export function showCharacter(c: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c)
    ? `"${c}"`
    : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The tokens of `text`, ending with an `end` token.
 *
 * @example tokenize("clv_12m >= p80").map((t) => t.kind) // ['word', 'op', 'percentile', 'end']
 */
export function tokenize(text: string): Token[] {
  if (text.length > MAX_RULE_LENGTH) {
    throw new RuleError(
      `a rule is at most ${MAX_RULE_LENGTH} characters long, this one ${text.length}`,
      MAX_RULE_LENGTH + 1,
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  const match = (re: RegExp) => {
    re.lastIndex = i;
    return re.exec(text);
  };
  while (i < text.length) {
    const c = text[i];
    const at = i + 1;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, at });
      i++;
      continue;
    }
    if (c === "'") {
      // Quoted text; a quote inside is written twice ('O''Brien').
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length) throw new RuleError("this text has no closing quote (')", at);
        if (text[j] === "'") {
          if (text[j + 1] === "'") {
            value += "'";
            j += 2;
            continue;
          }
          break;
        }
        value += text[j++];
      }
      tokens.push({ kind: 'string', value, at });
      i = j + 1;
      continue;
    }
    const two = text.slice(i, i + 2);
    const op = OPERATORS[two] ?? OPERATORS[c];
    if (op) {
      tokens.push({ kind: 'op', text: op, at });
      i += OPERATORS[two] ? 2 : 1;
      continue;
    }
    const percentile = match(PERCENTILE);
    if (percentile) {
      tokens.push({ kind: 'percentile', value: Number(percentile[1]), text: percentile[0], at });
      i += percentile[0].length;
      continue;
    }
    const word = match(WORD);
    if (word) {
      tokens.push({ kind: 'word', text: word[0], at });
      i += word[0].length;
      continue;
    }
    const number = match(NUMBER);
    if (number) {
      const end = i + number[0].length;
      if (end < text.length && /[A-Za-z_]/.test(text[end])) {
        throw new RuleError(`"${number[0]}${text[end]}…" is neither a number nor a name`, at);
      }
      const value = Number(number[0]);
      if (!Number.isFinite(value)) throw new RuleError(`${number[0]} is too large a number`, at);
      tokens.push({ kind: 'number', value, text: number[0], at });
      i = end;
      continue;
    }
    if (c === '"') {
      throw new RuleError(`text is written in single quotes ('Champions'), not double quotes`, at);
    }
    throw new RuleError(
      `unexpected character ${showCharacter(c)}: a rule is one condition made of column names, numbers, 'text', percentiles (p80), comparisons (= != < <= > >=), and / or / not, in, is null and parentheses`,
      at,
    );
  }
  tokens.push({ kind: 'end', at: text.length + 1 });
  return tokens;
}

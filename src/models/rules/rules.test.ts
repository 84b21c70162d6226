import { describe, expect, it } from 'vitest';
import { type ColumnKind, checkRule, parseRule, type Rule, RuleError, tokenize } from './index.js';

const COLUMNS: Record<string, ColumnKind> = {
  clv_12m: 'number',
  p_alive: 'number',
  segment: 'text',
  region: 'text',
  at_risk: 'boolean',
};

/** The rule as a fully parenthesised string, to read the tree at a glance. */
function show(r: Rule): string {
  const o = (x: { kind: string; name?: string; value?: unknown }) =>
    x.kind === 'column' ? x.name : x.kind === 'percentile' ? `p${x.value}` : JSON.stringify(x.value);
  switch (r.kind) {
    case 'and':
    case 'or':
      return `(${show(r.left)} ${r.kind} ${show(r.right)})`;
    case 'not':
      return `(not ${show(r.operand)})`;
    case 'compare':
      return `${o(r.left)} ${r.op} ${o(r.right)}`;
    case 'in':
      return `${o(r.operand)} ${r.negated ? 'not in' : 'in'} [${r.values.map(o).join(',')}]`;
    case 'null':
      return `${o(r.operand)} is ${r.negated ? 'not ' : ''}null`;
    case 'test':
      return `${o(r.operand)}`;
  }
}

/** The error a rule gives: [column, message]. */
function problem(text: string, columns = COLUMNS): [number, string] {
  try {
    checkRule(parseRule(text), columns);
  } catch (e) {
    if (e instanceof RuleError) return [e.column, e.message];
    throw e;
  }
  throw new Error(`no error for ${text}`);
}

describe('rule language: parsing', () => {
  it('reads tokens: names, numbers, quoted text with doubled quotes, percentiles and operators', () => {
    const t = tokenize("p_alive<-0.5 AND x <> 'O''Brien' or y>=p99.5");
    expect(
      t.map((x) => (x.kind === 'number' ? x.value : 'text' in x ? x.text : 'value' in x ? x.value : x.kind)),
    ).toEqual(['p_alive', '<', -0.5, 'AND', 'x', '!=', "O'Brien", 'or', 'y', '>=', 'p99.5', 'end']);
    expect(t.map((x) => x.at)).toEqual([1, 8, 9, 14, 18, 20, 23, 34, 37, 38, 40, 45]);
  });

  it('and binds tighter than or, not tighter than and; parentheses group; keywords in any case', () => {
    expect(show(parseRule('a = 1 or b = 2 and c = 3'))).toBe('(a = 1 or (b = 2 and c = 3))');
    expect(show(parseRule('(a = 1 or b = 2) and c = 3'))).toBe('((a = 1 or b = 2) and c = 3)');
    expect(show(parseRule('NOT a = 1 And b = 2'))).toBe('((not a = 1) and b = 2)');
    expect(show(parseRule("s not in ('x', 'y') or s is not null or flag"))).toBe(
      '((s not in ["x","y"] or s is not null) or flag)',
    );
    expect(show(parseRule('a = TRUE and p80 <= clv'))).toBe('(a = true and p80 <= clv)');
  });

  it('names the column of every syntax error', () => {
    expect(problem('clv_12m >= ')).toEqual([12, 'expected a value after ">=", found the end of the rule']);
    expect(problem('clv_12m >= p80; drop table tags')[0]).toBe(15);
    expect(problem('clv_12m >= p80; drop table tags')[1]).toMatch(/^unexpected character ";"/);
    expect(problem('segment = "Champions"')).toEqual([
      11,
      "text is written in single quotes ('Champions'), not double quotes",
    ]);
    expect(problem("segment = 'Champions")).toEqual([11, "this text has no closing quote (')"]);
    expect(problem('(clv_12m > 1')).toEqual([
      13,
      'expected ")" to close the parenthesis at column 1, found the end of the rule',
    ]);
    expect(problem('clv_12m > 1)')[0]).toBe(12);
    expect(problem('clv_12m >= p120')).toEqual([12, 'p120: a percentile is p0 … p100']);
    expect(problem('clv_12m > 1 p_alive < 2')).toEqual([
      13,
      'unexpected "p_alive": join conditions with "and" or "or"',
    ]);
    expect(problem('clv_12m > 80p')).toEqual([11, '"80p…" is neither a number nor a name']);
    expect(problem('clv_12m > and')).toEqual([11, 'expected a value after ">", found the keyword "and"']);
    expect(problem('region in (')).toEqual([
      12,
      "expected a number, 'text', true or false, found the end of the rule",
    ]);
    expect(problem('   ')).toEqual([1, 'the rule is empty']);
    expect(problem(`${'not '.repeat(70)}at_risk`)[1]).toBe('the rule nests deeper than 64 levels');
    expect(problem('x'.repeat(2001))[1]).toMatch(/at most 2000 characters/);
  });
});

describe('rule language: checking against the columns', () => {
  it('returns the columns and percentiles a rule needs', () => {
    expect(checkRule(parseRule('p_alive < 0.5 and clv_12m >= p50 or p80 < clv_12m'), COLUMNS)).toEqual({
      columns: ['p_alive', 'clv_12m'],
      percentiles: [
        { column: 'clv_12m', value: 50 },
        { column: 'clv_12m', value: 80 },
      ],
    });
  });

  it('refuses unknown columns (with a suggestion) and comparisons of unlike things', () => {
    const [at, message] = problem("segment = 'x' and clv >= p80");
    expect(at).toBe(19);
    expect(message).toMatch(
      /^unknown column "clv" \(did you mean "clv_12m"\?\); the columns are clv_12m, p_alive/,
    );
    expect(problem('select = 1')[1]).toMatch(/^unknown column "select"/);
    expect(problem("segment > 'A'")).toEqual([9, '"segment" is text: ">" compares numbers; use = or !=']);
    expect(problem('segment = 5')).toEqual([
      11,
      '"segment" is text: compare it with text in single quotes, e.g. segment = \'Champions\'',
    ]);
    expect(problem("clv_12m = 'high'")[1]).toBe(
      '"clv_12m" is a number: compare it with a number or a percentile, e.g. clv_12m >= p80',
    );
    expect(problem('segment >= p80')).toEqual([
      12,
      'p80 is a percentile of a number column; "segment" is text',
    ]);
    expect(problem("segment = 'a' or 1 = 1")).toEqual([
      20,
      'a comparison needs a column on at least one side',
    ]);
    expect(problem("'1' = '1'")).toEqual([5, 'a comparison needs a column on at least one side']);
    expect(problem('clv_12m')[1]).toBe(
      '"clv_12m" is a number, not a condition: compare it, e.g. clv_12m >= p80',
    );
    expect(problem('42')).toEqual([1, 'a condition compares a column with something, e.g. clv_12m >= p80']);
    expect(problem('region in (1, 2)')).toEqual([
      12,
      "\"region\" is text: its list holds text in single quotes ('a', 'b')",
    ]);
    expect(problem('p80 is null')).toEqual([1, '"is null" applies to a column']);
    expect(problem('at_risk < true')[1]).toBe('"at_risk" is yes/no: "<" compares numbers; use = or !=');
    expect(problem("region = 'x' or constructor = 1")[1]).toMatch(/^unknown column "constructor"/);
  });

  it('accepts yes/no columns alone, with true/false, and literals true/false alone', () => {
    expect(checkRule(parseRule('at_risk and not at_risk = false or true'), COLUMNS).columns).toEqual([
      'at_risk',
    ]);
  });
});

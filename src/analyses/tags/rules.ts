/**
 * The tag rules: the shipped defaults (documented in docs/metrics/tags.md), the user's rules from
 * the workspace config merged over them, and their check before a run — every problem named by
 * the config key (`tags.NAME`) and the character position in the rule.
 */
import { InputError } from '../../errors.js';
import { RuleError, type RuleNeeds } from '../../models/rules/index.js';
import { TAG_RULE_COLUMNS } from './columns.js';
import { ruleNeeds } from './compile.js';

/** The tags every run computes unless the workspace config changes them. */
export const DEFAULT_TAG_RULES: Readonly<Record<string, string>> = {
  high_value: 'clv_12m >= p80',
  at_risk: 'p_alive < 0.5 and clv_12m >= p50',
  champion: "segment = 'Champions'",
  new_customer: 'frequency = 1 and recency_days <= 90',
  big_spender: 'monetary >= p90',
  influencer: 'referrals >= 3 or pagerank >= p99',
  engaged: 'engagement_score >= p80',
};

/** A tag's name: letters (any script), digits, `_` and `-`, at most 64. */
const TAG_NAME = /^[\p{L}\p{N}_-]{1,64}$/u;

/**
 * The rules of a run: the defaults, with the user's rules (config key `tags`: name → rule) added
 * or replacing the default of the same name; a name set to null drops that default.
 *
 * @example tagRules({ vip: 'clv_12m >= p95', engaged: null }) // the defaults without engaged, plus vip
 */
export function tagRules(user: Readonly<Record<string, string | null>> = {}): Record<string, string> {
  const rules: Record<string, string> = { ...DEFAULT_TAG_RULES };
  for (const [name, rule] of Object.entries(user)) {
    if (rule === null) delete rules[name];
    else rules[name] = rule;
  }
  return rules;
}

export interface CheckedRule {
  tag: string;
  rule: string;
  needs: RuleNeeds;
}

/**
 * Checks every rule (names, syntax, columns, kinds) without a database; throws an `InputError`
 * naming the key `tags.NAME` and the column of the first problem.
 *
 * @example checkTagRules({ bad: 'clv >= p80' }) // throws: key "tags.bad": at column 1 of "clv >= p80": unknown column "clv" (did you mean "clv_12m"?) …
 */
export function checkTagRules(rules: Readonly<Record<string, string>>): CheckedRule[] {
  return Object.entries(rules).map(([tag, rule]) => {
    const key = `tags.${tag}`;
    if (!TAG_NAME.test(tag)) {
      throw new InputError('a tag name is 1 to 64 letters, digits, "_" or "-"', { key });
    }
    if (typeof rule !== 'string') {
      throw new InputError(`a rule is text such as "clv_12m >= p80", got ${JSON.stringify(rule)}`, { key });
    }
    try {
      return { tag, rule, needs: ruleNeeds(rule, TAG_RULE_COLUMNS) };
    } catch (e) {
      if (e instanceof RuleError) {
        throw new InputError(`at column ${e.column} of ${JSON.stringify(rule)}: ${e.message}`, { key });
      }
      throw e;
    }
  });
}

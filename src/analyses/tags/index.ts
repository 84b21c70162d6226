/**
 * Tags (SPEC §2, user portraits): each rule of the rule language (`models/rules`, documented in
 * docs/metrics/tags.md) tags the customers who meet it. Percentiles `pN` are the continuous
 * quantiles of the column over the customers who have a value of it in the run, computed first
 * and bound as parameters. A customer without a value of a column (NULL) meets neither a condition
 * on it nor its negation. Writes `tags` (customer, tag) and `tag_rules` (each rule, its count and
 * its resolved thresholds).
 */
import { quoteIdent as q } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { buildFeatures, TAG_COLUMNS, TAG_RULE_COLUMNS } from './columns.js';
import { compileRule } from './compile.js';
import { type CheckedRule, checkTagRules, DEFAULT_TAG_RULES } from './rules.js';

export { TAG_COLUMNS } from './columns.js';
export { type CompiledRule, compileRule, type RuleColumn, ruleNeeds } from './compile.js';
export { checkTagRules, DEFAULT_TAG_RULES, tagRules } from './rules.js';

/** Per needed column: how many customers have a value, and the percentiles asked for. */
type ColumnStats = Map<string, { values: number; percentiles: Map<number, number | null> }>;

async function columnStats(ctx: RunContext, checked: readonly CheckedRule[]): Promise<ColumnStats> {
  const wanted = new Map<string, Set<number>>();
  for (const c of checked) {
    for (const col of c.needs.columns) if (!wanted.has(col)) wanted.set(col, new Set());
    for (const p of c.needs.percentiles) wanted.get(p.column)!.add(p.value);
  }
  const columns = [...wanted];
  const selects = columns.flatMap(([name, ps], i) => [
    `count(${q(name)}) AS n${i}`,
    ...(ps.size > 0
      ? [
          `${ctx.sql.quantiles(
            q(name),
            [...ps].map((p) => p / 100),
          )} AS q${i}`,
        ]
      : []),
  ]);
  const [row] = await ctx.db.query<Record<string, number | (number | null)[] | null>>(
    `SELECT ${selects.join(', ')} FROM _tag_features`,
  );
  const stats: ColumnStats = new Map();
  columns.forEach(([name, ps], i) => {
    const qs = (row[`q${i}`] as (number | null)[] | null) ?? [];
    const percentiles = new Map([...ps].map((p, k) => [p, qs[k] ?? null]));
    stats.set(name, { values: Number(row[`n${i}`] ?? 0), percentiles });
  });
  return stats;
}

/**
 * Writes `tags` and `tag_rules` for `rules` (default: the shipped rules). Rules are checked first:
 * a bad rule fails the run with a message naming `tags.NAME` and the position of the problem.
 *
 * @example await tags(ctx, tagRules(config.tags));
 */
export async function tags(
  ctx: RunContext,
  rules: Readonly<Record<string, string>> = DEFAULT_TAG_RULES,
): Promise<void> {
  const checked = checkTagRules(rules);
  if (checked.length === 0) return;
  await buildFeatures(ctx, [...new Set(checked.flatMap((c) => c.needs.columns))]);
  const stats = await columnStats(ctx, checked);
  const ruleRows: Record<string, string | number | null>[] = [];
  for (const c of checked) {
    for (const col of c.needs.columns) {
      if (stats.get(col)!.values === 0) {
        ctx.warn(
          `tag "${c.tag}": no customer has ${col} (from ${TAG_COLUMNS[col].table}) in this run, so no condition on it holds`,
        );
      }
    }
    const thresholds: Record<string, number | null> = {};
    const compiled = compileRule(c.rule, TAG_RULE_COLUMNS, {
      params: [c.tag],
      percentile: (column, p) => {
        const v = stats.get(column)!.percentiles.get(p) ?? null;
        thresholds[`${column} p${p}`] = v;
        return v;
      },
    });
    const customers = await ctx.write(
      'tags',
      `SELECT customer_id, $1 AS tag FROM _tag_features WHERE ${compiled.sql}`,
      compiled.params,
    );
    ruleRows.push({
      tag: c.tag,
      rule: c.rule,
      customers,
      thresholds: Object.keys(thresholds).length > 0 ? JSON.stringify(thresholds) : null,
    });
  }
  await ctx.writeRows('tag_rules', ruleRows);
}

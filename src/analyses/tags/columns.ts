/**
 * The columns tag rules can name, where each comes from, and the per-customer feature table
 * `_tag_features` built from the run's results with only the columns the rules need. The list is
 * the whitelist of the rule compiler: a name not here is an error, never SQL.
 */
import type { Dialect } from '../../store/dialect.js';
import { quoteIdent as q } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import type { RuleColumn } from './compile.js';

type Kind = RuleColumn['kind'];

export interface TagColumn {
  /** The table it comes from: a result table of the run, or `customers`. */
  table: string;
  kind: Kind;
  /** Its SQL over that table; `asOf()` gives the SQL of the observation instant (a parameter). */
  expr(sql: Dialect, asOf: () => string): string;
}

/** Result tables with a row for every customer with a completed purchase (`_customer_base`). */
const PER_PURCHASER = new Set(['rfm', 'profitability']);

/** Result tables are read for the run; these others are not run-scoped. */
const NOT_RUN_SCOPED = new Set(['customers']);

const column =
  (table: string, kind: Kind) =>
  (name: string, money = false): TagColumn => ({
    table,
    kind,
    expr: (sql) =>
      kind === 'boolean' ? `CASE WHEN ${name} THEN 1 ELSE 0 END` : money ? sql.toFloat(name) : name,
  });

const rfm = column('rfm', 'number');
const value = column('customer_value', 'number');
const profit = column('profitability', 'number');
const loyalty = column('loyalty', 'number');
const influence = column('influence', 'number');
const customer = column('customers', 'text');

/** Every column a rule may name (money as floats: rules compare, they do not add up). */
export const TAG_COLUMNS: Readonly<Record<string, TagColumn>> = {
  recency_days: rfm('recency_days'),
  frequency: rfm('frequency'),
  monetary: rfm('monetary', true),
  r_score: rfm('r_score'),
  f_score: rfm('f_score'),
  m_score: rfm('m_score'),
  segment: column('rfm', 'text')('segment'),
  p_alive: value('p_alive'),
  clv_12m: value('clv_12m'),
  historical_clv: value('historical_clv', true),
  exp_spend: value('exp_spend'),
  exp_purchases_90d: value('exp_purchases_90d'),
  exp_purchases_365d: value('exp_purchases_365d'),
  at_risk: column('customer_value', 'boolean')('at_risk'),
  revenue: profit('revenue', true),
  orders: profit('orders'),
  average_order_value: profit('average_order_value'),
  margin: profit('margin', true),
  cost_to_serve: profit('cost_to_serve', true),
  profit: profit('profit', true),
  referrals: loyalty('referrals'),
  events: loyalty('events'),
  activities: loyalty('activities'),
  engagement_score: loyalty('engagement_score'),
  repeat_buyer: column('loyalty', 'boolean')('repeat_buyer'),
  pagerank: influence('pagerank'),
  referred_revenue: influence('referred_revenue', true),
  referred_clv: influence('referred_clv'),
  gender: customer('gender'),
  region: customer('region'),
  city: customer('city'),
  occupation: customer('occupation'),
  membership_tier: customer('membership_tier'),
  acquisition_channel: customer('acquisition_channel'),
  age: {
    table: 'customers',
    kind: 'number',
    expr: (sql, asOf) => `CAST(floor(${sql.monthsBetween('birth_date', asOf())} / 12) AS INTEGER)`,
  },
  cluster_name: column('clusters', 'text')('cluster_name'),
  banking_class: column('banking_customers', 'text')('class'),
  aum: column('banking_customers', 'number')('aum', true),
};

/** What the rule compiler needs: each column's SQL over `_tag_features` and its kind. */
export const TAG_RULE_COLUMNS: Readonly<Record<string, RuleColumn>> = Object.fromEntries(
  Object.entries(TAG_COLUMNS).map(([name, c]) => [
    name,
    { sql: c.kind === 'boolean' ? `(${q(name)} = 1)` : q(name), kind: c.kind },
  ]),
);

/**
 * Materialises `_tag_features` (customer_id and the `needed` columns, one row per customer with
 * a completed purchase or a row in a table the columns come from). A customer absent from a table
 * has NULL in its columns.
 */
export async function buildFeatures(ctx: RunContext, needed: readonly string[]): Promise<void> {
  const { sql } = ctx;
  const params: (string | number)[] = [];
  const param = (v: string | number) => {
    const at = params.indexOf(v);
    if (at >= 0) return `$${at + 1}`;
    params.push(v);
    return `$${params.length}`;
  };
  const names = [...new Set(needed)];
  const tables = [...new Set(names.map((n) => TAG_COLUMNS[n].table))];
  const branch = (from: string, table: string | null) => {
    const exprs = names.map((n) => {
      const c = TAG_COLUMNS[n];
      const expr = c.table === table ? c.expr(sql, () => sql.timestamp(param(ctx.params.asOf))) : 'NULL';
      return `${expr} AS ${q(n)}`;
    });
    const where = table && !NOT_RUN_SCOPED.has(table) ? ` WHERE run_id = ${param(ctx.runId)}` : '';
    return `SELECT customer_id${exprs.length ? `, ${exprs.join(', ')}` : ''} FROM ${from}${where}`;
  };
  // Every customer with a purchase is in the run's rfm and profitability: no need to add them again.
  const purchasers = tables.some((t) => PER_PURCHASER.has(t)) ? [] : [branch('_customer_base', null)];
  const branches = [...purchasers, ...tables.map((t) => branch(q(t), t))];
  const columns = names.map((n) => `, max(${q(n)}) AS ${q(n)}`).join('');
  await ctx.materialize(
    '_tag_features',
    `SELECT customer_id${columns} FROM (${branches.join(' UNION ALL ')}) u GROUP BY customer_id`,
    params,
  );
}

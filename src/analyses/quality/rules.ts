/**
 * What the data-quality analysis checks, as data: the domain of each column, the references
 * between tables, the time columns that cannot lie in the future and the amounts checked for
 * extreme values. The enumerations and ranges come from the canonical model (`schema/tables.ts`);
 * the rest is listed here and documented in docs/metrics/quality.md.
 */
import { TABLES, type TableName } from '../../schema/tables.js';
import { quoteIdent as q, type SqlValue } from '../../store/engine.js';

/** Bound parameters of one statement: `add` returns the placeholder (`$1`, `$2`, …). */
export class Params {
  readonly values: SqlValue[] = [];
  add(v: SqlValue): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** A domain rule of a column: SQL true for a non-null value outside the domain. */
export interface DomainRule {
  table: TableName;
  column: string;
  /** What the domain is, in words ("one of …", "not negative"). */
  says: string;
  bad(p: Params): string;
}

const col = (name: string) => q(name);
const inList = (p: Params, values: readonly string[]) => values.map((v) => p.add(v)).join(', ');

/** Rules beyond the model's enumerations and ranges (SPEC §3). */
const EXTRA_RULES: readonly DomainRule[] = [
  {
    table: 'feedback',
    column: 'score',
    says: 'between 1 and 5 for csat and rating',
    bad: (p) =>
      `(${col('kind')} IN (${inList(p, ['csat', 'rating'])}) AND (${col('score')} < 1 OR ${col('score')} > 5))`,
  },
  { table: 'costs', column: 'amount', says: '≥ 0', bad: () => `${col('amount')} < 0` },
  { table: 'balances', column: 'balance', says: '≥ 0', bad: () => `${col('balance')} < 0` },
  {
    table: 'transactions',
    column: 'cost',
    says: '≥ 0 where amount ≥ 0 (a return may reverse its cost)',
    bad: () => `(${col('cost')} < 0 AND ${col('amount')} >= 0)`,
  },
  ...(['market_customers', 'market_revenue', 'competitor_customers', 'competitor_revenue'] as const).map(
    (c): DomainRule => ({ table: 'market', column: c, says: '≥ 0', bad: () => `${col(c)} < 0` }),
  ),
  {
    table: 'feedback',
    column: 'resolved_at',
    says: '≥ occurred_at',
    bad: () => `${col('resolved_at')} < ${col('occurred_at')}`,
  },
  {
    table: 'campaigns',
    column: 'ended_at',
    says: '≥ started_at',
    bad: () => `${col('ended_at')} < ${col('started_at')}`,
  },
  {
    table: 'relations',
    column: 'to_id',
    says: '≠ from_id',
    bad: () => `${col('to_id')} = ${col('from_id')}`,
  },
];

/** The domain rules of a table, one per column (several rules of a column are joined with OR). */
export function domainRules(table: TableName): DomainRule[] {
  const rules: DomainRule[] = [];
  for (const c of TABLES[table].columns) {
    if (c.values) {
      const values = c.values;
      rules.push({
        table,
        column: c.name,
        says: `one of ${values.join(', ')}`,
        bad: (p) => `${col(c.name)} NOT IN (${inList(p, values)})`,
      });
    }
    if (c.range) {
      const [lo, hi] = c.range;
      rules.push({
        table,
        column: c.name,
        says: `between ${lo} and ${hi}`,
        bad: (p) => `(${col(c.name)} < ${p.add(lo)} OR ${col(c.name)} > ${p.add(hi)})`,
      });
    }
  }
  rules.push(...EXTRA_RULES.filter((r) => r.table === table));
  const byColumn = new Map<string, DomainRule[]>();
  for (const r of rules) byColumn.set(r.column, [...(byColumn.get(r.column) ?? []), r]);
  return [...byColumn.values()].map((rs) => ({
    table,
    column: rs[0].column,
    says: rs.map((r) => r.says).join('; '),
    bad: (p) => `(${col(rs[0].column)} IS NOT NULL AND (${rs.map((r) => r.bad(p)).join(' OR ')}))`,
  }));
}

/** Planned dates: a campaign may start and end after today. */
const MAY_BE_FUTURE = new Set(['campaigns.started_at', 'campaigns.ended_at']);

/** The date and time columns of a table that cannot be after today. */
export function timeColumns(table: TableName): { column: string; isDate: boolean }[] {
  return TABLES[table].columns
    .filter((c) => (c.type === 'timestamp' || c.type === 'date') && !MAY_BE_FUTURE.has(`${table}.${c.name}`))
    .map((c) => ({ column: c.name, isDate: c.type === 'date' }));
}

/** A reference from a column to the key of another table. */
export interface Reference {
  table: TableName;
  column: string;
  parent: 'customers' | 'campaigns';
  parentColumn: string;
}

const toCustomers = (table: TableName, column = 'customer_id'): Reference => ({
  table,
  column,
  parent: 'customers',
  parentColumn: 'customer_id',
});

/** Every reference checked for orphans (only when the referenced table has rows). */
export const REFERENCES: readonly Reference[] = [
  toCustomers('transactions'),
  toCustomers('events'),
  toCustomers('feedback'),
  toCustomers('relations', 'from_id'),
  toCustomers('relations', 'to_id'),
  toCustomers('costs'),
  { table: 'costs', column: 'campaign_id', parent: 'campaigns', parentColumn: 'campaign_id' },
  toCustomers('balances'),
  { table: 'campaign_members', column: 'campaign_id', parent: 'campaigns', parentColumn: 'campaign_id' },
  toCustomers('campaign_members'),
  toCustomers('communications'),
  toCustomers('consents'),
];

/** An amount checked for extreme values, per value of an enumeration column when `by` is given. */
export interface AmountCheck {
  table: TableName;
  column: string;
  by?: { column: string; values: readonly string[] };
}

const kinds = TABLES.costs.columns.find((c) => c.name === 'kind')!.values!;

export const EXTREME_AMOUNTS: readonly AmountCheck[] = [
  { table: 'transactions', column: 'amount' },
  { table: 'costs', column: 'amount', by: { column: 'kind', values: kinds } },
  { table: 'balances', column: 'balance' },
];

/** The extreme-amount threshold from the quartiles of |amount| (see docs/metrics/quality.md). */
export function extremeThreshold(q1: number, q3: number): number {
  return Math.max(q3 * (q3 / q1) ** 3, 10 * q3);
}

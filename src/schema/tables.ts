/**
 * The canonical data model (SPEC §3): one table per kind, with natural keys, required columns
 * and personal-data (PII) tags. Engine-neutral: `store/` turns this into DDL.
 */

export type ColumnType =
  | 'text'
  | 'timestamp'
  | 'date'
  | 'decimal'
  | 'integer'
  | 'double'
  | 'boolean'
  | 'json';

export interface ColumnDef {
  name: string;
  type: ColumnType;
  required?: boolean;
  /** Personal data (SPEC §7): masked, encrypted or pseudonymised by the privacy layer. */
  pii?: boolean;
  /** Allowed values (lower-case), when the column is an enumeration. */
  values?: readonly string[];
  /** Inclusive numeric range, when the column has one (scores). */
  range?: readonly [number, number];
}

export interface TableDef {
  name: TableName;
  /** Natural key columns: a row with the same key is the same fact. */
  key: readonly string[];
  columns: readonly ColumnDef[];
  /** Column holding the event time, for status date ranges. */
  timeColumn?: string;
  description: string;
}

export const TABLE_NAMES = [
  'customers',
  'transactions',
  'events',
  'feedback',
  'relations',
  'costs',
  'balances',
  'campaigns',
  'campaign_members',
  'communications',
  'consents',
  'market',
] as const;
export type TableName = (typeof TABLE_NAMES)[number];

const req = (name: string, type: ColumnType, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name,
  type,
  required: true,
  ...extra,
});
const opt = (name: string, type: ColumnType, extra: Partial<ColumnDef> = {}): ColumnDef => ({
  name,
  type,
  ...extra,
});

export const TABLES: Record<TableName, TableDef> = {
  customers: {
    name: 'customers',
    key: ['customer_id'],
    description: 'One row per customer: identity, demographics and acquisition.',
    timeColumn: 'acquired_at',
    columns: [
      req('customer_id', 'text'),
      opt('name', 'text', { pii: true }),
      opt('phone', 'text', { pii: true }),
      opt('email', 'text', { pii: true }),
      opt('id_number', 'text', { pii: true }),
      opt('birth_date', 'date', { pii: true }),
      opt('gender', 'text'),
      opt('region', 'text'),
      opt('city', 'text'),
      opt('occupation', 'text'),
      opt('acquired_at', 'timestamp'),
      opt('acquisition_channel', 'text'),
      opt('membership_tier', 'text'),
    ],
  },
  transactions: {
    name: 'transactions',
    key: ['txn_id'],
    description: 'Purchases, refunds and cancellations; negative amounts are returns.',
    timeColumn: 'occurred_at',
    columns: [
      req('txn_id', 'text'),
      req('customer_id', 'text'),
      req('occurred_at', 'timestamp'),
      req('amount', 'decimal'),
      opt('order_id', 'text'),
      opt('cost', 'decimal'),
      opt('product_id', 'text'),
      opt('category', 'text'),
      opt('channel', 'text'),
      opt('status', 'text', { values: ['completed', 'refunded', 'cancelled'] }),
    ],
  },
  events: {
    name: 'events',
    key: ['event_id'],
    description: 'Behaviour: visits, logins, views, likes, shares, comments, posts, activities.',
    timeColumn: 'occurred_at',
    columns: [
      req('event_id', 'text'),
      req('customer_id', 'text'),
      req('occurred_at', 'timestamp'),
      req('type', 'text'),
      opt('channel', 'text'),
      opt('properties', 'json'),
    ],
  },
  feedback: {
    name: 'feedback',
    key: ['feedback_id'],
    description: 'NPS, CSAT, ratings, complaints, suggestions and churn reasons.',
    timeColumn: 'occurred_at',
    columns: [
      req('feedback_id', 'text'),
      req('customer_id', 'text'),
      req('occurred_at', 'timestamp'),
      req('kind', 'text', { values: ['nps', 'csat', 'rating', 'complaint', 'suggestion', 'churn_reason'] }),
      opt('dimension', 'text', {
        values: ['product_quality', 'service_quality', 'user_experience', 'after_sales', 'other'],
      }),
      opt('score', 'double', { range: [0, 10] }),
      opt('text', 'text', { pii: true }),
      opt('topic', 'text'),
      opt('resolved_at', 'timestamp'),
    ],
  },
  relations: {
    name: 'relations',
    key: ['from_id', 'to_id', 'kind'],
    description: 'Referrals and social ties between customers.',
    timeColumn: 'occurred_at',
    columns: [
      req('from_id', 'text'),
      req('to_id', 'text'),
      req('kind', 'text', { values: ['referral', 'friend', 'family', 'colleague'] }),
      opt('occurred_at', 'timestamp'),
    ],
  },
  costs: {
    name: 'costs',
    key: ['cost_id'],
    description: 'Acquisition, service, retention and marketing costs.',
    timeColumn: 'occurred_at',
    columns: [
      req('cost_id', 'text'),
      req('occurred_at', 'timestamp'),
      req('kind', 'text', { values: ['acquisition', 'service', 'retention', 'marketing'] }),
      req('amount', 'decimal'),
      opt('channel', 'text'),
      opt('customer_id', 'text'),
      opt('campaign_id', 'text'),
    ],
  },
  balances: {
    name: 'balances',
    key: ['customer_id', 'as_of', 'product'],
    description: 'Assets held (deposits, funds, holdings) at a date.',
    timeColumn: 'as_of',
    columns: [
      req('customer_id', 'text'),
      req('as_of', 'date'),
      req('balance', 'decimal'),
      opt('product', 'text'),
    ],
  },
  campaigns: {
    name: 'campaigns',
    key: ['campaign_id'],
    description: 'Marketing and care campaigns.',
    timeColumn: 'started_at',
    columns: [
      req('campaign_id', 'text'),
      req('name', 'text'),
      req('started_at', 'timestamp'),
      opt('ended_at', 'timestamp'),
      opt('channel', 'text'),
      opt('goal', 'text'),
    ],
  },
  campaign_members: {
    name: 'campaign_members',
    key: ['campaign_id', 'customer_id'],
    description: 'Who was in which campaign arm.',
    timeColumn: 'contacted_at',
    columns: [
      req('campaign_id', 'text'),
      req('customer_id', 'text'),
      req('arm', 'text', { values: ['treatment', 'control'] }),
      opt('contacted_at', 'timestamp'),
    ],
  },
  communications: {
    name: 'communications',
    key: ['comm_id'],
    description: 'Contacts with customers by channel and purpose.',
    timeColumn: 'occurred_at',
    columns: [
      req('comm_id', 'text'),
      req('customer_id', 'text'),
      req('occurred_at', 'timestamp'),
      req('channel', 'text'),
      opt('direction', 'text', { values: ['inbound', 'outbound'] }),
      opt('purpose', 'text', { values: ['care', 'marketing', 'service'] }),
    ],
  },
  consents: {
    name: 'consents',
    key: ['customer_id', 'purpose'],
    description: 'Consent per purpose; the latest state per customer and purpose.',
    timeColumn: 'updated_at',
    columns: [
      req('customer_id', 'text'),
      req('purpose', 'text', { values: ['marketing', 'analytics', 'profiling'] }),
      req('granted', 'boolean'),
      opt('updated_at', 'timestamp'),
    ],
  },
  market: {
    name: 'market',
    key: ['period'],
    description: 'Market size per period, for market share.',
    columns: [
      req('period', 'text'),
      opt('market_customers', 'integer'),
      opt('market_revenue', 'decimal'),
      opt('competitor_customers', 'integer'),
      opt('competitor_revenue', 'decimal'),
    ],
  },
};

/** Columns holding personal data, per table. */
export function piiColumns(table: TableName): string[] {
  return TABLES[table].columns.filter((c) => c.pii).map((c) => c.name);
}

/** The table definition for a user-supplied kind, or undefined. */
export function tableByName(name: string): TableDef | undefined {
  return (TABLE_NAMES as readonly string[]).includes(name) ? TABLES[name as TableName] : undefined;
}

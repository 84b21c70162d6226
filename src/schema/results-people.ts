/** Result tables of banking classes, tags and influence (see `results.ts`). */
import { c, type ResultTableDef } from './result-def.js';

export const PEOPLE_TABLES = {
  banking_classes: {
    name: 'banking_classes',
    description:
      'Customers and AUM (period-end balances) per period and banking class: stock, incremental, flow, dormant (SPEC §4.8). The first period with balances is the baseline and is not listed.',
    key: ['period', 'class'],
    columns: [
      c('period', 'date'),
      c('period_end', 'date'),
      c('class', 'text'),
      c('customers', 'integer'),
      c('aum', 'decimal'),
    ],
  },
  banking_migration: {
    name: 'banking_migration',
    description:
      'Customers moving from one banking class in a period to another in the next; from_class "new" for customers first seen in to_period.',
    key: ['to_period', 'from_class', 'to_class'],
    columns: [
      c('from_period', 'date'),
      c('to_period', 'date'),
      c('from_class', 'text'),
      c('to_class', 'text'),
      c('customers', 'integer'),
    ],
  },
  banking_rates: {
    name: 'banking_rates',
    description:
      'Per period: flow customers of the previous period and the share of them who became incremental; stock customers of the previous period and the share lost (no longer holding).',
    key: ['period'],
    columns: [
      c('period', 'date'),
      c('flow_before', 'integer'),
      c('flow_to_incremental', 'integer'),
      c('flow_conversion', 'double'),
      c('stock_before', 'integer'),
      c('stock_lost', 'integer'),
      c('stock_attrition', 'double'),
    ],
  },
  banking_customers: {
    name: 'banking_customers',
    description:
      'Each customer known by the last period: their banking class and period-end AUM in it; the period they are known from; and, as bit masks over the periods from baseline_period (bit 0) on, the periods in which they held at least the threshold and in which they were active — their class in every period follows (docs/metrics/banking.md).',
    key: ['customer_id'],
    columns: [
      c('customer_id', 'text'),
      c('class', 'text'),
      c('aum', 'decimal'),
      c('known_from', 'date'),
      c('baseline_period', 'date'),
      c('holding_mask', 'integer'),
      c('active_mask', 'integer'),
    ],
  },
  tags: {
    name: 'tags',
    description: 'The tags each customer carries: one row per customer and tag whose rule they meet.',
    key: ['customer_id', 'tag'],
    columns: [c('customer_id', 'text'), c('tag', 'text')],
  },
  tag_rules: {
    name: 'tag_rules',
    description:
      'The tag rules of the run, the customers each one tagged and the percentile thresholds it resolved (JSON, e.g. {"clv_12m p80": 1523.4}).',
    key: ['tag'],
    columns: [c('tag', 'text'), c('rule', 'text'), c('customers', 'integer'), c('thresholds', 'json')],
  },
  influence: {
    name: 'influence',
    description:
      'Per customer with a relation to another customer: referrals made, revenue and 12-month CLV of the customers referred, PageRank on the relations graph (ranks sum to 1).',
    key: ['customer_id'],
    columns: [
      c('customer_id', 'text'),
      c('referrals', 'integer'),
      c('referred_revenue', 'decimal'),
      c('referred_clv', 'double'),
      c('pagerank', 'double'),
    ],
  },
} satisfies Record<string, ResultTableDef>;

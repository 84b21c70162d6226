/**
 * The result tables of an analysis run (`clientele analyze`): one row set per run, keyed by
 * `run_id`. Engine-neutral like `tables.ts`: `store/` turns these into DDL; `export`, the report
 * and the API read them by name.
 */
import { c, type ResultTableDef } from './result-def.js';
import { PEOPLE_TABLES } from './results-people.js';
import { SEGMENT_TABLES } from './results-segments.js';
import { VOICE_TABLES } from './results-voice.js';

export type { ResultTableDef } from './result-def.js';

/** The value analyses' tables (issue order: customer value first). */
const VALUE_TABLES = {
  rfm: {
    name: 'rfm',
    description:
      'RFM per customer with a completed purchase: raw values, 1–5 quintile scores, named segment.',
    key: ['customer_id'],
    columns: [
      c('customer_id', 'text'),
      c('recency_days', 'integer'),
      c('frequency', 'integer'),
      c('monetary', 'decimal'),
      c('r_score', 'integer'),
      c('f_score', 'integer'),
      c('m_score', 'integer'),
      c('segment', 'text'),
    ],
  },
  customer_value: {
    name: 'customer_value',
    description:
      'Lifetime value per customer: P(alive), expected purchases and spend, predictive and historical CLV, with the RFM segment, acquisition channel and month that customer equity is broken down by.',
    key: ['customer_id'],
    columns: [
      c('customer_id', 'text'),
      c('frequency', 'integer'),
      c('recency', 'double'),
      c('T', 'double'),
      c('monetary', 'double'),
      c('p_alive', 'double'),
      c('exp_purchases_90d', 'double'),
      c('exp_purchases_180d', 'double'),
      c('exp_purchases_365d', 'double'),
      c('exp_spend', 'double'),
      c('clv_12m', 'double'),
      c('historical_clv', 'decimal'),
      c('at_risk', 'boolean'),
      c('segment', 'text'),
      c('acquisition_channel', 'text'),
      c('acquisition_month', 'date'),
    ],
  },
  customer_equity: {
    name: 'customer_equity',
    description:
      'Customer equity (Σ predictive CLV) in total and by RFM segment, acquisition channel and cohort.',
    key: ['dimension', 'value'],
    columns: [
      c('dimension', 'text'),
      c('value', 'text'),
      c('customers', 'integer'),
      c('equity', 'double'),
      c('mean_clv', 'double'),
      c('share', 'double'),
    ],
  },
  model_fits: {
    name: 'model_fits',
    description:
      'Every lifetime model fitted in the run: calibration and final fits, holdout check, the chosen one.',
    key: ['model', 'stage'],
    columns: [
      c('model', 'text'),
      c('stage', 'text'),
      c('params', 'json'),
      c('std_errors', 'json'),
      c('time_unit', 'text'),
      c('log_likelihood', 'double'),
      c('converged', 'boolean'),
      c('status', 'text'),
      c('customers', 'integer'),
      c('left_out', 'integer'),
      c('holdout_actual', 'double'),
      c('holdout_predicted', 'double'),
      c('holdout_error', 'double'),
      c('chosen', 'boolean'),
      c('message', 'text'),
    ],
  },
  acquisition: {
    name: 'acquisition',
    description:
      'CAC, conversion to a first purchase, LTV:CAC and payback per acquisition channel and month (month empty: all months).',
    key: ['channel', 'month'],
    columns: [
      c('channel', 'text'),
      c('month', 'date'),
      c('acquired', 'integer'),
      c('converted', 'integer'),
      c('conversion_rate', 'double'),
      c('acquisition_cost', 'decimal'),
      c('cac', 'double'),
      c('mean_clv', 'double'),
      c('ltv_cac', 'double'),
      c('monthly_margin', 'double'),
      c('payback_months', 'double'),
      c('ltv_basis', 'text'),
    ],
  },
  cohort_retention: {
    name: 'cohort_retention',
    description: 'Customers and revenue of each first-purchase month cohort in each month since.',
    key: ['cohort', 'period'],
    columns: [
      c('cohort', 'date'),
      c('period', 'integer'),
      c('cohort_size', 'integer'),
      c('active', 'integer'),
      c('retention', 'double'),
      c('revenue', 'decimal'),
      c('revenue_retention', 'double'),
    ],
  },
  profitability: {
    name: 'profitability',
    description: 'Spend, orders, margin, cost to serve and profit per customer.',
    key: ['customer_id'],
    columns: [
      c('customer_id', 'text'),
      c('revenue', 'decimal'),
      c('orders', 'integer'),
      c('average_order_value', 'double'),
      c('margin', 'decimal'),
      c('cost_to_serve', 'decimal'),
      c('profit', 'decimal'),
    ],
  },
  profit_lorenz: {
    name: 'profit_lorenz',
    description:
      'Lorenz curve of profit per customer at 21 points: share of total profit held by the least profitable share of customers.',
    key: ['population_share'],
    columns: [
      c('population_share', 'double'),
      c('customers', 'double'),
      c('cumulative_profit', 'double'),
      c('profit_share', 'double'),
    ],
  },
  loyalty: {
    name: 'loyalty',
    description: 'Referrals, engagement score and activity participation per customer.',
    key: ['customer_id'],
    columns: [
      c('customer_id', 'text'),
      c('orders', 'integer'),
      c('repeat_buyer', 'boolean'),
      c('referrals', 'integer'),
      c('events', 'integer'),
      c('activities', 'integer'),
      c('engagement_score', 'double'),
    ],
  },
  data_quality: {
    name: 'data_quality',
    description:
      'Data-quality checks per table and column (rows checked, failing, share failing): counted warnings, not errors.',
    key: ['table_name', 'column_name', 'check_name'],
    columns: [
      c('table_name', 'text'),
      c('column_name', 'text'),
      c('check_name', 'text'),
      c('rows', 'integer'),
      c('failing', 'integer'),
      c('share', 'double'),
      c('detail', 'text'),
      c('scored', 'boolean'),
    ],
  },
  kpis: {
    name: 'kpis',
    description: 'Headline figures of the run.',
    key: ['kpi'],
    columns: [c('kpi', 'text'), c('value', 'double'), c('unit', 'text')],
  },
} satisfies Record<string, ResultTableDef>;

/** Every result table, by name: the value analyses', then those about understanding customers. */
export const RESULT_TABLES = {
  ...VALUE_TABLES,
  ...VOICE_TABLES,
  ...SEGMENT_TABLES,
  ...PEOPLE_TABLES,
} satisfies Record<string, ResultTableDef>;

export type ResultTableName = keyof typeof RESULT_TABLES;

/** The result tables' names, in the order above. */
export const RESULT_TABLE_NAMES = Object.keys(RESULT_TABLES) as readonly ResultTableName[];

/** The result table definition for a user-supplied name, or undefined. */
export function resultTableByName(name: string): ResultTableDef | undefined {
  return (RESULT_TABLE_NAMES as readonly string[]).includes(name)
    ? RESULT_TABLES[name as ResultTableName]
    : undefined;
}

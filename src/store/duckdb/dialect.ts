/** The DuckDB spelling of the dialect helpers (see `store/dialect.ts`). */
import type { Dialect } from '../dialect.js';
import { quoteIdent } from '../engine.js';
import { lit } from './ddl.js';

export const duckDbDialect: Dialect = {
  daysBetween: (a, b) => `date_diff('day', CAST(${a} AS DATE), CAST(${b} AS DATE))`,
  epochSeconds: (ts) => `epoch(${ts})`,
  localDate: (ts, offset) =>
    offset === undefined || offset === null
      ? `CAST(${ts} AS DATE)`
      : `(DATE '1970-01-01' + CAST((epoch_us(${ts}) + ${Math.round(offset) * 1_000_000}) // 86400000000 AS INTEGER))`,
  monthStart: (ts) => `CAST(date_trunc('month', CAST(${ts} AS DATE)) AS DATE)`,
  monthsBetween: (a, b) =>
    `date_diff('month', date_trunc('month', CAST(${a} AS DATE)), date_trunc('month', CAST(${b} AS DATE)))`,
  toFloat: (x) => `CAST(${x} AS DOUBLE)`,
  toMoney: (x) => `CAST(${x} AS DECIMAL(18,4))`,
  toText: (x) => `CAST(${x} AS VARCHAR)`,
  timestamp: (p) => `CAST(${p} AS TIMESTAMPTZ)`,
  tryTimestamp: (t) => `TRY_CAST(${t} AS TIMESTAMPTZ)`,
  isoInstant: (ts) => `strftime(timezone('UTC', ${ts}), '%Y-%m-%dT%H:%M:%S.%gZ')`,
  date: (p) => `CAST(${p} AS DATE)`,
  quantiles: (x, qs) => `quantile_cont(${x}, [${qs.map((q) => String(q)).join(', ')}])`,
  nthSmallest: (x, ranks, n) =>
    `quantile_disc(${x}, [${ranks.map((r) => String((r - 0.5) / n)).join(', ')}])`,
  rankWeightedSum: (x) =>
    `list_sum(list_transform(list_sort(list(CAST(${x} AS DOUBLE))), lambda v, r: v * r))`,
  listElement: (list, i) => `(${list})[${i}]`,
  jsonText: (json, field) => `json_extract_string(${json}, ${lit(`$.${field}`)})`,
  countIf: (cond) => `count(*) FILTER (WHERE ${cond})`,
  argMin: (x, by) => `arg_min(${x}, ${by})`,
  hash: (x) => `hash(${x})`,
  ln: (x) => `ln(${x})`,
  rowIndex: () => '(row_number() OVER () - 1)',
  bit: (i) => `(CAST(1 AS BIGINT) << CAST(${i} AS INTEGER))`,
  bitTest: (mask, i) => `((${mask} >> CAST(${i} AS INTEGER)) & 1)`,
  bitOr: (x) => `bit_or(CAST(${x} AS BIGINT))`,
  createScratch: (name, select) => `CREATE OR REPLACE TEMP TABLE ${quoteIdent(name)} AS ${select}`,
  dropScratch: (name) => `DROP TABLE IF EXISTS ${quoteIdent(name)}`,
};

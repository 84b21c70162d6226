/**
 * The customer 360 (SPEC §2, user portrait): one customer's profile, their figures in an analysis
 * run (RFM, value, profitability, loyalty, influence), tags, segments, recent transactions and
 * feedback, relations both ways, banking-class history and latest balances. Personal data is
 * masked unless `showPii` (the caller decides who may ask). Used by `clientele customer` and,
 * later, the HTTP API.
 */
import { ClienteleError } from '../../errors.js';
import { RESULT_TABLES } from '../../schema/results.js';
import { TABLES } from '../../schema/tables.js';
import type { Engine, Row } from '../../store/engine.js';
import { classesFromMasks } from '../banking/index.js';
import { HIDDEN, maskRow } from './mask.js';

/** A stretch of periods in one banking class. */
export interface ClassSpell {
  from: string;
  to: string;
  class: string;
}

/** How many recent transactions and feedback items, and relations each way, are shown. */
export const RECENT = 10;
export const RELATIONS_SHOWN = 50;

export interface Customer360 {
  customerId: string;
  /** Whether personal data is shown in clear. */
  piiShown: boolean;
  /** The run the figures come from; null when there is no finished run. */
  run: { runId: number; asOf: string } | null;
  /** The customers-table row (masked); null when the customer is only in other tables. */
  profile: Record<string, unknown> | null;
  /** The customer's row of each result table of the run (null: not in it). */
  kpis: Record<'rfm' | 'value' | 'profitability' | 'loyalty' | 'influence', Row | null>;
  segments: { rfm: string | null; cluster: string | null; bankingClass: string | null };
  tags: string[];
  /** The latest transactions, newest first. */
  transactions: Row[];
  /** The latest feedback, newest first (free text masked). */
  feedback: Row[];
  relations: {
    /** Relations from this customer (e.g. whom they referred), newest first. */
    outgoing: Row[];
    incoming: Row[];
    outgoingTotal: number;
    incomingTotal: number;
  };
  /** Banking class over the listed periods, as runs of equal class (`from`, `to`: first days of periods). */
  classHistory: ClassSpell[];
  /** The latest balance of each product. */
  balances: Row[];
}

export interface Customer360Options {
  /** The run whose results to show (null: none). */
  run: { runId: number; asOf: string } | null;
  showPii?: boolean;
}

/** Tables where a customer id can appear. */
const PRESENCE = ['customers', 'transactions', 'events', 'balances', 'feedback'] as const;

async function exists(db: Engine, id: string): Promise<boolean> {
  const counts = [
    ...PRESENCE.map((t) => `(SELECT count(*) FROM ${t} WHERE customer_id = $1)`),
    '(SELECT count(*) FROM relations WHERE from_id = $1 OR to_id = $1)',
  ];
  const [row] = await db.query<{ n: number }>(`SELECT ${counts.join(' + ')} AS n`, [id]);
  return Number(row.n) > 0;
}

/** The row without `run_id` and `customer_id`, which the caller knows. */
function strip(row: Row | undefined): Row | null {
  if (!row) return null;
  const { run_id: _r, customer_id: _c, ...rest } = row;
  return rest;
}

/**
 * The 360 of customer `id`; throws a `ClienteleError` (exit code 1) when no table knows the id.
 *
 * @example const c = await customer360(ws.db, 'C000042', { run: { runId: 3, asOf } });
 */
export async function customer360(db: Engine, id: string, options: Customer360Options): Promise<Customer360> {
  if (!(await exists(db, id))) {
    throw new ClienteleError(
      `no customer "${id}" in this workspace: no customer, transaction, event, balance, feedback or relation has that id (ids are case-sensitive)`,
      1,
    );
  }
  const show = options.showPii === true;
  const sql = db.dialect;
  const iso = (x: string) => sql.isoInstant(x);
  const columns = TABLES.customers.columns.map((c) =>
    c.type === 'timestamp'
      ? `${iso(c.name)} AS ${c.name}`
      : c.type === 'date'
        ? `${sql.toText(c.name)} AS ${c.name}`
        : c.name,
  );
  const [profileRow] = await db.query(
    `SELECT ${columns.join(', ')}, ${sql.toText('attributes')} AS attributes FROM customers WHERE customer_id = $1`,
    [id],
  );
  const profile = profileRow ? profileOf(profileRow, show) : null;
  const runId = options.run?.runId ?? null;
  const one = async (table: string) =>
    runId === null
      ? null
      : strip(
          (await db.query(`SELECT * FROM ${table} WHERE run_id = $1 AND customer_id = $2`, [runId, id]))[0],
        );
  const kpis = {
    rfm: await one('rfm'),
    value: await one('customer_value'),
    profitability: await one('profitability'),
    loyalty: await one('loyalty'),
    influence: await one('influence'),
  };
  const cluster = Object.hasOwn(RESULT_TABLES, 'clusters') ? await one('clusters') : null;
  const banking = runId === null ? null : await bankingOf(db, runId, id);
  const tags =
    runId === null
      ? []
      : (
          await db.query<{ tag: string }>(
            'SELECT tag FROM tags WHERE run_id = $1 AND customer_id = $2 ORDER BY tag',
            [runId, id],
          )
        ).map((t) => t.tag);
  const transactions = await db.query(
    `SELECT txn_id, order_id, ${iso('occurred_at')} AS occurred_at, amount, cost, status, product_id, category, channel
     FROM transactions WHERE customer_id = $1 ORDER BY occurred_at DESC, txn_id LIMIT ${RECENT}`,
    [id],
  );
  const feedback = (
    await db.query(
      `SELECT feedback_id, ${iso('occurred_at')} AS occurred_at, kind, dimension, score, topic, text, ${iso('resolved_at')} AS resolved_at
       FROM feedback WHERE customer_id = $1 ORDER BY occurred_at DESC, feedback_id LIMIT ${RECENT}`,
      [id],
    )
  ).map((r) => (show ? r : maskRow('feedback', r)));
  const related = (from: 'from_id' | 'to_id', to: 'from_id' | 'to_id') =>
    db.query(
      `SELECT ${to} AS customer_id, kind, ${iso('occurred_at')} AS occurred_at FROM relations WHERE ${from} = $1
       ORDER BY occurred_at DESC NULLS LAST, ${to} LIMIT ${RELATIONS_SHOWN}`,
      [id],
    );
  const [counts] = await db.query<{ outgoing: number; incoming: number }>(
    `SELECT sum(CASE WHEN from_id = $1 THEN 1 ELSE 0 END) AS outgoing, sum(CASE WHEN to_id = $1 THEN 1 ELSE 0 END) AS incoming
     FROM relations WHERE from_id = $1 OR to_id = $1`,
    [id],
  );
  const balances = await db.query(
    `SELECT b.product, ${sql.toText('b.as_of')} AS as_of, b.balance FROM balances b
     JOIN (SELECT product, max(as_of) AS as_of FROM balances WHERE customer_id = $1 GROUP BY product) l
       ON l.as_of = b.as_of AND coalesce(l.product, '') = coalesce(b.product, '')
     WHERE b.customer_id = $1 ORDER BY b.product`,
    [id],
  );
  return {
    customerId: id,
    piiShown: show,
    run: options.run,
    profile,
    kpis,
    segments: {
      rfm: (kpis.rfm?.segment as string | undefined) ?? null,
      cluster: (cluster?.cluster_name as string | undefined) ?? null,
      bankingClass: banking?.class ?? null,
    },
    tags,
    transactions,
    feedback,
    relations: {
      outgoing: await related('from_id', 'to_id'),
      incoming: await related('to_id', 'from_id'),
      outgoingTotal: Number(counts.outgoing ?? 0),
      incomingTotal: Number(counts.incoming ?? 0),
    },
    classHistory: banking?.history ?? [],
    balances,
  };
}

/** The customer's banking class now and over the listed periods, or null without one in the run. */
async function bankingOf(db: Engine, runId: number, id: string) {
  const sql = db.dialect;
  const [row] = await db.query<{
    class: string;
    known_from: string;
    holding: bigint | number;
    active: bigint | number;
  }>(
    `SELECT class, ${sql.toText('known_from')} AS known_from, holding_mask AS holding, active_mask AS active
     FROM banking_customers WHERE run_id = $1 AND customer_id = $2`,
    [runId, id],
  );
  if (!row) return null;
  // The listed periods are 1 … n; period 0 (the baseline) is not listed.
  const periods = (
    await db.query<{ period: string }>(
      `SELECT DISTINCT ${sql.toText('period')} AS period FROM banking_classes WHERE run_id = $1 ORDER BY period`,
      [runId],
    )
  ).map((p) => p.period);
  const start = periods.indexOf(row.known_from) + 1; // 0 when known from the baseline or before
  const history: ClassSpell[] = [];
  classesFromMasks(row.holding, row.active, start, periods.length).forEach((cls, i) => {
    const last = history.at(-1);
    if (cls === null) return;
    if (last && last.class === cls && last.to === periods[i - 1]) last.to = periods[i];
    else history.push({ from: periods[i], to: periods[i], class: cls });
  });
  return { class: row.class, history };
}

/** The customers row as shown: PII masked unless shown, extra attributes parsed (and hidden). */
function profileOf(row: Row, show: boolean): Record<string, unknown> {
  const { attributes, ...columns } = row;
  const out: Record<string, unknown> = show ? columns : maskRow('customers', columns);
  if (typeof attributes === 'string') {
    // Extra columns of the import: what they hold is unknown, so they are masked like personal data.
    const parsed = JSON.parse(attributes) as Record<string, unknown>;
    out.attributes = show
      ? parsed
      : Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v === null ? null : HIDDEN]));
  }
  return out;
}

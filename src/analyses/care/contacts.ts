/**
 * Contacts with customers (SPEC §2 seed 004 §9; issue 8 item 3), from `communications` up to as_of:
 *
 * - `crm_contacts` — per channel ("all" for every channel) and month of the contact (workspace time
 *   zone; empty month: all months): contacts, by direction (inbound/outbound) and purpose (care,
 *   marketing, service), customers contacted, and contacts per contacted customer: mean, median,
 *   p90 (continuous quantiles) and max.
 * - `crm_contact_distribution` — per channel, how many of all known customers (`_voice_customers`
 *   and anyone contacted) had 0, 1, 2, 3–5, 6–10 or 11+ contacts up to as_of.
 *
 * The engine returns histograms — customers per number of contacts — for each channel and month;
 * the statistics are computed from them (`histogram.ts`), so no query sorts a row per customer.
 */
import type { SqlValue } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { VOICE_CUSTOMERS } from '../satisfaction/customers.js';
import { addInto, summarise } from './histogram.js';

/** Bands of contacts per customer: [from, to] inclusive, to null = no upper bound. */
export const CONTACT_BANDS: readonly (readonly [number, number | null])[] = [
  [0, 0],
  [1, 1],
  [2, 2],
  [3, 5],
  [6, 10],
  [11, null],
];

const CONTACTS = '_care_contacts';
const PURPOSES = ['inbound', 'outbound', 'care', 'marketing', 'service'] as const;

type Counts = Record<(typeof PURPOSES)[number], number>;
type Group = { histogram: Map<number, number>; counts: Counts };

/** Writes `crm_contacts` and `crm_contact_distribution`; returns the number of contacts. */
export async function writeContacts(ctx: RunContext): Promise<number> {
  const { sql, db } = ctx;
  const month = sql.monthStart(sql.localDate('occurred_at', ctx.params.utcOffsetSeconds));
  const channel = `coalesce(NULLIF(lower(trim(channel)), ''), 'unknown')`;
  // One row per customer, channel and month with their contacts by direction and purpose.
  await ctx.materialize(
    CONTACTS,
    `SELECT customer_id, ${channel} AS channel, ${month} AS month, count(*) AS contacts,
       sum(CASE WHEN direction = 'inbound' THEN 1 ELSE 0 END) AS inbound,
       sum(CASE WHEN direction = 'outbound' THEN 1 ELSE 0 END) AS outbound,
       sum(CASE WHEN purpose = 'care' THEN 1 ELSE 0 END) AS care,
       sum(CASE WHEN purpose = 'marketing' THEN 1 ELSE 0 END) AS marketing,
       sum(CASE WHEN purpose = 'service' THEN 1 ELSE 0 END) AS service
     FROM communications WHERE occurred_at <= ${sql.timestamp('$1')}
     GROUP BY customer_id, ${channel}, ${month}`,
    [ctx.params.asOf],
  );
  const groups = new Map<string, Group>();
  const group = (ch: string, m: string | null): Group => {
    const key = `${ch}\u0000${m ?? ''}`;
    const g = groups.get(key) ?? {
      histogram: new Map<number, number>(),
      counts: { inbound: 0, outbound: 0, care: 0, marketing: 0, service: 0 },
    };
    groups.set(key, g);
    return g;
  };
  // Channel × month: the rows are already per customer; purposes roll up to every level.
  const cells = await db.query<{ channel: string; month: string; contacts: number; n: number } & Counts>(
    `SELECT channel, ${sql.toText('month')} AS month, contacts, count(*) AS n, ${PURPOSES.map((p) => `sum(${p}) AS ${p}`).join(', ')}
     FROM ${CONTACTS} GROUP BY channel, month, contacts`,
  );
  if (cells.length === 0) return 0;
  for (const c of cells) {
    addInto(group(c.channel, c.month).histogram, Number(c.contacts), Number(c.n));
    for (const g of [
      group(c.channel, c.month),
      group(c.channel, null),
      group('all', c.month),
      group('all', null),
    ])
      for (const p of PURPOSES) g.counts[p] += Number(c[p]);
  }
  // The other levels need each customer's contacts summed over channels and/or months first.
  for (const [by, ch, m] of [
    ['channel', 'channel', null],
    ['month', null, 'month'],
    [null, null, null],
  ] as const) {
    const keys = ['customer_id', ...(by ? [by] : [])].join(', ');
    const rows = await db.query<{ channel?: string; month?: string; contacts: number; n: number }>(
      `SELECT ${by === 'month' ? `${sql.toText('month')} AS month, ` : by ? `${by}, ` : ''}contacts, count(*) AS n
       FROM (SELECT ${keys}, sum(contacts) AS contacts FROM ${CONTACTS} GROUP BY ${keys}) c
       GROUP BY ${by ? `${by}, ` : ''}contacts`,
    );
    for (const r of rows)
      addInto(
        group(ch ? String(r.channel) : 'all', m ? String(r.month) : null).histogram,
        Number(r.contacts),
        Number(r.n),
      );
  }
  const rows: Record<string, SqlValue>[] = [];
  for (const [key, g] of groups) {
    const [ch, m] = key.split('\u0000');
    const s = summarise([...g.histogram]);
    rows.push({
      channel: ch,
      month: m === '' ? null : m,
      contacts: s.total,
      customers: s.customers,
      mean_per_customer: s.mean,
      median_per_customer: s.median,
      p90_per_customer: s.p90,
      max_per_customer: s.max,
      ...g.counts,
    });
  }
  await ctx.writeRows('crm_contacts', rows);
  await writeDistribution(ctx, groups);
  return Number(summarise([...group('all', null).histogram]).total);
}

/** The band (its lower bound) of a number of contacts. */
function band(contacts: number): number {
  return CONTACT_BANDS.find(([from, to]) => contacts >= from && (to === null || contacts <= to))![0];
}

async function writeDistribution(ctx: RunContext, groups: Map<string, Group>): Promise<void> {
  // Everyone: the known customers, and anyone contacted who is not among them.
  const [{ customers }] = await ctx.db.query<{ customers: number }>(
    `SELECT count(DISTINCT customer_id) AS customers
     FROM (SELECT customer_id FROM ${VOICE_CUSTOMERS} UNION ALL SELECT customer_id FROM ${CONTACTS}) p`,
  );
  const everyone = Number(customers);
  const rows: Record<string, SqlValue>[] = [];
  const channels = [...groups.keys()]
    .filter((k) => k.endsWith('\u0000'))
    .map((k) => k.slice(0, -1))
    .sort((a, b) => (a === 'all' ? -1 : b === 'all' ? 1 : a.localeCompare(b)));
  for (const channel of channels) {
    const bands = new Map<number, number>();
    let contacted = 0;
    for (const [value, n] of groups.get(`${channel}\u0000`)!.histogram) {
      addInto(bands, band(value), n);
      contacted += n;
    }
    bands.set(0, everyone - contacted);
    for (const [from, to] of CONTACT_BANDS) {
      const n = bands.get(from) ?? 0;
      rows.push({
        channel,
        contacts_from: from,
        contacts_to: to,
        customers: n,
        share: everyone > 0 ? n / everyone : null,
      });
    }
  }
  await ctx.writeRows('crm_contact_distribution', rows);
}

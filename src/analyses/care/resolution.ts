/**
 * Feedback handling speed (SPEC §2 seed 004 §9; issue 8 item 3): the items that need handling —
 * complaints, and any feedback with a `resolved_at` — received up to as_of. An item is resolved
 * when `resolved_at` is at or before as_of; its resolution time is resolved_at − occurred_at in
 * hours. Otherwise it is open at as_of. Per dimension ("all" for every dimension), month received
 * (empty: all months) and region: items, resolved, open, the median and p90 resolution time of the
 * resolved (continuous quantiles), and the share within the SLA = resolved within the SLA ÷ the
 * items whose outcome is decided — resolved, or open for longer than the SLA (an item open for
 * less is not late yet). Items resolved before they were received are left out and counted.
 */
import type { RunContext } from '../context.js';
import { VOICE_CUSTOMERS } from '../satisfaction/customers.js';

/** Default SLA: feedback resolved within this many hours is on time. */
export const RESOLUTION_SLA_HOURS = 48;

const ITEMS = '_care_resolution_items';

const BREAKDOWNS = [
  { segmentBy: 'all', column: null, perMonth: false },
  { segmentBy: 'all', column: null, perMonth: true },
  { segmentBy: 'region', column: 'region', perMonth: false },
] as const;

/** The SLA of the run: `resolutionSlaHours` of the run parameters when set, else the default. */
export function slaHours(ctx: RunContext): number {
  const configured = (ctx.params as { resolutionSlaHours?: unknown }).resolutionSlaHours;
  return typeof configured === 'number' && configured > 0 ? configured : RESOLUTION_SLA_HOURS;
}

/** Writes `feedback_resolution`; returns the number of items that need handling. */
export async function writeResolution(ctx: RunContext): Promise<number> {
  const { sql, db } = ctx;
  const sla = slaHours(ctx);
  const at = sql.timestamp('$1');
  const need = `(kind = 'complaint' OR resolved_at IS NOT NULL) AND occurred_at <= ${at}`;
  const [{ backwards }] = await db.query<{ backwards: number | null }>(
    `SELECT sum(CASE WHEN resolved_at < occurred_at THEN 1 ELSE 0 END) AS backwards FROM feedback WHERE ${need}`,
    [ctx.params.asOf],
  );
  if (Number(backwards ?? 0) > 0) {
    ctx.warn('feedback resolved before it was received is left out of resolution times', Number(backwards));
  }
  const hours = (from: string, to: string) =>
    `(${sql.epochSeconds(to)} - ${sql.epochSeconds(from)}) / 3600.0`;
  const resolved = `resolved_at IS NOT NULL AND resolved_at <= ${at}`;
  const month = sql.monthStart(sql.localDate('f.occurred_at', ctx.params.utcOffsetSeconds));
  await ctx.materialize(
    ITEMS,
    `SELECT f.dimension, f.month, f.resolved, f.hours, f.late_open, v.region
     FROM (SELECT customer_id, dimension, ${month} AS month, CASE WHEN ${resolved} THEN 1 ELSE 0 END AS resolved,
             CASE WHEN ${resolved} THEN ${hours('occurred_at', 'resolved_at')} END AS hours,
             CASE WHEN NOT (${resolved}) AND ${hours('occurred_at', at)} > $2 THEN 1 ELSE 0 END AS late_open
           FROM feedback f WHERE ${need} AND (resolved_at IS NULL OR resolved_at >= occurred_at)) f
     LEFT JOIN ${VOICE_CUSTOMERS} v ON v.customer_id = f.customer_id`,
    [ctx.params.asOf, sla],
  );
  const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${ITEMS}`);
  if (Number(n) === 0) return 0;
  const quantiles = sql.quantiles('hours', [0.5, 0.9]);
  for (const b of BREAKDOWNS) {
    for (const perDimension of [false, true]) {
      const keys = [
        ...(perDimension ? ['dimension'] : []),
        ...(b.column ? [b.column] : []),
        ...(b.perMonth ? ['month'] : []),
      ];
      const where = [
        ...(perDimension ? ['dimension IS NOT NULL'] : []),
        ...(b.column ? [`${b.column} IS NOT NULL`] : []),
      ];
      await ctx.write(
        'feedback_resolution',
        `SELECT dimension, '${b.segmentBy}' AS segment_by, segment, month, items, resolved, items - resolved AS open,
           median_hours, p90_hours, $1 AS sla_hours, within_sla, decided,
           CASE WHEN decided > 0 THEN ${sql.toFloat('within_sla')} / decided END AS share_within_sla
         FROM (SELECT ${perDimension ? 'dimension' : `'all'`} AS dimension, ${b.column ?? `'all'`} AS segment,
                 ${b.perMonth ? 'month' : 'NULL'} AS month, count(*) AS items, sum(resolved) AS resolved,
                 ${sql.listElement(quantiles, 1)} AS median_hours, ${sql.listElement(quantiles, 2)} AS p90_hours,
                 sum(CASE WHEN resolved = 1 AND hours <= $1 THEN 1 ELSE 0 END) AS within_sla,
                 sum(resolved) + sum(late_open) AS decided
               FROM ${ITEMS} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
               ${keys.length > 0 ? `GROUP BY ${keys.join(', ')}` : ''}) r`,
        [sla],
      );
    }
  }
  return Number(n);
}

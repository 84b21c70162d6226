/**
 * The care calendar (SPEC §2 seed 004 §9; issue 8 item 3; `clientele care`): customers whose
 * birthday (`customers.birth_date`) or acquisition anniversary (`customers.acquired_at`, else the
 * first completed purchase; 1 year or more) falls in the next N days, honouring consent.
 *
 * Consent: a care greeting is an outbound contact that is not needed to serve the customer, so it
 * takes the `marketing` consent (the consents table has no care purpose). SPEC §7 says consent is
 * honoured by target lists and does not say what a missing record means; like an opt-in rule, a
 * customer without a marketing consent record is left out (as is one who withdrew it), and the
 * calendar counts both so that the gap shows.
 */
import type { Engine } from '../../store/engine.js';
import { daysFrom, occasionDates } from './calendar-dates.js';

/** The consent purpose a care contact needs. */
export const CARE_CONSENT_PURPOSE = 'marketing';

export interface CareOccasion {
  /** The date to greet on (`YYYY-MM-DD`). */
  date: string;
  /** Days from the window's first day (0 = that day). */
  daysUntil: number;
  customerId: string;
  occasion: 'birthday' | 'anniversary';
  /** Years as a customer on an anniversary; null for a birthday (the age is not shown). */
  years: number | null;
  region: string | null;
  membershipTier: string | null;
  /** From the latest finished analysis run, when there is one. */
  segment: string | null;
  clv12m: number | null;
}

export interface CareCalendar {
  from: string;
  /** The last day of the window. */
  to: string;
  days: number;
  consentPurpose: string;
  /** The run the segments and CLV come from, or null. */
  runId: number | null;
  occasions: CareOccasion[];
  /** Occasions left out for consent: withdrawn (granted = false) or never recorded. */
  leftOut: { withdrawn: number; notRecorded: number };
}

type OccasionRow = {
  customer_id: string;
  occasion: 'birthday' | 'anniversary';
  month_day: string;
  year: number;
  granted: boolean | null;
  region: string | null;
  membership_tier: string | null;
  segment: string | null;
  clv_12m: number | null;
};

/**
 * The occasions in the `days` days from `from` (an ISO date in the workspace's time zone).
 *
 * @example const c = await careCalendar(ws.db, { from: '2025-03-01', days: 7 });
 */
export async function careCalendar(
  db: Engine,
  { from, days }: { from: string; days: number },
): Promise<CareCalendar> {
  const sql = db.dialect;
  const dates = occasionDates(from, days);
  const monthDays = [...dates.keys()];
  // The latest finished run (as `latestRun` in run.ts, which imports the catalogue of analyses).
  const [latest] = await db.query<{ id: number | null }>(
    `SELECT max(run_id) AS id FROM runs WHERE status = 'done'`,
  );
  const runId = latest.id;
  const params = [...monthDays, CARE_CONSENT_PURPOSE, runId ?? -1];
  const list = monthDays.map((_, i) => `$${i + 1}`).join(', ');
  const purpose = `$${monthDays.length + 1}`;
  const run = `$${monthDays.length + 2}`;
  const md = (d: string) => `substr(${sql.toText(d)}, 6, 5)`;
  const year = (d: string) => `CAST(substr(${sql.toText(d)}, 1, 4) AS INTEGER)`;
  const since = `SELECT customer_id, coalesce(max(acquired), min(first_day)) AS day
    FROM (SELECT customer_id, ${sql.localDate('acquired_at')} AS acquired, NULL AS first_day FROM customers
          WHERE acquired_at IS NOT NULL
          UNION ALL
          SELECT customer_id, NULL AS acquired, ${sql.localDate('occurred_at')} AS first_day FROM transactions
          WHERE status IS NULL OR status = 'completed') u
    GROUP BY customer_id`;
  const occasions = `SELECT customer_id, 'birthday' AS occasion, ${md('birth_date')} AS month_day, ${year('birth_date')} AS year
      FROM customers WHERE birth_date IS NOT NULL AND ${md('birth_date')} IN (${list})
    UNION ALL
    SELECT customer_id, 'anniversary' AS occasion, ${md('day')} AS month_day, ${year('day')} AS year
      FROM (${since}) s WHERE day IS NOT NULL AND ${md('day')} IN (${list})`;
  const consented = `SELECT o.customer_id, o.occasion, o.month_day, o.year, c.granted
    FROM (${occasions}) o LEFT JOIN (SELECT customer_id, granted FROM consents WHERE purpose = ${purpose}) c
      ON c.customer_id = o.customer_id`;
  const described = `SELECT k.customer_id, k.occasion, k.month_day, k.year, k.granted, p.region, p.membership_tier
    FROM (${consented}) k LEFT JOIN customers p ON p.customer_id = k.customer_id`;
  const rows = await db.query<OccasionRow>(
    `SELECT d.customer_id, d.occasion, d.month_day, d.year, d.granted, d.region, d.membership_tier, v.segment, v.clv_12m
     FROM (${described}) d LEFT JOIN (SELECT customer_id, segment, clv_12m FROM customer_value WHERE run_id = ${run}) v
       ON v.customer_id = d.customer_id`,
    params,
  );
  const out: CareOccasion[] = [];
  const leftOut = { withdrawn: 0, notRecorded: 0 };
  for (const r of rows) {
    const date = dates.get(r.month_day);
    if (!date) continue;
    const years = Number(date.slice(0, 4)) - Number(r.year);
    // A first birthday or anniversary is one year on (a date in the future is no occasion).
    if (years < 1) continue;
    if (r.granted !== true) {
      if (r.granted === false) leftOut.withdrawn++;
      else leftOut.notRecorded++;
      continue;
    }
    out.push({
      date,
      daysUntil: daysFrom(from, date),
      customerId: r.customer_id,
      occasion: r.occasion,
      years: r.occasion === 'anniversary' ? years : null,
      region: r.region,
      membershipTier: r.membership_tier,
      segment: r.segment,
      clv12m: r.clv_12m,
    });
  }
  out.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.occasion.localeCompare(b.occasion) ||
      (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0),
  );
  const to = [...dates.values()].sort().at(-1)!;
  return { from, to, days, consentPurpose: CARE_CONSENT_PURPOSE, runId, occasions: out, leftOut };
}

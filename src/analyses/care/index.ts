/**
 * CRM care (SPEC §2 seed 004 §9; issue 8 item 3): contacts per customer by channel and month and
 * their distribution (`contacts.ts`), and feedback resolution time against the SLA
 * (`resolution.ts`). The care calendar is asked for on the day (`calendar.ts`, `clientele care`),
 * not stored with a run. See docs/metrics/care.md.
 */
import type { RunContext } from '../context.js';
import { writeContacts } from './contacts.js';
import { slaHours, writeResolution } from './resolution.js';

export { CARE_CONSENT_PURPOSE, type CareCalendar, type CareOccasion, careCalendar } from './calendar.js';
export { MAX_WINDOW_DAYS, todayIn } from './calendar-dates.js';
export { RESOLUTION_SLA_HOURS } from './resolution.js';

/**
 * Writes `crm_contacts`, `crm_contact_distribution` and `feedback_resolution` for the run, with the
 * KPIs `contacts`, `contacts_per_customer` (over every known customer), `resolution_median_hours`
 * and `resolution_within_sla`. Needs `_voice_customers`.
 *
 * @example await care(ctx); // after voiceCustomers
 */
export async function care(ctx: RunContext): Promise<void> {
  const contacts = await writeContacts(ctx);
  ctx.kpi('contacts', contacts, 'contacts');
  if (contacts === 0) {
    ctx.warn('no communications up to the observation date: no contact statistics');
  } else {
    const [row] = await ctx.db.query<{ customers: number }>(
      `SELECT sum(customers) AS customers FROM crm_contact_distribution WHERE run_id = $1 AND channel = 'all'`,
      [ctx.runId],
    );
    ctx.kpi(
      'contacts_per_customer',
      Number(row.customers) > 0 ? contacts / Number(row.customers) : null,
      'contacts',
    );
  }
  const items = await writeResolution(ctx);
  if (items === 0) {
    ctx.warn('no complaints or resolved feedback up to the observation date: no resolution times');
    return;
  }
  const [all] = await ctx.db.query<{ median_hours: number | null; share_within_sla: number | null }>(
    `SELECT median_hours, share_within_sla FROM feedback_resolution
     WHERE run_id = $1 AND dimension = 'all' AND segment_by = 'all' AND month IS NULL`,
    [ctx.runId],
  );
  ctx.kpi('resolution_median_hours', all?.median_hours ?? null, 'hours');
  ctx.kpi('resolution_within_sla', all?.share_within_sla ?? null, 'share');
  ctx.kpi('resolution_sla_hours', slaHours(ctx), 'hours');
}

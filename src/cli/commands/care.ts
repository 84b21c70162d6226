/** `clientele care`: the care calendar of upcoming birthdays and customer anniversaries. */
import {
  CARE_CONSENT_PURPOSE,
  type CareCalendar,
  careCalendar,
  MAX_WINDOW_DAYS,
  todayIn,
} from '../../analyses/care/index.js';
import { UsageError } from '../../errors.js';
import { openWorkspace, workspaceDir } from '../../workspace/index.js';
import { parse, print, showHelp } from '../args.js';

export const CARE_HELP = `clientele care [--days N] [--from DATE] [--json] [--workspace DIR]

The care calendar: customers whose birthday (customers.birth_date) or customer anniversary
(customers.acquired_at, else the first completed purchase; one year or more) falls in the next N
days, to greet them. Dates are calendar days in the workspace's time zone. A birthday on 29 February
is kept on 28 February in a year without one.

Consent: only customers who granted the ${CARE_CONSENT_PURPOSE} consent are listed (a greeting is an
outbound contact; the consents table has no care purpose). A customer who withdrew it, or has no
${CARE_CONSENT_PURPOSE} consent record at all, is left out and counted at the end.

  --days N      days to look ahead, today included (default 7, at most ${MAX_WINDOW_DAYS})
  --from DATE   the first day instead of today (YYYY-MM-DD)
  --json        print {"from","to","days","consentPurpose","runId","occasions":[{"date","daysUntil",
                "customerId","occasion","years","region","membershipTier","segment","clv12m"}],
                "leftOut":{"withdrawn","notRecorded"}}

Segment and 12-month CLV come from the latest finished analysis run, when there is one.`;

function isoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * Runs `clientele care`; returns the exit code.
 *
 * @example process.exitCode = await careCommand(['--days', '7', '--json']);
 */
export async function careCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse('care', argv, {
    days: { type: 'string' },
    from: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return showHelp(CARE_HELP);
  if (positionals.length > 0) {
    throw new UsageError(`care: unexpected argument "${positionals[0]}" (see "clientele care --help")`);
  }
  const daysText = (values.days as string | undefined) ?? '7';
  const days = Number(daysText);
  if (!(/^\d+$/.test(daysText.trim()) && days >= 1 && days <= MAX_WINDOW_DAYS)) {
    throw new UsageError(
      `care: --days must be a whole number from 1 to ${MAX_WINDOW_DAYS}, got "${daysText}"`,
    );
  }
  const from = values.from as string | undefined;
  if (from !== undefined && !isoDate(from)) {
    throw new UsageError(`care: --from must be a date written YYYY-MM-DD, e.g. 2025-03-01, got "${from}"`);
  }
  const ws = await openWorkspace(workspaceDir(values.workspace as string | undefined));
  try {
    const calendar = await careCalendar(ws.db, { from: from ?? todayIn(ws.config.timeZone), days });
    print(values.json ? JSON.stringify(calendar) : render(calendar).join('\n'));
    return 0;
  } finally {
    await ws.close();
  }
}

/** The calendar as a text table. */
export function render(c: CareCalendar): string[] {
  const lines = [
    `care calendar ${c.from} … ${c.to} (${c.days} day${c.days === 1 ? '' : 's'}), customers with ${c.consentPurpose} consent:`,
  ];
  if (c.occasions.length === 0) {
    lines.push('  no birthdays or customer anniversaries in these days');
  } else {
    const header = ['date', 'in', 'occasion', 'years', 'customer', 'region', 'tier', 'segment', 'CLV 12m'];
    const rows = c.occasions.map((o) => [
      o.date,
      `${o.daysUntil}d`,
      o.occasion,
      o.years === null ? '' : String(o.years),
      o.customerId,
      o.region ?? '',
      o.membershipTier ?? '',
      o.segment ?? '',
      o.clv12m === null ? '' : o.clv12m.toFixed(2),
    ]);
    const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffdc]/.test(ch) ? 2 : 1), 0);
    const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]))));
    const line = (cells: string[]) =>
      `  ${cells
        .map((cell, i) => {
          const pad = ' '.repeat(widths[i] - width(cell));
          return i === 1 || i === 3 || i === 8 ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd()}`;
    lines.push(line(header), ...rows.map(line));
    const customers = new Set(c.occasions.map((o) => o.customerId)).size;
    lines.push(
      `${c.occasions.length} occasion${c.occasions.length === 1 ? '' : 's'} for ${customers} customer${customers === 1 ? '' : 's'}`,
    );
  }
  const { withdrawn, notRecorded } = c.leftOut;
  if (withdrawn + notRecorded > 0) {
    lines.push(
      `left out for consent: ${withdrawn} withdrew ${c.consentPurpose} consent, ${notRecorded} without a ${c.consentPurpose} consent record${notRecorded > 0 ? ' (import consents to include them)' : ''}`,
    );
  }
  return lines;
}

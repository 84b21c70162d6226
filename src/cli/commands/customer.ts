/** `clientele customer ID`: the customer 360. */
import { type Customer360, customer360, RECENT } from '../../analyses/customer/index.js';
import { listRuns } from '../../analyses/run.js';
import { UsageError } from '../../errors.js';
import { chooseRun } from '../../report/runs.js';
import type { Row } from '../../store/engine.js';
import { openWorkspace, workspaceDir } from '../../workspace/index.js';
import { parse, print, showHelp } from '../args.js';

export const CUSTOMER_HELP = `clientele customer ID [--run ID] [--show-pii] [--json] [--workspace DIR]

One customer's 360: profile, figures of an analysis run (RFM, lifetime value, profit, loyalty,
influence), tags, segments, the latest ${RECENT} transactions and feedback, relations both ways
(whom they referred, who referred them), banking-class history and latest balances.

Personal data (name, phone, e-mail, ID number, birth date, feedback text, extra columns) is
masked — 138****5678, z***@example.com, 张* — unless --show-pii is given.

  --run ID     the run whose figures and tags to show (default: the latest finished run; without
               any run, the data alone)
  --show-pii   show personal data in clear
  --json       print the 360 as one JSON object

An id that no table knows ends with exit code 1.`;

/**
 * Runs `clientele customer`; returns the exit code.
 *
 * @example process.exitCode = await customerCommand(['C000042', '--json']);
 */
export async function customerCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse('customer', argv, {
    run: { type: 'string' },
    'show-pii': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (values.help) return showHelp(CUSTOMER_HELP);
  if (positionals.length !== 1) {
    throw new UsageError(
      `customer: give one customer ID${positionals.length > 1 ? `, got ${positionals.join(' ')}` : ''} (see "clientele customer --help")`,
    );
  }
  const ws = await openWorkspace(workspaceDir(values.workspace as string | undefined));
  try {
    const requested = values.run as string | undefined;
    const run =
      requested !== undefined
        ? await chooseRun(ws.db, requested)
        : ((await listRuns(ws.db)).find((r) => r.status === 'done') ?? null);
    const c = await customer360(ws.db, positionals[0], {
      run: run ? { runId: run.runId, asOf: run.asOf } : null,
      showPii: Boolean(values['show-pii']),
    });
    print(
      values.json
        ? JSON.stringify(c, (_k, v) => (typeof v === 'bigint' ? String(v) : v))
        : render(c).join('\n'),
    );
    return 0;
  } finally {
    await ws.close();
  }
}

const show = (v: unknown): string =>
  v === null || v === undefined
    ? '—'
    : typeof v === 'number'
      ? Number.isInteger(v)
        ? String(v)
        : String(Number(v.toFixed(4)))
      : typeof v === 'object'
        ? JSON.stringify(v)
        : String(v);

/** `key: value` pairs of a row on one line, skipping empty values. */
const pairs = (row: Row, skip: readonly string[] = []) =>
  Object.entries(row)
    .filter(([k, v]) => v !== null && v !== undefined && !skip.includes(k))
    .map(([k, v]) => `${k}: ${show(v)}`)
    .join(' · ');

/** The 360 as lines of text. */
export function render(c: Customer360): string[] {
  const lines = [
    `customer ${c.customerId}${c.run ? ` — run ${c.run.runId}, data as of ${c.run.asOf.slice(0, 10)}` : ' — no analysis run yet (clientele analyze)'}`,
    c.piiShown ? 'personal data shown in clear' : 'personal data masked (--show-pii to show it)',
    '',
    'Profile',
    c.profile ? `  ${pairs(c.profile, ['customer_id'])}` : '  not in the customers table',
  ];
  const figures: [string, Row | null][] = [
    ['RFM', c.kpis.rfm],
    ['value', c.kpis.value],
    ['profit', c.kpis.profitability],
    ['loyalty', c.kpis.loyalty],
    ['influence', c.kpis.influence],
  ];
  if (c.run) {
    lines.push('', 'Figures');
    for (const [name, row] of figures) lines.push(`  ${name.padEnd(10)}${row ? pairs(row) : '—'}`);
    lines.push(
      '',
      `Tags: ${c.tags.length ? c.tags.join(', ') : '—'}`,
      `Segments: RFM ${show(c.segments.rfm)} · cluster ${show(c.segments.cluster)} · banking class ${show(c.segments.bankingClass)}`,
    );
  }
  const list = (title: string, rows: Row[], skip: string[] = []) => {
    lines.push('', `${title}${rows.length ? '' : ': —'}`);
    for (const r of rows) lines.push(`  ${pairs(r, skip)}`);
  };
  list('Recent transactions', c.transactions);
  list('Recent feedback', c.feedback);
  const { outgoing, incoming, outgoingTotal, incomingTotal } = c.relations;
  const more = (shown: number, total: number) => (total > shown ? ` (${shown} of ${total} shown)` : '');
  list(`Relations from this customer${more(outgoing.length, outgoingTotal)}`, outgoing);
  list(`Relations to this customer${more(incoming.length, incomingTotal)}`, incoming);
  if (c.run) {
    const spells = c.classHistory.map(
      (h) => `  ${h.from.slice(0, 7)}${h.to === h.from ? '' : ` … ${h.to.slice(0, 7)}`}: ${h.class}`,
    );
    lines.push('', `Banking class history${spells.length ? '' : ': —'}`, ...spells);
  }
  list('Latest balances', c.balances);
  return lines;
}

/**
 * The workspace config, `clientele.json`: currency, time zone, the plausible range of imported
 * dates, and the analyses' settings (tag rules, banking classes, resolution SLA). Validated on every open, with messages naming the file and the key.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { WorkspaceError } from '../errors.js';

export const CONFIG_FILE = 'clientele.json';

export interface WorkspaceConfig {
  /** ISO 4217 code of the one currency money is kept in, e.g. `CNY`. */
  currency: string;
  /** IANA time zone that dates without a zone are read in, e.g. `Asia/Shanghai`. */
  timeZone: string;
  /** Imported dates outside this range are implausible; both ends optional (`YYYY-MM-DD`). */
  dateRange?: { from?: string; to?: string };
  /** Tag rules added to or replacing the shipped ones (`null` drops one); docs/metrics/tags.md. */
  tags?: Record<string, string | null>;
  /** Banking classes: period and the AUM a customer must hold (docs/metrics/banking.md). */
  banking?: { period?: 'month' | 'quarter'; threshold?: number };
  /** Hours within which feedback should be resolved (docs/metrics/care.md); default 48. */
  resolutionSlaHours?: number;
}

export const DEFAULT_CONFIG: WorkspaceConfig = { currency: 'CNY', timeZone: 'Asia/Shanghai' };
/** The earliest plausible date when `dateRange.from` is not set. */
export const DEFAULT_EARLIEST = '1900-01-01';

/** Why `value` is not a usable currency code, or null when it is one. */
export function currencyProblem(value: string): string | null {
  if (Intl.supportedValuesOf('currency').includes(value)) return null;
  const upper = value.toUpperCase();
  const hint = Intl.supportedValuesOf('currency').includes(upper) ? ` (did you mean "${upper}"?)` : '';
  return `"${value}" is not an ISO 4217 currency code: use three capital letters such as CNY, EUR or USD${hint}`;
}

/** Why `value` is not a usable IANA time zone, or null when it is one. */
export function timeZoneProblem(value: string): string | null {
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone;
  } catch {
    return `"${value}" is not a known time zone: use an IANA name such as Asia/Shanghai, Europe/Berlin or UTC`;
  }
  if (resolved !== value && resolved.toLowerCase() === value.toLowerCase()) {
    return `"${value}" is not spelled as a time zone: write "${resolved}"`;
  }
  return null;
}

/** The UTC midnight of an ISO date `YYYY-MM-DD`, or null when it is not a real calendar date. */
export function parseIsoDate(value: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const d = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value ? null : d;
}

const missingOr = (example: string, expected: string) => (issue: { input?: unknown }) =>
  issue.input === undefined ? `is missing: add e.g. ${example}` : `must be ${expected}`;

/** A string checked by `problem` (null when fine), which names the value in its message. */
const checkedText = (example: string, expected: string, problem: (v: string) => string | null) =>
  z.string({ error: missingOr(example, expected) }).superRefine((v, ctx) => {
    const message = problem(v);
    if (message) ctx.addIssue({ code: 'custom', message });
  });

const isoDate = checkedText('"1900-01-01"', 'a date written "YYYY-MM-DD"', (v) =>
  parseIsoDate(v) ? null : `${JSON.stringify(v)} is not a valid date written "YYYY-MM-DD", e.g. "1900-01-01"`,
);

const ConfigSchema = z.strictObject({
  currency: checkedText('"CNY"', 'text: an ISO 4217 code such as "CNY"', currencyProblem),
  timeZone: checkedText(
    '"Asia/Shanghai"',
    'text: an IANA time zone such as "Asia/Shanghai"',
    timeZoneProblem,
  ),
  dateRange: z
    .strictObject(
      { from: isoDate.optional(), to: isoDate.optional() },
      { error: missingOr('{}', 'an object like { "from": "1900-01-01", "to": "2100-01-01" }') },
    )
    .refine((r) => !r.from || !r.to || r.from < r.to, {
      error: (issue) => {
        const r = issue.input as { from: string; to: string };
        return `"from" (${r.from}) must be before "to" (${r.to})`;
      },
    })
    .optional(),
  tags: z
    // Tag names and rules are checked when a run starts (analyses/tags), naming the key.
    .record(z.string(), z.string({ error: 'must be a rule (text) or null' }).nullable(), {
      error: missingOr('{}', 'an object of tag rules like { "vip": "clv_12m >= p95" }'),
    })
    .optional(),
  banking: z
    .strictObject(
      {
        period: z.enum(['month', 'quarter'], { error: 'must be "month" or "quarter"' }).optional(),
        threshold: z.number({ error: 'must be a number' }).positive({ error: 'must be above 0' }).optional(),
      },
      { error: missingOr('{}', 'an object like { "period": "month", "threshold": 1 }') },
    )
    .optional(),
  resolutionSlaHours: z
    .number({ error: 'must be a number of hours' })
    .positive({ error: 'must be above 0' })
    .optional(),
});

type Issue = z.core.$ZodIssue;

function describeIssue(issue: Issue, raw: unknown): string {
  const key = issue.path.join('.');
  if (issue.code === 'unrecognized_keys') {
    const where = key ? ` in "${key}"` : '';
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${where} (known: ${knownKeys(issue.path)})`;
  }
  if (!key) return `must be a JSON object like ${JSON.stringify(DEFAULT_CONFIG)}`;
  if (issue.code === 'custom') return `"${key}": ${issue.message}`;
  const got = valueAt(raw, issue.path);
  return `"${key}" ${issue.message}${got === undefined ? '' : `, got ${JSON.stringify(got)}`}`;
}

function knownKeys(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'currency, timeZone, dateRange, tags, banking, resolutionSlaHours';
  return path[0] === 'banking' ? 'period, threshold' : 'from, to';
}

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let v = raw;
  for (const p of path)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

/**
 * Checks a parsed `clientele.json`; `file` names it in the messages.
 *
 * @example validateConfig({ currency: 'EUR' }, 'ws/clientele.json'); // throws: ws/clientele.json: "timeZone" is missing: add e.g. "Asia/Shanghai"
 */
export function validateConfig(raw: unknown, file: string): WorkspaceConfig {
  const r = ConfigSchema.safeParse(raw);
  if (r.success) return r.data;
  throw new WorkspaceError(`${file}: ${r.error.issues.map((i) => describeIssue(i, raw)).join('; ')}`);
}

/** Reads and validates `DIR/clientele.json`; undefined when the file does not exist. */
export function readConfig(dir: string): WorkspaceConfig | undefined {
  const file = join(dir, CONFIG_FILE);
  if (!existsSync(file)) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new WorkspaceError(`cannot read ${file}: ${(e as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new WorkspaceError(`${file} is not valid JSON: ${(e as Error).message.replace(/\s+/g, ' ')}`);
  }
  return validateConfig(raw, file);
}

/**
 * The plausible range of imported dates: `from` (inclusive) to `to` (exclusive), both at UTC
 * midnight of the configured dates. Defaults: from 1900-01-01; to one year after `now` (the time
 * of the import).
 *
 * @example plausibleDateRange({ currency: 'CNY', timeZone: 'UTC', dateRange: { from: '2000-01-01' } }, new Date('2025-06-01'))
 *   // { from: 2000-01-01T00:00:00Z, to: 2026-06-01T00:00:00Z }
 */
export function plausibleDateRange(
  config: WorkspaceConfig,
  now: Date = new Date(),
): { from: Date; to: Date } {
  const range = config.dateRange ?? {};
  const at = (key: 'from' | 'to', value: string): Date => {
    const d = parseIsoDate(value);
    if (!d) {
      throw new WorkspaceError(
        `${CONFIG_FILE}: "dateRange.${key}" must be a date written "YYYY-MM-DD", got ${JSON.stringify(value)}`,
      );
    }
    return d;
  };
  const from = at('from', range.from ?? DEFAULT_EARLIEST);
  let to: Date;
  if (range.to !== undefined) to = at('to', range.to);
  else {
    to = new Date(now.getTime());
    to.setUTCFullYear(to.getUTCFullYear() + 1);
  }
  if (!(from < to)) {
    const toText = range.to ?? `${to.toISOString().slice(0, 10)}, one year from now`;
    throw new WorkspaceError(
      `${CONFIG_FILE}: "dateRange.from" (${range.from ?? DEFAULT_EARLIEST}) must be before "dateRange.to" (${toText}): correct "dateRange" in ${CONFIG_FILE}`,
    );
  }
  return { from, to };
}

/**
 * Numbers, money, shares and dates as the report shows them, in the reader's language. Anything
 * that is not a finite number shows as a dash, never as `NaN` or `undefined`.
 */
import { type Language, LOCALES } from './i18n/index.js';

export interface Formats {
  integer(n: number | null | undefined): string;
  /** A number with up to `digits` decimals (default 2). */
  number(n: number | null | undefined, digits?: number): string;
  /** A share (0–1) as a percentage. */
  percent(share: number | null | undefined, digits?: number): string;
  /** An amount in the workspace currency (no decimals from 1,000 up). */
  money(n: number | null | undefined): string;
  /** A short axis label: 12K / 1.2万. */
  compact(n: number): string;
  /** A KPI value by its unit: currency code, `share`, `ratio`, `score`, a count… */
  kpi(value: number | null | undefined, unit: string): string;
  /** The calendar date of an ISO instant in the workspace time zone (`2024-06-30`). */
  date(iso: string | null | undefined): string;
  /** Date and minute of an ISO instant in the workspace time zone. */
  dateTime(iso: string | null | undefined): string;
}

const DASH = '—';

const finite = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);

/**
 * The formats for a language, currency and time zone.
 *
 * @example formats('en', 'CNY', 'Asia/Shanghai').percent(0.1234) // '12.3%'
 */
export function formats(language: Language, currency: string, timeZone: string): Formats {
  const locale = LOCALES[language];
  const nf = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat(locale, options);
  const integer = nf({ maximumFractionDigits: 0 });
  const compact = nf({ notation: 'compact', maximumFractionDigits: 1 });
  let money: (n: number) => string;
  try {
    const small = nf({ style: 'currency', currency, maximumFractionDigits: 2 });
    const large = nf({ style: 'currency', currency, maximumFractionDigits: 0 });
    money = (n) => (Math.abs(n) >= 1000 ? large : small).format(n);
  } catch {
    money = (n) => `${nf({ maximumFractionDigits: 2 }).format(n)} ${currency}`;
  }
  const day = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  const time = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  });
  const instant = (iso: string | null | undefined) => {
    if (!iso) return null;
    // ISO instants ('…Z') and the engine's text ('2024-06-30 16:00:00.5+08': offset without minutes).
    const d = new Date(iso.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
    return Number.isNaN(d.getTime()) ? null : d;
  };
  const f: Formats = {
    integer: (n) => (finite(n) ? integer.format(n) : DASH),
    number: (n, digits = 2) => (finite(n) ? nf({ maximumFractionDigits: digits }).format(n) : DASH),
    percent: (s, digits = 1) => {
      if (!finite(s)) return DASH;
      // A small non-zero share keeps two significant digits rather than showing as 0.0 %.
      if (s !== 0 && Math.abs(s) < 10 ** -(digits + 2))
        return nf({ style: 'percent', maximumSignificantDigits: 2 }).format(s);
      return nf({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(s);
    },
    money: (n) => (finite(n) ? money(n) : DASH),
    compact: (n) => (finite(n) ? compact.format(n) : DASH),
    kpi: (value, unit) => {
      if (!finite(value)) return DASH;
      if (unit === currency || /^[A-Z]{3}$/.test(unit))
        return unit === currency ? f.money(value) : `${f.number(value)} ${unit}`;
      if (unit === 'share') return f.percent(value);
      if (unit === 'ratio') return f.number(value, 2);
      if (unit === 'score' || unit === 'points') return f.number(value, 1);
      return Number.isInteger(value) ? f.integer(value) : f.number(value, 1);
    },
    date: (iso) => {
      const d = instant(iso);
      return d ? day.format(d) : DASH;
    },
    dateTime: (iso) => {
      const d = instant(iso);
      return d ? `${day.format(d)} ${time.format(d)}` : DASH;
    },
  };
  return f;
}

/** Checking the strptime formats a mapping gives for dates and times, before any file is read. */

/**
 * The strptime specifiers the engine (DuckDB) documents and accepts: weekday, day, month, year,
 * hour, minute, second, fractions, time zone, day of year, week, locale forms, and `%%`.
 */
export const DATE_SPECIFIERS: readonly string[] = [
  ...['%a', '%A', '%w', '%u', '%d', '%-d', '%b', '%h', '%B', '%m', '%-m', '%y', '%-y', '%Y', '%G'],
  ...['%H', '%-H', '%I', '%-I', '%p', '%M', '%-M', '%S', '%-S', '%g', '%f', '%n', '%z', '%Z'],
  ...['%j', '%-j', '%U', '%W', '%V', '%c', '%x', '%X', '%%'],
];

const KNOWN = new Set(DATE_SPECIFIERS);
const HINT = '(use %Y, %m, %d, %H, %M, %S …)';

/**
 * What is wrong with a strptime format, or null when it is usable: an unknown specifier, a lone
 * `%` at the end, or no specifier at all (a format such as `YYYY-MM-DD` matches only itself).
 *
 * @example dateFormatProblem('%d.%m.%Y') // null
 * @example dateFormatProblem('%Y-%Q') // '"%Q" is not a date format specifier (use %Y, %m, %d, %H, %M, %S …)'
 */
export function dateFormatProblem(format: string): string | null {
  let specifiers = 0;
  for (let i = 0; i < format.length; i++) {
    if (format[i] !== '%') continue;
    const spec = format.slice(i, format[i + 1] === '-' ? i + 3 : i + 2);
    if (spec === '%' || spec === '%-') {
      return `"${format}" ends with a lone "${spec}" (write %% for a percent sign) ${HINT}`;
    }
    if (!KNOWN.has(spec)) return `"${spec}" is not a date format specifier ${HINT}`;
    if (spec !== '%%') specifiers++;
    i += spec.length - 1;
  }
  return specifiers === 0 ? `"${format}" has no date format specifier ${HINT}` : null;
}

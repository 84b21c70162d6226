/** CSV export of any table of results (RFC 4180 quoting, UTF-8 with BOM so Excel reads Chinese text). */

/** The byte-order mark that makes Excel read a CSV file as UTF-8. */
export const UTF8_BOM = '\uFEFF';

/**
 * One CSV field: empty for null, quoted when it holds a comma, quote or line break.
 * @example csvCell('x,y') // '"x,y"'
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One CSV line (with its CRLF ending) of `row`'s values for `columns`.
 * @example csvLine(['a', 'b'], { a: 1, b: null }) // '1,\r\n'
 */
export function csvLine(columns: readonly string[], row: Record<string, unknown>): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) line += (i ? ',' : '') + csvCell(row[columns[i]]);
  return `${line}\r\n`;
}

/**
 * Rows as CSV text.
 * @example toCsv(['a'], [{ a: 'x,y' }]) // '\uFEFFa\r\n"x,y"\r\n'
 */
export function toCsv(columns: readonly string[], rows: readonly Record<string, unknown>[]): string {
  const lines = [columns.map(csvCell).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c])).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

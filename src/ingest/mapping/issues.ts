/**
 * Wording of mapping problems: every one names the JSON path of its key (`"columns.amount.expr"`,
 * `"rejectIf[0].reason"`), says what is expected and shows what was found.
 */
import type { z } from 'zod';

/** How a value found in the mapping is shown: strings quoted, lists and objects by kind. */
export function got(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}…` : v);
  return String(v);
}

/**
 * An error function for a zod schema: "is missing" when the key is absent, else `must be WHAT`,
 * followed by what was found unless `showGot` is false.
 */
export function need(what: string, showGot = true) {
  return (iss: { input?: unknown }): string =>
    iss.input === undefined ? 'is missing' : `must be ${what}${showGot ? ` (got ${got(iss.input)})` : ''}`;
}

/** `columns.amount.expr`, `rejectIf[0].reason`: the path of a key as the user would write it. */
export function keyPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');
}

/** Edit distance (insertions, deletions, substitutions, and swaps of neighbours count 1). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known key closest to a misspelt one, if any is close enough to be the likely intent. */
export function closest(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = distance(key.toLowerCase(), name.toLowerCase());
    const limit = Math.max(1, Math.floor(Math.max(key.length, name.length) / 3));
    if (d <= limit && (!best || d < best.d)) best = { name, d };
  }
  return best?.name;
}

/** `unknown key "colums" (did you mean "columns"?)`, or the list of known keys. */
export function unknownKey(key: string, known: readonly string[]): string {
  const near = closest(key, known);
  return `unknown key "${key}" (${near ? `did you mean "${near}"?` : `known keys: ${known.join(', ')}`})`;
}

/** Most problems shown at once; the rest are counted. */
const MAX_SHOWN = 10;

/**
 * One line per problem. A message that reads on from the key (`must …`, `is …`, `needs …`) follows
 * the quoted path; any other (`unknown key …`, `"%Q" is not …`) follows it after a colon.
 * Messages pushed with `params.bare` name their key themselves and are shown as they are.
 */
export function problemLines(issues: readonly z.core.$ZodIssue[]): string[] {
  const lines: string[] = [];
  for (const issue of issues) {
    const path = keyPath(issue.path);
    const bare = issue.code === 'custom' && issue.params?.bare === true;
    for (const message of issue.message.split('\n')) {
      if (bare || path === '') lines.push(message);
      else if (/^(must|is|needs|has|repeats)\b/.test(message)) lines.push(`"${path}" ${message}`);
      else lines.push(`"${path}": ${message}`);
    }
  }
  if (lines.length <= MAX_SHOWN) return lines;
  const more = lines.length - MAX_SHOWN;
  return [...lines.slice(0, MAX_SHOWN), `… and ${more} more problem${more === 1 ? '' : 's'}`];
}

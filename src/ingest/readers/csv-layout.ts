/**
 * The layout of delimited text, worked out from its first lines: the delimiter, whether the first
 * line is a header, and the column names.
 */

/** Splits one CSV record (no embedded newline) honouring double quotes. */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      out.push(field);
      field = '';
    } else field += ch;
  }
  out.push(field);
  return out;
}

/** The delimiter (comma, tab, semicolon or bar) that splits the first lines most consistently. */
export function sniffDelimiter(lines: string[]): string {
  const candidates = [',', '\t', ';', '|'];
  let best = ',';
  let bestScore = 0;
  for (const d of candidates) {
    const counts = lines.slice(0, 20).map((l) => splitCsvLine(l, d).length);
    if (counts.length === 0 || counts[0] < 2) continue;
    const consistent = counts.filter((c) => c === counts[0]).length / counts.length;
    const score = consistent * counts[0];
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

const looksLikeData = (v: string) =>
  /^\s*[-+]?(\d[\d,.]*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) || /^\d{4}-\d{2}-\d{2}/.test(v);

/**
 * Whether the first record is a header. An explicit `header` wins. With `sourceColumns`, the
 * first record is a header only when it repeats those names (trimmed, in any letter case); else
 * it is a header when none of its values looks like a number or a date.
 */
export function firstLineIsHeader(first: string[], header?: boolean, sourceColumns?: string[]): boolean {
  if (header !== undefined) return header;
  const values = first.map((v) => v.trim());
  if (sourceColumns) {
    return (
      values.length === sourceColumns.length &&
      values.every((v, i) => v.toLowerCase() === sourceColumns[i].trim().toLowerCase())
    );
  }
  return !values.some(looksLikeData);
}

/**
 * Column names the engine can tell apart: blanks become `columnN`, and a name that repeats an
 * earlier one in any letter case (the engine ignores case) gets a suffix: `Amount`, `amount` →
 * `Amount`, `amount_2`.
 */
export function uniqueColumnNames(names: (string | null | undefined)[]): string[] {
  const taken = new Set<string>();
  const out: string[] = [];
  const filled = names.map((n, i) =>
    n === null || n === undefined || n.trim() === '' ? `column${i + 1}` : n,
  );
  for (const name of filled) {
    let candidate = name;
    for (let k = 2; taken.has(candidate.toLowerCase()); k++) candidate = `${name}_${k}`;
    taken.add(candidate.toLowerCase());
    out.push(candidate);
  }
  return out;
}

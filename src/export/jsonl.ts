/** JSON Lines: one JSON object per row, keys in column order. */

export interface JsonLineOptions {
  /** Columns holding JSON text, embedded as JSON values rather than as strings. */
  jsonColumns?: readonly string[];
  /** Columns holding exact decimal text (money), written as JSON numbers digit for digit. */
  rawNumbers?: readonly string[];
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

/**
 * A function turning a row into one JSON Lines line (with its newline), prepared once per table
 * so that a million rows do not re-encode the keys. Big integers keep every digit; non-finite
 * floats are null.
 *
 * @example jsonLines(['a', 'm'], { rawNumbers: ['m'] })({ a: 'x', m: '12.5000' }) // '{"a":"x","m":12.5000}\n'
 */
export function jsonLines(
  columns: readonly string[],
  options: JsonLineOptions = {},
): (row: Record<string, unknown>) => string {
  const fields = columns.map((name, i) => ({
    name,
    key: `${i ? ',' : '{'}${JSON.stringify(name)}:`,
    json: options.jsonColumns?.includes(name) ?? false,
    raw: options.rawNumbers?.includes(name) ?? false,
  }));
  return (row) => {
    let out = '';
    for (const f of fields) {
      const v = row[f.name];
      let text: string;
      if (v === null || v === undefined) text = 'null';
      else if (typeof v === 'number') text = Number.isFinite(v) ? String(v) : 'null';
      else if (typeof v === 'bigint') text = String(v);
      else if (typeof v === 'string') {
        if (f.raw && DECIMAL.test(v)) text = v;
        else if (f.json) text = embeddedJson(v);
        else text = JSON.stringify(v);
      } else text = JSON.stringify(v instanceof Date ? v.toISOString() : v);
      out += f.key + text;
    }
    return fields.length ? `${out}}\n` : '{}\n';
  };
}

/**
 * One JSON Lines line; for many rows, prepare the columns once with `jsonLines`.
 *
 * @example jsonLine(['a', 'm'], { a: 'x', m: '12.5000' }, { rawNumbers: ['m'] }) // '{"a":"x","m":12.5000}\n'
 */
export function jsonLine(
  columns: readonly string[],
  row: Record<string, unknown>,
  options: JsonLineOptions = {},
): string {
  return jsonLines(columns, options)(row);
}

/** JSON text as a JSON value on one line (as it is when it has no line break); a string if it is not JSON. */
function embeddedJson(text: string): string {
  try {
    const value = JSON.parse(text);
    return /[\r\n]/.test(text) ? JSON.stringify(value) : text;
  } catch {
    return JSON.stringify(text);
  }
}

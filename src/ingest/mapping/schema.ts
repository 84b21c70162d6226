/** The schema of a whole mapping file for one table, and its conversion to a checked `Mapping`. */
import iconv from 'iconv-lite';
import { z } from 'zod';
import type { ColumnSource, Mapping } from '../../schema/mapping.js';
import { TABLE_NAMES, TABLES, type TableName } from '../../schema/tables.js';
import { columnSource, strict, text } from './columns.js';
import { got, need, problemLines, unknownKey } from './issues.js';

const FORMATS = ['csv', 'parquet', 'jsonl', 'xlsx'] as const;
const ENCODING_HINT = '(use utf-8, gb18030, latin1, utf-16le, windows-1252, shift_jis …)';

const delimiter = z.custom<string>(
  (v) =>
    typeof v === 'string' &&
    (v === 'tab' || v === 'whitespace' || ([...v].length === 1 && !['"', '\n', '\r'].includes(v))),
  { error: need('one character, "tab" or "whitespace"') },
);

const encoding = z.string({ error: need('an encoding name such as "utf-8"') }).transform((name, ctx) => {
  if (!iconv.encodingExists(name)) {
    ctx.issues.push({
      code: 'custom',
      message: `${got(name)} is not a known encoding ${ENCODING_HINT}`,
      input: name,
    });
    return z.NEVER;
  }
  return /^utf-?8$/i.test(name) ? 'utf-8' : name;
});

const sourceColumns = z
  .array(text(), { error: need('a list of column names such as ["customer_id", "date", "amount"]') })
  .min(1, { error: 'must not be empty (name every column of the file, in order)' })
  .superRefine((names, ctx) => {
    names.forEach((name, i) => {
      if (names.indexOf(name) < i) {
        ctx.issues.push({
          code: 'custom',
          message: `repeats ${got(name)} (column names must be distinct)`,
          input: name,
          path: [i],
        });
      }
    });
  });

const rejectRule = strict(
  {
    column: text(),
    reason: text(),
    empty: z.literal(true, { error: need('true or left out') }).optional(),
  },
  'an object such as {"column": "CustomerID", "empty": true, "reason": "no CustomerID"}',
);

/** The `"columns"` object: every key a column of `kind`, every value a column source. */
function columnsOf(kind: TableName) {
  const table = TABLES[kind];
  return z
    .record(z.string(), z.unknown(), {
      error: need('an object from table columns to sources, such as {"customer_id": "CustomerID"}'),
    })
    .transform((entries, ctx) => {
      const out: Record<string, ColumnSource> = {};
      for (const [target, spec] of Object.entries(entries)) {
        const def = table.columns.find((c) => c.name === target);
        if (!def) {
          ctx.issues.push({
            code: 'custom',
            message: `"${target}" is not a column of ${kind} (columns: ${table.columns.map((c) => c.name).join(', ')})`,
            input: target,
            params: { bare: true },
          });
          continue;
        }
        const r = columnSource(def).safeParse(spec);
        if (r.success) out[target] = r.data;
        else
          for (const issue of r.error.issues)
            ctx.issues.push({ ...issue, input: undefined, path: [target, ...issue.path] });
      }
      return out;
    });
}

/** The schema of a mapping file read for table `kind`. */
export function mappingSchema(kind: TableName) {
  const tableColumns = TABLES[kind].columns.map((c) => c.name);
  const shape = {
    kind: z.enum(TABLE_NAMES, { error: need(`a table name: ${TABLE_NAMES.join(', ')}`) }).optional(),
    format: z.enum(FORMATS, { error: need(`one of ${FORMATS.join(', ')}`) }).optional(),
    delimiter: delimiter.optional(),
    header: z.boolean({ error: need('true or false') }).optional(),
    encoding: encoding.optional(),
    sourceColumns: sourceColumns.optional(),
    sheet: text().optional(),
    columns: columnsOf(kind).optional(),
    rejectIf: z
      .array(rejectRule, {
        error: (iss) => `must be a list of {"column", "reason", "empty"} (got ${got(iss.input)})`,
      })
      .optional(),
  };
  const known = Object.keys(shape);
  return strict(shape, 'a JSON object', (key) =>
    tableColumns.includes(key) && !known.includes(key)
      ? `unknown key "${key}" (table columns go inside "columns": {"${key}": …})`
      : unknownKey(key, known),
  );
}

/**
 * Checks a parsed mapping file for table `kind`: the mapping, or every problem found (one line
 * each, naming the key's path).
 */
export function checkMapping(
  raw: unknown,
  kind: TableName,
): { mapping: Mapping; problems?: undefined } | { problems: string[] } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [`the mapping must be a JSON object such as {"columns": {…}} (got ${got(raw)})`] };
  }
  // A mapping for another table fails on every column: say the one thing that matters.
  const declared = (raw as Record<string, unknown>).kind;
  if (TABLE_NAMES.includes(declared as TableName) && declared !== kind) {
    return { problems: [`this mapping is for "${declared}", not "${kind}"`] };
  }
  const r = mappingSchema(kind).safeParse(raw);
  if (!r.success) return { problems: problemLines(r.error.issues) };
  const m = r.data;
  const mapping: Mapping = { kind, columns: m.columns ?? {}, rejectIf: m.rejectIf ?? [] };
  if (m.format !== undefined) mapping.format = m.format;
  if (m.delimiter !== undefined) mapping.delimiter = m.delimiter;
  if (m.header !== undefined) mapping.header = m.header;
  if (m.encoding !== undefined) mapping.encoding = m.encoding;
  if (m.sourceColumns !== undefined) mapping.sourceColumns = m.sourceColumns;
  if (m.sheet !== undefined) mapping.sheet = m.sheet;
  return { mapping };
}

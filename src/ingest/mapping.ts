/**
 * Column mappings: how a source file's columns become a canonical table's columns. A mapping is
 * written once per source layout (JSON) and reused. Engine-neutral: `store/` compiles it to SQL.
 *
 * ```json
 * {
 *   "kind": "transactions",
 *   "format": "csv", "encoding": "latin1", "delimiter": "whitespace", "header": true,
 *   "sourceColumns": ["cust", "date", "cds", "dollars"],
 *   "columns": {
 *     "customer_id": "cust",
 *     "occurred_at": { "column": "date", "format": ["%m/%d/%Y %H:%M", "%m/%d/%y %H:%M"] },
 *     "amount": { "expr": "Quantity * UnitPrice" },
 *     "status": { "when": [{ "column": "InvoiceNo", "startsWith": "C", "value": "cancelled" }], "else": "completed" },
 *     "channel": { "value": "web" },
 *     "txn_id": { "derive": "*" }
 *   },
 *   "rejectIf": [{ "column": "CustomerID", "empty": true, "reason": "no CustomerID" }]
 * }
 * ```
 *
 * - `format` (file): csv, parquet, jsonl or xlsx (default: detected); `sheet`: the XLSX worksheet.
 * - `delimiter`: one character, "tab" or "whitespace"; `encoding`: any name iconv-lite knows.
 * - A date `format` is one strptime format or a list tried in order: per value, the first whose
 *   result is a plausible date wins (so `%m/%d/%Y` reading `12/1/10` as year 10 gives way to
 *   `%m/%d/%y`). Once checked it is `formats: string[]` on the column source.
 * - Each `columns` entry has exactly one of `column`, `expr`, `value`, `derive` or `when`; each
 *   `when` case has `column`, `value` and exactly one of `startsWith` or `equals`.
 * - Unknown keys are errors at every level; every problem names the key's path
 *   (`mapping.json: "columns.amount.expr" must be a string`).
 */
import { readFileSync } from 'node:fs';
import { parse as parseJson } from 'lossless-json';
import { InputError } from '../errors.js';
import type { Mapping } from '../schema/mapping.js';
import type { TableName } from '../schema/tables.js';
import { checkMapping } from './mapping/schema.js';

export { type ColumnSource, type Expr, exprColumns, type Mapping } from '../schema/mapping.js';
export { DATE_SPECIFIERS, dateFormatProblem } from './mapping/date-formats.js';
export { parseExpr } from './mapping/expr.js';

/**
 * Reads and checks a mapping file for table `kind`. Throws InputError naming the file: with line
 * and column for invalid JSON, else one line per problem, each naming the key's path.
 *
 * @example loadMapping('examples/mappings/cdnow.json', 'transactions').columns.occurred_at
 * // { kind: 'column', column: 'date', formats: ['%Y%m%d'] }
 */
export function loadMapping(file: string, kind: TableName): Mapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError('mapping file not found or not readable', { file });
  }
  return parseMapping(readJson(text.replace(/^\uFEFF/, ''), file) as Record<string, unknown>, kind, file);
}

/** JSON text to a value; a syntax error (or a key given twice) is reported at its line and column. */
function readJson(text: string, file: string): unknown {
  try {
    return parseJson(text, null, Number);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const at = /^(.*) at position (\d+)$/.exec(message);
    if (!at) throw new InputError(`not valid JSON: ${message}`, { file });
    const twice = /^Duplicate key '(.*)' encountered$/.exec(at[1]);
    // The parser places a repeated key just inside its opening quote: point at the quote.
    const position = Number(at[2]) - (twice && text[Number(at[2]) - 1] === '"' ? 1 : 0);
    const before = text.slice(0, position);
    const line = before.split('\n').length;
    const column = position - before.lastIndexOf('\n');
    const reason = twice ? `key "${twice[1]}" appears twice` : at[1].charAt(0).toLowerCase() + at[1].slice(1);
    throw new InputError(`not valid JSON at column ${column}: ${reason}`, { file, line });
  }
}

/**
 * Checks a parsed mapping for table `kind` and returns it in checked form (date formats as
 * lists, expressions parsed). Throws InputError listing every problem, one per line, each
 * starting with `file:` and naming the key's path.
 *
 * @example parseMapping({ columns: { amount: { expr: 'Quantity * UnitPrice' } } }, 'transactions')
 */
export function parseMapping(raw: Record<string, unknown>, kind: TableName, file = 'mapping'): Mapping {
  const checked = checkMapping(raw, kind);
  if (checked.problems) throw new InputError(checked.problems.join(`\n${file}: `), { file });
  return checked.mapping;
}

/** The identity mapping: canonical column names taken as they are. */
export function defaultMapping(kind: TableName): Mapping {
  return { kind, columns: {}, rejectIf: [] };
}

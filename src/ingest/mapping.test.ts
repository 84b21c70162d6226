import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../errors.js';
import { loadMapping, parseMapping } from './mapping.js';
import { tempDir } from './test-support/workspace.js';

/** The message parseMapping throws for `raw` read as a transactions mapping from "mapping.json". */
function problems(raw: unknown): string {
  try {
    parseMapping(raw as Record<string, unknown>, 'transactions', 'mapping.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('the mapping was accepted');
}

const HINT = '(use %Y, %m, %d, %H, %M, %S …)';

describe('mapping problems name the key path', () => {
  it.each([
    [{ delimiter: ';;' }, '"delimiter" must be one character, "tab" or "whitespace" (got ";;")'],
    [
      { rejectIf: { column: 'CustomerID' } },
      '"rejectIf" must be a list of {"column", "reason", "empty"} (got an object)',
    ],
    [{ colums: {} }, 'unknown key "colums" (did you mean "columns"?)'],
    [{ columns: { amount: { expr: 5 } } }, '"columns.amount.expr" must be a string'],
    [{ header: 'yes' }, '"header" must be true or false (got "yes")'],
    [{ sheet: 2 }, '"sheet" must be a string'],
    [
      { columns: { customer_id: 5 } },
      '"columns.customer_id" must be a source column name or an object with "column", "expr", "value", "derive" or "when" (got 5)',
    ],
    [{ rejectIf: [{ column: 'CustomerID', empty: true }] }, '"rejectIf[0].reason" is missing'],
    [
      { rejectIf: [{ column: 'CustomerID', reason: 'r', empty: false }] },
      '"rejectIf[0].empty" must be true or left out (got false)',
    ],
    [
      {
        columns: {
          status: { when: [{ column: 'InvoiceNo', startsWith: 'C', equals: 'C1', value: 'cancelled' }] },
        },
      },
      '"columns.status.when[0]" needs exactly one of "startsWith" or "equals" (got both)',
    ],
    [
      { columns: { status: { when: [{ column: 'InvoiceNo', value: 'cancelled' }] } } },
      '"columns.status.when[0]" needs exactly one of "startsWith" or "equals" (got neither)',
    ],
    [
      { columns: { status: { when: [{ column: 'InvoiceNo', equals: 'C' }] } } },
      '"columns.status.when[0].value" is missing',
    ],
    [{ columns: { status: { when: [] } } }, '"columns.status.when" must not be empty'],
    [
      { columns: { status: { value: 'done' } } },
      '"columns.status.value" must be one of completed, refunded, cancelled (got "done")',
    ],
    [{ sourceColumns: [] }, '"sourceColumns" must not be empty (name every column of the file, in order)'],
    [{ sourceColumns: ['a', 7] }, '"sourceColumns[1]" must be a string'],
    [
      { sourceColumns: ['date', 'cust', 'date'] },
      '"sourceColumns[2]" repeats "date" (column names must be distinct)',
    ],
    [{ sourceColumns: ['a', ''] }, '"sourceColumns[1]" must not be empty'],
    [
      { kind: 'transaction' },
      '"kind" must be a table name: customers, transactions, events, feedback, relations, costs, balances, campaigns, campaign_members, communications, consents, market (got "transaction")',
    ],
    [{ kind: 'customers', columns: { name: 'Name' } }, 'this mapping is for "customers", not "transactions"'],
    [{ format: 'xls' }, '"format" must be one of csv, parquet, jsonl, xlsx (got "xls")'],
    [
      { encoding: 'utf-9' },
      '"encoding": "utf-9" is not a known encoding (use utf-8, gb18030, latin1, utf-16le, windows-1252, shift_jis …)',
    ],
    [
      { columns: { total: 'Total' } },
      '"total" is not a column of transactions (columns: txn_id, customer_id, occurred_at, amount, order_id, cost, product_id, category, channel, status)',
    ],
    [
      { columns: { amount: { expr: 'Quantity *' } } },
      '"columns.amount.expr": expression "Quantity *" ends too early',
    ],
    [
      { columns: { amount: { expr: 'Quantity % 2' } } },
      '"columns.amount.expr": expression "Quantity % 2" has an unexpected "%"',
    ],
    [
      { columns: { txn_id: { derive: 'all' } } },
      '"columns.txn_id.derive" must be "*" (every source column) or a list of source column names (got "all")',
    ],
    [
      { columns: { customer_id: { colum: 'cust' } } },
      '"columns.customer_id": unknown key "colum" (did you mean "column"?)',
    ],
    [
      { columns: { occurred_at: { column: 'd', fromat: '%Y' } } },
      '"columns.occurred_at": unknown key "fromat" (did you mean "format"?)',
    ],
    [
      { columns: { amount: {} } },
      '"columns.amount" needs one of "column", "expr", "value", "derive" or "when"',
    ],
    [
      { columns: { txn_id: { column: 'id', value: 1 } } },
      '"columns.txn_id" must have only one of "column", "expr", "value", "derive" or "when" (got "column" and "value")',
    ],
    [
      { customer_id: 'cust' },
      'unknown key "customer_id" (table columns go inside "columns": {"customer_id": …})',
    ],
    [
      { comment: 'x' },
      'unknown key "comment" (known keys: kind, format, delimiter, header, encoding, sourceColumns, sheet, columns, rejectIf)',
    ],
    [[{ columns: {} }], 'the mapping must be a JSON object such as {"columns": {…}} (got a list)'],
  ])('%j', (raw, message) => {
    expect(problems(raw)).toBe(`mapping.json: ${message}`);
  });

  it('date formats are checked against the engine’s specifiers, each naming its key', () => {
    const at = (format: unknown) => problems({ columns: { occurred_at: { column: 'd', format } } });
    expect(at('%Q')).toBe(
      `mapping.json: "columns.occurred_at.format": "%Q" is not a date format specifier ${HINT}`,
    );
    expect(at('%d.%m.%-Y')).toBe(
      `mapping.json: "columns.occurred_at.format": "%-Y" is not a date format specifier ${HINT}`,
    );
    expect(at(['%Y-%m-%d', 'YYYY-MM-DD'])).toBe(
      `mapping.json: "columns.occurred_at.format[1]": "YYYY-MM-DD" has no date format specifier ${HINT}`,
    );
    expect(at('100%%')).toBe(
      `mapping.json: "columns.occurred_at.format": "100%%" has no date format specifier ${HINT}`,
    );
    expect(at('%Y%')).toBe(
      `mapping.json: "columns.occurred_at.format": "%Y%" ends with a lone "%" (write %% for a percent sign) ${HINT}`,
    );
    expect(at([])).toBe(
      'mapping.json: "columns.occurred_at.format" must be a date format such as "%Y-%m-%d %H:%M" or a list of them, tried in order (got an empty list)',
    );
    expect(problems({ columns: { amount: { column: 'x', format: '%Y' } } })).toBe(
      'mapping.json: "columns.amount.format" is only for date and time columns (amount is decimal)',
    );
  });

  it('every problem is reported, one line each, in the order of the keys', () => {
    const raw = {
      delimiter: ';;',
      header: 'yes',
      columns: { amount: { expr: 5 }, status: { when: [{ column: 'InvoiceNo', value: 'cancelled' }] } },
      rejectIf: [{ column: 'CustomerID' }],
      colums: {},
    };
    expect(problems(raw).split('\n')).toEqual([
      'mapping.json: "delimiter" must be one character, "tab" or "whitespace" (got ";;")',
      'mapping.json: "header" must be true or false (got "yes")',
      'mapping.json: "columns.amount.expr" must be a string',
      'mapping.json: "columns.status.when[0]" needs exactly one of "startsWith" or "equals" (got neither)',
      'mapping.json: "rejectIf[0].reason" is missing',
      'mapping.json: unknown key "colums" (did you mean "columns"?)',
    ]);
  });

  it('at most ten problems are listed, the rest counted', () => {
    const sourceColumns = Array.from({ length: 13 }, () => 5);
    const lines = problems({ sourceColumns }).split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[9]).toBe('mapping.json: "sourceColumns[9]" must be a string');
    expect(lines[10]).toBe('mapping.json: … and 3 more problems');
  });
});

describe('checked mappings', () => {
  it('a single date format becomes a one-element list, a list stays in order, none stays absent', () => {
    const m = parseMapping(
      {
        columns: {
          occurred_at: { column: 'InvoiceDate', format: ['%m/%d/%Y %H:%M', '%m/%d/%y %H:%M'] },
          customer_id: { column: 'CustomerID' },
          txn_id: 'InvoiceNo',
        },
      },
      'transactions',
    );
    expect(m.columns.occurred_at).toEqual({
      kind: 'column',
      column: 'InvoiceDate',
      formats: ['%m/%d/%Y %H:%M', '%m/%d/%y %H:%M'],
    });
    expect(m.columns.customer_id).toEqual({ kind: 'column', column: 'CustomerID' });
    expect('formats' in m.columns.customer_id).toBe(false);
    expect(m.columns.txn_id).toEqual({ kind: 'column', column: 'InvoiceNo' });
    const single = parseMapping(
      { columns: { birth_date: { column: 'dob', format: '%d.%m.%Y' } } },
      'customers',
    );
    expect(single.columns.birth_date).toEqual({ kind: 'column', column: 'dob', formats: ['%d.%m.%Y'] });
  });

  it('the other column sources, file options and defaults', () => {
    const m = parseMapping(
      {
        kind: 'transactions',
        format: 'csv',
        delimiter: 'tab',
        header: false,
        encoding: 'UTF8',
        sourceColumns: ['no', 'cust', 'qty', 'price'],
        columns: {
          amount: { expr: '-qty * price' },
          channel: { value: 'web' },
          txn_id: { derive: '*' },
          status: { when: [{ column: 'no', equals: 'X', value: 'Refunded' }], else: 'completed' },
        },
      },
      'transactions',
    );
    expect(m).toEqual({
      kind: 'transactions',
      format: 'csv',
      delimiter: 'tab',
      header: false,
      encoding: 'utf-8',
      sourceColumns: ['no', 'cust', 'qty', 'price'],
      columns: {
        amount: {
          kind: 'expr',
          text: '-qty * price',
          expr: {
            op: '*',
            left: { op: 'neg', arg: { op: 'col', name: 'qty' } },
            right: { op: 'col', name: 'price' },
          },
        },
        channel: { kind: 'value', value: 'web' },
        txn_id: { kind: 'derive', columns: '*' },
        status: {
          kind: 'when',
          cases: [{ column: 'no', equals: 'X', value: 'Refunded' }],
          otherwise: 'completed',
        },
      },
      rejectIf: [],
    });
    expect(parseMapping({}, 'events')).toEqual({ kind: 'events', columns: {}, rejectIf: [] });
    expect(parseMapping({ encoding: 'latin1', delimiter: ';' }, 'events')).toMatchObject({
      encoding: 'latin1',
      delimiter: ';',
    });
  });
});

describe('mapping files', () => {
  const write = (content: string) => {
    const file = join(tempDir(), 'mapping.json');
    writeFileSync(file, content);
    return file;
  };
  const message = (file: string) => {
    try {
      loadMapping(file, 'transactions');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error('the mapping was accepted');
  };

  it('invalid JSON: the line and column of the syntax error', () => {
    // Line 3 is `  "header": true,` then line 4 is `}`: the trailing comma is found at line 4, column 1.
    const trailing = write('{\n  "delimiter": ";",\n  "header": true,\n}\n');
    expect(message(trailing)).toBe(
      `${trailing}, line 4: not valid JSON at column 1: quoted object key expected but got '}'`,
    );
    // `"amount" "x"` on line 2: the colon is missing where the `"x"` starts, column 12 (2 blanks, `"amount"`, 1 blank).
    const colon = write('{"columns": {\n  "amount" "x"}}');
    expect(message(colon)).toBe(
      `${colon}, line 2: not valid JSON at column 12: colon ':' expected after property name but got '"'`,
    );
    const twice = write('{"header": true,\n "header": false}');
    expect(message(twice)).toBe(`${twice}, line 2: not valid JSON at column 2: key "header" appears twice`);
  });

  it('a missing file, a byte-order mark, and schema problems from a file', () => {
    const missing = join(tempDir(), 'nope.json');
    expect(message(missing)).toBe(`${missing}: mapping file not found or not readable`);
    const bom = write('\uFEFF{"columns": {"amount": "Total"}}');
    expect(loadMapping(bom, 'transactions').columns.amount).toEqual({ kind: 'column', column: 'Total' });
    const bad = write('{"header": "yes"}');
    expect(message(bad)).toBe(`${bad}: "header" must be true or false (got "yes")`);
  });
});

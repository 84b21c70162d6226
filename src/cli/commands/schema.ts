/** `clientele schema [TABLE] [--json]`: the canonical tables, from `src/schema/tables.ts`. */
import { UsageError } from '../../errors.js';
import { type ColumnDef, TABLE_NAMES, type TableDef, tableByName } from '../../schema/tables.js';
import { parse, print, showHelp } from '../args.js';

export const SCHEMA_HELP = `clientele schema [TABLE] [--json]

Shows the columns of every table (or of TABLE): name, type, whether it is required, allowed values
or range, the natural key and which columns hold personal data (PII). No workspace is needed.
Source columns that match no canonical column are kept as JSON in the "attributes" column.
TABLE is one of: ${TABLE_NAMES.join(', ')}.

  --json   print the tables as JSON: [{"name","description","key","columns":[{"name","type",
           "required","pii","values"?,"range"?}]}] (one object, not a list, when TABLE is given)`;

/** One table as plain JSON data. */
export function tableJson(t: TableDef) {
  return {
    name: t.name,
    description: t.description,
    key: [...t.key],
    columns: t.columns.map((c) => ({
      name: c.name,
      type: c.type,
      required: c.required === true,
      pii: c.pii === true,
      ...(c.values ? { values: [...c.values] } : {}),
      ...(c.range ? { range: [...c.range] } : {}),
    })),
  };
}

function allowed(c: ColumnDef): string {
  if (c.values) return `one of ${c.values.join(', ')}`;
  if (c.range) return `${c.range[0]} to ${c.range[1]}`;
  return '';
}

/** One table as text: a header line, the key, then one line per column. */
export function tableText(t: TableDef): string {
  const width = Math.max(6, ...t.columns.map((c) => c.name.length)) + 2;
  const lines = [
    `${t.name} — ${t.description}`,
    `  natural key: ${t.key.join(' + ')}`,
    `  ${'column'.padEnd(width)}${'type'.padEnd(11)}${'required'.padEnd(10)}${'PII'.padEnd(5)}allowed`,
    ...t.columns.map((c) =>
      `  ${c.name.padEnd(width)}${c.type.padEnd(11)}${(c.required ? 'yes' : '').padEnd(10)}${(c.pii ? 'PII' : '').padEnd(5)}${allowed(c)}`.trimEnd(),
    ),
  ];
  return lines.join('\n');
}

/** Runs `clientele schema`; reads only the table definitions, never a workspace. */
export async function schema(argv: string[]): Promise<number> {
  const { values, positionals } = parse('schema', argv, { json: { type: 'boolean' } });
  if (values.help) return showHelp(SCHEMA_HELP);
  if (positionals.length > 1) {
    throw new UsageError(
      `schema: one table at most, got ${positionals.length} (see "clientele schema --help")`,
    );
  }
  const [name] = positionals;
  const tables =
    name === undefined ? TABLE_NAMES.map((n) => tableByName(n) as TableDef) : [tableByName(name)];
  if (tables[0] === undefined) {
    throw new UsageError(`schema: unknown table "${name}"; the tables are ${TABLE_NAMES.join(', ')}`);
  }
  const defs = tables as TableDef[];
  if (values.json) {
    print(JSON.stringify(name === undefined ? defs.map(tableJson) : tableJson(defs[0]), null, 2));
  } else {
    print(defs.map(tableText).join('\n\n'));
  }
  return 0;
}

/** DuckDB DDL for the canonical tables and the workspace's own bookkeeping tables. */
import { RESULT_TABLE_NAMES, RESULT_TABLES, type ResultTableDef } from '../../schema/results.js';
import { type ColumnType, TABLE_NAMES, TABLES, type TableDef } from '../../schema/tables.js';
import { type Engine, quoteIdent } from '../engine.js';

/** A string literal for SQL text we generate ourselves (comments, option and column names); data values are always bound. */
export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Money is DECIMAL(18,4): exact sums, four places for unit prices. */
export const SQL_TYPES: Record<ColumnType, string> = {
  text: 'VARCHAR',
  timestamp: 'TIMESTAMPTZ',
  date: 'DATE',
  decimal: 'DECIMAL(18,4)',
  integer: 'BIGINT',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  json: 'JSON',
};

/** CREATE TABLE for a canonical table: typed columns, NOT NULL on required ones, attributes as JSON. */
export function createTableSql(t: TableDef): string {
  const cols = t.columns.map(
    (c) =>
      `  ${quoteIdent(c.name)} ${SQL_TYPES[c.type]}${c.required && !t.key.includes(c.name) ? ' NOT NULL' : ''}`,
  );
  cols.push('  "attributes" JSON');
  cols.push('  "_import_id" BIGINT');
  // Uniqueness of the natural key is enforced by the import's merge, which compares whole rows
  // and reports conflicts (a key constraint could only refuse the whole import). The key and the
  // personal-data columns are recorded in the catalog as comments.
  const comments = [
    `COMMENT ON TABLE ${quoteIdent(t.name)} IS ${lit(`${t.description} Natural key: ${t.key.join(', ')}.`)};`,
    ...t.columns
      .filter((c) => c.pii)
      .map((c) => `COMMENT ON COLUMN ${quoteIdent(t.name)}.${quoteIdent(c.name)} IS 'PII';`),
  ];
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(t.name)} (\n${cols.join(',\n')}\n);\n${comments.join('\n')}`;
}

export const BOOKKEEPING_SQL = `
CREATE TABLE IF NOT EXISTS _meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS _imports (
  import_id BIGINT PRIMARY KEY,
  kind VARCHAR NOT NULL,
  files VARCHAR NOT NULL,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  read BIGINT, accepted BIGINT, rejected BIGINT, duplicates BIGINT,
  rejects_file VARCHAR
);
CREATE TABLE IF NOT EXISTS _rejects (
  import_id BIGINT NOT NULL,
  file VARCHAR NOT NULL,
  line BIGINT,
  "column" VARCHAR,
  reason VARCHAR NOT NULL,
  raw VARCHAR
);
`;

/** Analysis runs: one row per `clientele analyze`, its parameters and its outcome. */
export const RUNS_SQL = `
CREATE TABLE IF NOT EXISTS runs (
  run_id BIGINT PRIMARY KEY,
  as_of TIMESTAMPTZ NOT NULL,
  parameters JSON NOT NULL,
  started_at TIMESTAMPTZ NOT NULL,
  finished_at TIMESTAMPTZ,
  status VARCHAR NOT NULL,
  code_version VARCHAR NOT NULL,
  pid BIGINT,
  message VARCHAR
);
`;

/** CREATE TABLE for a result table: `run_id` first, then its columns. */
export function createResultTableSql(t: ResultTableDef): string {
  const cols = [
    '  "run_id" BIGINT NOT NULL',
    ...t.columns.map((c) => `  ${quoteIdent(c.name)} ${SQL_TYPES[c.type]}`),
  ];
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(t.name)} (\n${cols.join(',\n')}\n);\nCOMMENT ON TABLE ${quoteIdent(t.name)} IS ${lit(t.description)};`;
}

/** The runs table and every result table (idempotent). */
export function resultsSql(): string {
  return [RUNS_SQL, ...RESULT_TABLE_NAMES.map((n) => createResultTableSql(RESULT_TABLES[n]))].join('\n');
}

/** The full schema of a new workspace. */
export function schemaSql(): string {
  return [BOOKKEEPING_SQL, ...TABLE_NAMES.map((n) => createTableSql(TABLES[n])), resultsSql()].join('\n');
}

/**
 * Brings the result tables up to their definitions: creates missing ones and adds columns that
 * newer versions define (results are derived data: columns are only ever added, old runs keep
 * NULL in them). Runs on every open; costs one catalog query when nothing is missing.
 */
export async function syncResultTables(db: Engine): Promise<void> {
  const have = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main'`,
  );
  const present = new Set(have.map((r) => `${r.table_name}.${r.column_name}`));
  const statements: string[] = [];
  for (const name of RESULT_TABLE_NAMES) {
    const t = RESULT_TABLES[name];
    if (!have.some((r) => r.table_name === name)) {
      statements.push(createResultTableSql(t));
      continue;
    }
    for (const c of t.columns) {
      if (!present.has(`${name}.${c.name}`))
        statements.push(
          `ALTER TABLE ${quoteIdent(name)} ADD COLUMN ${quoteIdent(c.name)} ${SQL_TYPES[c.type]};`,
        );
    }
  }
  if (statements.length > 0) await db.run(statements.join('\n'));
}

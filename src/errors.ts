/**
 * The project's error hierarchy. Every error a user can cause is a `ClienteleError` carrying the
 * exit code the CLI ends with (as Hono's `HTTPException` carries its status); the CLI maps them to
 * messages and exit codes in one place (`src/cli/errors.ts`). Anything else is a bug.
 *
 * Exit codes: 0 done, 1 done with problems, 2 bad usage / input / workspace, 3 database error,
 * 70 internal error (a bug), 130 interrupted.
 */

/**
 * The base of every error a user can cause and fix; `exitCode` is what the CLI exits with.
 *
 * @example throw new ClienteleError('the report needs at least one transaction', 1);
 */
export class ClienteleError extends Error {
  override name = 'ClienteleError';
  constructor(
    message: string,
    readonly exitCode: number = 1,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Bad command-line usage or options: exit code 2.
 *
 * @example throw new UsageError('import: --max-rejects must be a number, got "x"');
 */
export class UsageError extends ClienteleError {
  override name = 'UsageError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 2, options);
  }
}

/** Where a piece of input is: file, line (1-based), column name, or a config/mapping key. */
export interface InputLocation {
  file?: string;
  line?: number;
  column?: string;
  /** A key of a config or mapping file, e.g. `columns.amount`. */
  key?: string;
}

/**
 * Input that cannot be used, located as precisely as known: exit code 2. The message reads
 * `file, line 3, column "amount": message` or `file, key "columns.amount": message`.
 *
 * @example throw new InputError('"x" is not a number', { file: 's.csv', line: 3, column: 'frequency' });
 */
export class InputError extends ClienteleError {
  override name = 'InputError';
  constructor(
    message: string,
    readonly location: InputLocation = {},
  ) {
    super(InputError.format(message, location), 2);
  }

  /** The message prefixed with its location, as shown to the user. */
  static format(message: string, { file, line, column, key }: InputLocation): string {
    const where = [
      file,
      line !== undefined ? `line ${line}` : undefined,
      column ? `column "${column}"` : undefined,
      key ? `key "${key}"` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return where ? `${where}: ${message}` : message;
  }
}

/**
 * A workspace that is missing, unreadable, locked, misconfigured or of an unsupported version,
 * or that would be changed against the user's intent: exit code 2.
 */
export class WorkspaceError extends ClienteleError {
  override name = 'WorkspaceError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 2, options);
  }
}

/**
 * A failed database statement, with the SQL and its parameters for diagnosis: exit code 3.
 *
 * @example throw new EngineError(e.message, sql, params, { cause: e });
 */
export class EngineError extends ClienteleError {
  override name = 'EngineError';
  constructor(
    message: string,
    readonly sql: string,
    readonly params: readonly unknown[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, 3, options);
  }
}

/**
 * An import that rejected more rows than allowed (`--max-rejects N`) and was therefore rolled
 * back: exit code 1.
 *
 * @example throw new RejectLimitError(100, { rejected: 412, rejectsFile: 'ws/rejects-0003-transactions.csv' });
 */
export class RejectLimitError extends ClienteleError {
  override name = 'RejectLimitError';
  constructor(
    readonly limit: number,
    readonly details: { rejected?: number; rejectsFile?: string | null } = {},
  ) {
    const { rejected, rejectsFile } = details;
    super(
      `more than ${limit} rows rejected${rejected !== undefined ? ` (${rejected})` : ''}; nothing was imported` +
        (rejectsFile ? ` (the rejected rows and reasons are in ${rejectsFile})` : ''),
      1,
    );
  }
}

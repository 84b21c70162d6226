/**
 * The project's error hierarchy. The CLI maps these to exit codes and the API to HTTP statuses;
 * anything else is a bug and is reported as such.
 */

/** Bad command-line usage or options: exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Input that cannot be used, located as precisely as known: file, line (1-based), column. */
export class InputError extends Error {
  override name = 'InputError';
  constructor(
    message: string,
    readonly location: { file?: string; line?: number; column?: string } = {},
  ) {
    super(InputError.format(message, location));
  }

  static format(
    message: string,
    { file, line, column }: { file?: string; line?: number; column?: string },
  ): string {
    const where = [
      file,
      line !== undefined ? `line ${line}` : undefined,
      column ? `column "${column}"` : undefined,
    ]
      .filter(Boolean)
      .join(', ');
    return where ? `${where}: ${message}` : message;
  }
}

/** A failed statement, with the SQL and its parameters for diagnosis. */
export class EngineError extends Error {
  override name = 'EngineError';
  constructor(
    message: string,
    readonly sql: string,
    readonly params: readonly unknown[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A workspace that is missing, locked or of an unsupported version. */
export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

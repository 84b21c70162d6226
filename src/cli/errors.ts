/**
 * The one place where errors become exit codes and messages. A `ClienteleError` carries its exit
 * code; a `ModelInputError` (from the pure `models/`, which cannot know the CLI) is bad input;
 * anything else is a bug, reported in one line (the stack only with CLIENTELE_DEBUG=1).
 */
import { ClienteleError, EngineError } from '../errors.js';
import { ModelInputError } from '../models/errors.js';

/** The exit codes by meaning (documented in EXIT_CODES_HELP and the README). */
export const EXIT = {
  done: 0,
  doneWithProblems: 1,
  refused: 2,
  database: 3,
  internal: 70,
  interrupted: 130,
} as const;

/** The exit codes, as printed by `clientele --help` and every command's help. */
export const EXIT_CODES_HELP = `Exit codes:
  0    done
  1    done with problems (e.g. more rows rejected than --max-rejects, a fit that did not converge)
  2    bad usage, input, config or workspace; the message says what to fix
  3    database error
  70   internal error: a bug in Clientele (please report it)
  130  interrupted (Ctrl-C); an import in progress is not applied`;

/** True when CLIENTELE_DEBUG asks for stacks and SQL. */
export function debugging(): boolean {
  const v = process.env.CLIENTELE_DEBUG;
  return v !== undefined && v !== '' && v !== '0' && v !== 'false';
}

/** The exit code an error ends the CLI with: its own for ours, 2 for model input, 70 for bugs. */
export function exitCodeFor(e: unknown): number {
  if (e instanceof ClienteleError) return e.exitCode;
  if (e instanceof ModelInputError) return EXIT.refused;
  return EXIT.internal;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split('\n')[0] || (e instanceof Error ? e.name : 'unknown error');
}

/** `clientele COMMAND`, the prefix of every message. */
export function prefix(command: string): string {
  return command ? `clientele ${command}` : 'clientele';
}

/** The one-line report of a bug, with the command the user ran. */
export function internalErrorLine(command: string, e: unknown): string {
  return `${prefix(command)}: internal error: ${firstLine(e)} — this is a bug; please report it with the command you ran (set CLIENTELE_DEBUG=1 for details)`;
}

/**
 * Writes what went wrong to `write` (stderr by default) and returns the exit code.
 *
 * @example process.exitCode = reportError('import', e);
 */
export function reportError(
  command: string,
  e: unknown,
  write: (text: string) => void = (t) => process.stderr.write(t),
): number {
  const code = exitCodeFor(e);
  // Messages may already start with the command's name ("fit: --summary is required").
  const message = () => {
    const text = (e as Error).message;
    return command && text.startsWith(`${command}: `) ? text.slice(command.length + 2) : text;
  };
  if (code === EXIT.internal) write(`${internalErrorLine(command, e)}\n`);
  else if (e instanceof EngineError) write(`${prefix(command)}: database error: ${message()}\n`);
  else write(`${prefix(command)}: ${message()}\n`);
  if (debugging()) {
    if (e instanceof EngineError) {
      write(`SQL: ${e.sql}\n`);
      if (e.params.length > 0)
        write(
          `parameters: ${JSON.stringify(e.params, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}\n`,
        );
    }
    if (e instanceof Error && e.stack) write(`${e.stack}\n`);
  }
  return code;
}

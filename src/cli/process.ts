/**
 * Process-level guards for the `clientele` binary: a closed stdout (`clientele status | head -1`)
 * ends the command quietly, an uncaught exception or unhandled rejection is reported like any
 * other error (one line, exit 70 for a bug), and Ctrl-C exits with 130.
 */
import { EXIT, exitCodeFor, prefix, reportError } from './errors.js';

/** The command named on a command line (its first word unless that is an option), or ''. */
export function commandOf(argv: readonly string[]): string {
  const first = argv[0] ?? '';
  return first.startsWith('-') ? '' : first;
}

/**
 * Installs the guards for one run of `clientele COMMAND`.
 *
 * @example guardProcess(commandOf(process.argv.slice(2)));
 */
export function guardProcess(command: string): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    // The reader went away (e.g. `| head -1`): it has all it wanted, so stop quietly.
    if (e.code === 'EPIPE') process.exit(EXIT.done);
    fail(command, e);
  });
  // With stderr gone there is nowhere left to report to; carry on and exit with the right code.
  process.stderr.on('error', () => {});
  process.on('uncaughtException', (e) => fail(command, e));
  process.on('unhandledRejection', (e) => fail(command, e));
  process.on('SIGINT', () => {
    process.stderr.write(`\n${prefix(command)}: interrupted\n`);
    process.exit(EXIT.interrupted);
  });
}

function fail(command: string, e: unknown): never {
  reportError(command, e);
  process.exit(exitCodeFor(e));
}

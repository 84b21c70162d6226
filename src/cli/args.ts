/** Small helpers shared by the commands: option parsing with clear usage errors, output, progress. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.js';
import { EXIT_CODES_HELP } from './errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

export const WORKSPACE_OPTION: Options = {
  workspace: { type: 'string', short: 'w' },
  help: { type: 'boolean', short: 'h' },
};

/** Parses argv for one command; unknown options are usage errors naming the command. */
export function parse(command: string, argv: string[], options: Options) {
  try {
    return parseArgs({
      args: argv,
      options: { ...WORKSPACE_OPTION, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message} (see "clientele ${command} --help")`);
  }
}

/** The number given for --NAME, the fallback when absent, or a UsageError naming the option. */
export function number(command: string, name: string, value: string | undefined, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UsageError(`${command}: --${name} is required`);
    return fallback;
  }
  const v = Number(value);
  if (!Number.isFinite(v)) throw new UsageError(`${command}: --${name} must be a number, got "${value}"`);
  return v;
}

/**
 * A one-line progress display on stderr, only on a terminal: the current phase, a bar with the
 * percentage of the running statement when `percent` can tell it, and the elapsed time. With
 * `CLIENTELE_PROGRESS=plain` (for logs), each phase is a line of its own instead, on any stderr.
 */
export function progressLine(
  enabled: boolean,
  percent: () => number | null = () => null,
): { update: (text: string) => void; done: () => void } {
  if (enabled && process.env.CLIENTELE_PROGRESS === 'plain') {
    const t0 = Date.now();
    return {
      update: (text) => process.stderr.write(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${text}\n`),
      done: () => {},
    };
  }
  if (!enabled || !process.stderr.isTTY) return { update: () => {}, done: () => {} };
  const t0 = Date.now();
  let last = '';
  const draw = () => {
    const p = percent();
    const bar =
      p === null ? '' : ` [${'#'.repeat(Math.round(p / 5)).padEnd(20)}] ${p.toFixed(0).padStart(3)}%`;
    process.stderr.write(`\r\x1b[2K${last}${bar} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  };
  const timer = setInterval(draw, 250);
  return {
    update: (text) => {
      last = text;
      draw();
    },
    done: () => {
      clearInterval(timer);
      process.stderr.write('\r\x1b[2K');
    },
  };
}

/** Writes one line (or several) to standard output. */
export function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** A command's help text followed by the exit codes every command shares. */
export function withExitCodes(help: string): string {
  return `${help}\n\n${EXIT_CODES_HELP}`;
}

/** Prints a command's help (with the exit codes); returns exit code 0. */
export function showHelp(text: string): number {
  print(withExitCodes(text));
  return 0;
}

/** The `clientele` command line: dispatch and the mapping of errors to exit codes. */
import { EngineError, InputError, UsageError, WorkspaceError } from '../errors.js';
import { ModelInputError } from '../models/index.js';
import { print } from './args.js';
import { DEMO_HELP, demo } from './commands/demo.js';
import { IMPORT_HELP, importCommand } from './commands/import.js';
import { FIT_HELP, fit, PREDICT_HELP, predict } from './commands/models.js';
import { INIT_HELP, init, STATUS_HELP, status } from './commands/workspace.js';

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<number>; help: string; summary: string }> =
  {
    init: { run: init, help: INIT_HELP, summary: 'create a workspace' },
    import: {
      run: importCommand,
      help: IMPORT_HELP,
      summary: 'import CSV/TSV, Parquet, JSON Lines or XLSX files into a table',
    },
    status: {
      run: status,
      help: STATUS_HELP,
      summary: 'rows, date ranges and customers per table; latest imports',
    },
    demo: { run: demo, help: DEMO_HELP, summary: 'generate a realistic demo data set and import it' },
    fit: {
      run: fit,
      help: FIT_HELP,
      summary: 'fit a lifetime model (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma)',
    },
    predict: {
      run: predict,
      help: PREDICT_HELP,
      summary: 'per-customer P(alive), expected purchases and CLV',
    },
  };

export const USAGE = `clientele — customer value analytics

Usage: clientele COMMAND [options]     (clientele COMMAND --help for details)

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)}${c.summary}`)
  .join('\n')}

Every command that uses a workspace takes --workspace DIR (default: $CLIENTELE_WORKSPACE or
./clientele-workspace).`;

/** Runs the CLI; returns the exit code (0 done, 1 done with problems, 2 usage or refused input). */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? COMMANDS[rest[0]] : undefined;
    print(topic ? topic.help : USAGE);
    return 0;
  }
  if (name === '--version') {
    print('clientele 0.1.0');
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`clientele: unknown command "${name}"\n\n${USAGE}\n`);
    return 2;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (
      e instanceof UsageError ||
      e instanceof InputError ||
      e instanceof WorkspaceError ||
      e instanceof ModelInputError
    ) {
      process.stderr.write(`clientele ${name}: ${e.message}\n`);
      return 2;
    }
    if (e instanceof EngineError) {
      process.stderr.write(`clientele ${name}: database error: ${e.message}\n`);
      return 3;
    }
    throw e;
  }
}

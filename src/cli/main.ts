/**
 * The `clientele` command line: dispatch, help, and the mapping of errors to exit codes (through
 * `./errors.ts`). Command modules are imported only when their command runs, so `--help` and
 * `schema` start fast without loading the database.
 */
import { print, withExitCodes } from './args.js';
import { EXIT, EXIT_CODES_HELP, reportError } from './errors.js';

export { commandOf, guardProcess } from './process.js';

interface Command {
  summary: string;
  /** Loads the command's module: its runner and its help text. */
  load: () => Promise<{ run: (argv: string[]) => Promise<number>; help: string }>;
}

const COMMANDS: Record<string, Command> = {
  init: {
    summary: 'create a workspace',
    load: async () => {
      const m = await import('./commands/workspace.js');
      return { run: m.init, help: m.INIT_HELP };
    },
  },
  import: {
    summary: 'import CSV/TSV, Parquet, JSON Lines or XLSX files into a table',
    load: async () => {
      const m = await import('./commands/import.js');
      return { run: m.importCommand, help: m.IMPORT_HELP };
    },
  },
  status: {
    summary: 'rows, date ranges and customers per table; latest imports',
    load: async () => {
      const m = await import('./commands/workspace.js');
      return { run: m.status, help: m.STATUS_HELP };
    },
  },
  schema: {
    summary: "the tables' columns, types, required columns, keys and personal data",
    load: async () => {
      const m = await import('./commands/schema.js');
      return { run: m.schema, help: m.SCHEMA_HELP };
    },
  },
  demo: {
    summary: 'generate a realistic demo data set and import it',
    load: async () => {
      const m = await import('./commands/demo.js');
      return { run: m.demo, help: m.DEMO_HELP };
    },
  },
  analyze: {
    summary: 'compute every analysis as one dated run (RFM, CLV, equity, retention, quality…)',
    load: async () => {
      const m = await import('./commands/analyze.js');
      return { run: m.analyzeCommand, help: m.ANALYZE_HELP };
    },
  },
  runs: {
    summary: 'list analysis runs with their headline KPIs and changes',
    load: async () => {
      const m = await import('./commands/analyze.js');
      return { run: m.runsCommand, help: m.RUNS_HELP };
    },
  },
  report: {
    summary: 'write the HTML report and the Excel workbook of a run',
    load: async () => {
      const m = await import('./commands/report.js');
      return { run: m.report, help: m.REPORT_HELP };
    },
  },
  export: {
    summary: 'export any result or data table as CSV, JSON Lines, Excel or Parquet',
    load: async () => {
      const m = await import('./commands/export.js');
      return { run: m.exportCommand, help: m.EXPORT_HELP };
    },
  },
  customer: {
    summary: "one customer's 360: profile (personal data masked), figures, tags, history",
    load: async () => {
      const m = await import('./commands/customer.js');
      return { run: m.customerCommand, help: m.CUSTOMER_HELP };
    },
  },
  care: {
    summary: 'care calendar: upcoming birthdays and customer anniversaries, with consent',
    load: async () => {
      const m = await import('./commands/care.js');
      return { run: m.careCommand, help: m.CARE_HELP };
    },
  },
  fit: {
    summary: 'fit a lifetime model (BG/NBD, MBG/NBD, Pareto/NBD, BG/BB, Gamma-Gamma)',
    load: async () => {
      const m = await import('./commands/models.js');
      return { run: m.fit, help: m.FIT_HELP };
    },
  },
  predict: {
    summary: 'per-customer P(alive), expected purchases and CLV',
    load: async () => {
      const m = await import('./commands/models.js');
      return { run: m.predict, help: m.PREDICT_HELP };
    },
  },
};

export const USAGE = `clientele — customer value analytics

Usage: clientele COMMAND [options]     (clientele COMMAND --help for details)

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(9)}${c.summary}`)
  .join('\n')}

Every command that uses a workspace takes --workspace DIR (default: $CLIENTELE_WORKSPACE or
./clientele-workspace). Set CLIENTELE_DEBUG=1 for stack traces and failing SQL.

${EXIT_CODES_HELP}`;

/**
 * Runs the CLI and returns the exit code (see EXIT_CODES_HELP); never throws.
 *
 * @example process.exitCode = await main(['status', '--json']);
 */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' && rest[0] ? COMMANDS[rest[0]] : undefined;
    if (name === 'help' && rest[0] && !topic) return unknown(rest[0]);
    try {
      print(topic ? withExitCodes((await topic.load()).help) : USAGE);
    } catch (e) {
      return reportError('help', e);
    }
    return EXIT.done;
  }
  if (name === '--version' || name === '-V') {
    print('clientele 0.1.0');
    return EXIT.done;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) return unknown(name);
  try {
    const { run } = await command.load();
    return await run(rest);
  } catch (e) {
    return reportError(name, e);
  }
}

function unknown(name: string): number {
  process.stderr.write(
    `clientele: unknown command "${name}"; the commands are ${Object.keys(COMMANDS).join(', ')} (see "clientele --help")\n`,
  );
  return EXIT.refused;
}

/** `clientele report` */
import { join } from 'node:path';
import { headline } from '../../analyses/headline.js';
import { UsageError } from '../../errors.js';
import { LANGUAGES, type Language, languageFromEnvironment, writeReport } from '../../report/index.js';
import { chooseRun } from '../../report/runs.js';
import { openWorkspace, workspaceDir } from '../../workspace/index.js';
import { parse, print, showHelp } from '../args.js';

export const REPORT_HELP = `clientele report [--run ID] [--out DIR] [--lang zh|en] [--workspace DIR] [--json]

Writes the report of an analysis run (default: the latest finished run of "clientele analyze"):

  DIR/clientele-run-ID.LANG.html   one self-contained page: headline figures, the run's parameters,
                                   then RFM grid, CLV distribution, customer equity by segment and
                                   channel, lifetime models, CAC vs LTV, cohort heat map, retention
                                   curves, profit concentration and data quality. Charts are inline
                                   SVG and the page has no script: it opens offline and prints.
  DIR/clientele-run-ID.LANG.xlsx   an Excel workbook: the run's parameters and one sheet per result
                                   table. A table longer than an Excel sheet (1,048,575 rows) ends
                                   with a row saying so; "clientele export TABLE" exports it whole.

A section whose results are empty in the run says so instead of drawing an empty chart.

  --run ID     the run to report (see "clientele runs")
  --out DIR    the folder to write into, created if needed (default: WORKSPACE/reports)
  --lang       zh or en (default: zh when $LANG starts with zh, else en)
  --json       print {"runId","html","workbook","cutTables"}`;

/**
 * Runs `clientele report`; returns the exit code.
 *
 * @example process.exitCode = await report(['--lang', 'zh', '--out', 'reports']);
 */
export async function report(argv: string[]): Promise<number> {
  const { values, positionals } = parse('report', argv, {
    run: { type: 'string' },
    out: { type: 'string', short: 'o' },
    lang: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return showHelp(REPORT_HELP);
  if (positionals.length > 0) {
    throw new UsageError(`report: unexpected "${positionals[0]}" (see "clientele report --help")`);
  }
  const lang = (values.lang as string | undefined) ?? languageFromEnvironment();
  if (!LANGUAGES.includes(lang as Language)) {
    throw new UsageError(`report: --lang must be ${LANGUAGES.join(' or ')}, got "${lang}"`);
  }
  const ws = await openWorkspace(workspaceDir(values.workspace as string | undefined));
  try {
    const run = await chooseRun(ws.db, values.run as string | undefined);
    const files = await writeReport(ws.db, {
      run: run.runId,
      outDir: (values.out as string | undefined) ?? join(ws.dir, 'reports'),
      language: lang as Language,
    });
    if (values.json) {
      print(JSON.stringify(files));
      return 0;
    }
    print(`report of run ${run.runId} (data as of ${run.asOf.slice(0, 10)}):`);
    print(`  ${files.html}`);
    print(`  ${files.workbook}`);
    for (const table of files.cutTables) {
      print(
        `  the workbook's ${table} sheet stops at Excel's row limit; all rows: clientele export ${table} --run ${run.runId} --format csv`,
      );
    }
    const lines = headline(run.kpis);
    if (lines.length > 0) print(`\n${lines.join('\n')}`);
    return 0;
  } finally {
    await ws.close();
  }
}

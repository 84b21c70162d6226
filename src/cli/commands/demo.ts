/** `clientele demo` */
import { join } from 'node:path';
import { headline } from '../../analyses/headline.js';
import { analyze } from '../../analyses/run.js';
import { loadDemo } from '../../demo/index.js';
import { languageFromEnvironment, writeReport } from '../../report/index.js';
import { initWorkspace, workspaceDir } from '../../workspace/index.js';
import { number, parse, print, progressLine, showHelp } from '../args.js';

/** The demo's calibration end: the lifetime models are compared on the second half of 2024. */
export const DEMO_CALIBRATION_END = '2024-06-30';

export const DEMO_HELP = `clientele demo [--customers N] [--seed S] [--no-analyze] [--workspace DIR] [--json]

Generates a realistic, deterministic demo data set — customers with Chinese regions and cities,
purchases from a BG/NBD process with Gamma-Gamma spend, behaviour events, NPS/CSAT feedback in
Chinese and English, referrals, acquisition and service costs, month-end balances for a banking
subset, a randomised campaign with a real effect, communications and consents — and imports it
into the workspace through the normal import. Defaults: 20000 customers, seed 1. The planted
facts are listed in docs/demo-data.md.

The workspace is created if needed. The demo goes only into an empty workspace: one that holds
other data, or a demo with other --customers/--seed, is refused (exit 2) so that nothing mixes;
give a new folder with --workspace. Running the same demo again into its own workspace imports
nothing new (every row is already there) and exits 0.

Then it runs "clientele analyze --calibration-end ${DEMO_CALIBRATION_END}" on the data (the lifetime
models are fitted to the first 18 months, compared on the last 6, and the best one refitted to
all of it) and writes the report (HTML and Excel, in the workspace's reports/ folder, in the
language of $LANG: zh or en), and prints where it is and the headline KPIs.

  --no-analyze   only generate and import the data
  --json         print {"workspace","tables":{TABLE:{"read","accepted","rejected","duplicates",...}},
                 "runId","kpis","report":{"html","workbook"}}`;

export async function demo(argv: string[]): Promise<number> {
  const { values } = parse('demo', argv, {
    customers: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
    'no-analyze': { type: 'boolean' },
  });
  if (values.help) return showHelp(DEMO_HELP);
  const customers = number('demo', 'customers', values.customers as string | undefined, 20000);
  const seed = number('demo', 'seed', values.seed as string | undefined, 1);
  const ws = await initWorkspace(workspaceDir(values.workspace as string | undefined));
  const bar = progressLine(!values.json, () => ws.db.progress());
  try {
    const results = await loadDemo(ws, { customers, seed }, bar.update);
    let analysed: {
      runId: number;
      kpis: Record<string, { value: number | null }>;
      html: string;
      workbook: string;
    } | null = null;
    if (!values['no-analyze']) {
      const run = await analyze(ws.db, ws.config, {
        calibrationEnd: DEMO_CALIBRATION_END,
        progress: bar.update,
      });
      bar.update('writing the report');
      const files = await writeReport(ws.db, {
        run: run.runId,
        outDir: join(ws.dir, 'reports'),
        language: languageFromEnvironment(),
      });
      analysed = { runId: run.runId, kpis: run.kpis, html: files.html, workbook: files.workbook };
    }
    bar.done();
    if (values.json) {
      print(
        JSON.stringify({
          workspace: ws.dir,
          tables: results,
          ...(analysed
            ? {
                runId: analysed.runId,
                kpis: analysed.kpis,
                report: { html: analysed.html, workbook: analysed.workbook },
              }
            : {}),
        }),
      );
      return 0;
    }
    const added = Object.values(results).reduce((n, r) => n + r.accepted, 0);
    if (added === 0) {
      print(
        `the demo data for ${customers} customers (seed ${seed}) is already in ${ws.dir}; nothing new was imported`,
      );
    } else {
      print(`demo data for ${customers} customers (seed ${seed}) in ${ws.dir}`);
    }
    for (const [table, r] of Object.entries(results)) {
      print(
        `  ${table.padEnd(18)} ${String(r.accepted).padStart(9)} rows${r.duplicates ? `, ${r.duplicates} already there` : ''}${r.rejected ? `, ${r.rejected} rejected` : ''}`,
      );
    }
    const w = values.workspace ? ` --workspace ${values.workspace}` : '';
    if (analysed) {
      print(`
analysis run ${analysed.runId}:`);
      for (const line of headline(analysed.kpis)) print(`  ${line}`);
      print(`
report: ${analysed.html}
workbook: ${analysed.workbook}`);
      print(`next: clientele runs${w}, clientele export rfm${w}`);
    } else {
      print(`next: clientele analyze${w}`);
    }
    return 0;
  } finally {
    bar.done();
    await ws.close();
  }
}

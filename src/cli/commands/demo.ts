/** `clientele demo` */
import { loadDemo } from '../../demo/index.js';
import { initWorkspace, workspaceDir } from '../../workspace/index.js';
import { number, parse, print, progressLine, showHelp } from '../args.js';

export const DEMO_HELP = `clientele demo [--customers N] [--seed S] [--workspace DIR] [--json]

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

  --json   print {"workspace","tables":{TABLE:{"read","accepted","rejected","duplicates",...}}}`;

export async function demo(argv: string[]): Promise<number> {
  const { values } = parse('demo', argv, {
    customers: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return showHelp(DEMO_HELP);
  const customers = number('demo', 'customers', values.customers as string | undefined, 20000);
  const seed = number('demo', 'seed', values.seed as string | undefined, 1);
  const ws = await initWorkspace(workspaceDir(values.workspace as string | undefined));
  const bar = progressLine(!values.json, () => ws.db.progress());
  try {
    const results = await loadDemo(ws, { customers, seed }, bar.update);
    bar.done();
    if (values.json) {
      print(JSON.stringify({ workspace: ws.dir, tables: results }));
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
    print(
      values.workspace ? `next: clientele status --workspace ${values.workspace}` : 'next: clientele status',
    );
    return 0;
  } finally {
    bar.done();
    await ws.close();
  }
}

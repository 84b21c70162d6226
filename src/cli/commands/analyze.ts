/** `clientele analyze` and `clientele runs`. */
import { HEADLINE_KPIS, headline } from '../../analyses/headline.js';
import { analyze, listRuns } from '../../analyses/run.js';
import { UsageError } from '../../errors.js';
import { openWorkspace, workspaceDir } from '../../workspace/index.js';
import { number, parse, print, progressLine, showHelp } from '../args.js';

export const ANALYZE_HELP = `clientele analyze [--as-of DATE] [--calibration-end DATE] [--time-unit day|week]
                  [--model auto|bgnbd|mbgnbd|pnbd] [--discount-rate R] [--workspace DIR] [--json]

Computes every analysis as one dated run and stores its results (RFM, customer value, equity,
model fits, acquisition, cohort retention, profitability, loyalty, data quality, KPIs) under a new
run id. A failed or interrupted run leaves no partial results and is listed as failed.

  --as-of DATE            observation date: purchases after it are not seen (default: the latest
                          completed purchase). A bare date means the end of that day in the
                          workspace's time zone.
  --calibration-end DATE  end of the calibration period: the lifetime models are fitted up to it,
                          checked against the holdout up to --as-of, and the best is refitted
  --time-unit day|week    the lifetime models' time unit (default week); every rate and horizon is
                          stated in it
  --model M               lifetime model: auto (lowest holdout error, needs --calibration-end;
                          BG/NBD without) or bgnbd, mbgnbd, pnbd
  --discount-rate R       annual discount rate for predictive CLV (default 0.10)
  --json                  print {"runId","asOf","kpis","warnings","seconds"}

Then: clientele runs (every run and its KPIs), clientele report (HTML and Excel),
clientele export TABLE (any result table).`;

const TIME_UNITS = ['day', 'week'] as const;
const MODELS = ['auto', 'bgnbd', 'mbgnbd', 'pnbd'] as const;

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw new UsageError(`analyze: --${name} must be one of ${allowed.join(', ')}, got "${value}"`);
  }
  return value as T;
}

export async function analyzeCommand(argv: string[]): Promise<number> {
  const { values } = parse('analyze', argv, {
    'as-of': { type: 'string' },
    'calibration-end': { type: 'string' },
    'time-unit': { type: 'string' },
    model: { type: 'string' },
    'discount-rate': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return showHelp(ANALYZE_HELP);
  const discountRate = number('analyze', 'discount-rate', values['discount-rate'] as string | undefined, 0.1);
  if (!(discountRate >= 0 && discountRate < 1)) {
    throw new UsageError(
      `analyze: --discount-rate is an annual rate between 0 and 1 (0.1 = 10 %), got ${discountRate}`,
    );
  }
  const ws = await openWorkspace(workspaceDir(values.workspace as string | undefined));
  const bar = progressLine(!values.json, () => ws.db.progress());
  try {
    const run = await analyze(ws.db, ws.config, {
      asOf: values['as-of'] as string | undefined,
      calibrationEnd: values['calibration-end'] as string | undefined,
      timeUnit: oneOf('time-unit', values['time-unit'], TIME_UNITS, 'week'),
      model: oneOf('model', values.model, MODELS, 'auto'),
      discountRate,
      progress: bar.update,
    });
    bar.done();
    if (values.json) {
      print(
        JSON.stringify({
          runId: run.runId,
          asOf: run.params.asOf,
          kpis: run.kpis,
          warnings: run.warnings,
          seconds: run.seconds,
        }),
      );
      return 0;
    }
    print(`run ${run.runId} (as of ${run.params.asOf}, ${run.seconds.toFixed(1)} s)`);
    for (const line of headline(run.kpis)) print(`  ${line}`);
    if (run.warnings.length > 0) {
      print(`\n${run.warnings.length} data warnings (see "clientele export data_quality"):`);
      for (const w of run.warnings.slice(0, 10)) {
        print(`  ${w.analysis}: ${w.message}${w.count !== undefined ? ` (${w.count})` : ''}`);
      }
    }
    return 0;
  } finally {
    bar.done();
    await ws.close();
  }
}

export const RUNS_HELP = `clientele runs [--workspace DIR] [--json]

Every analysis run, newest first: its observation date, status and headline KPIs with their change
since the previous finished run (a run whose process was killed is shown as failed).`;

export async function runsCommand(argv: string[]): Promise<number> {
  const { values } = parse('runs', argv, { json: { type: 'boolean' } });
  if (values.help) return showHelp(RUNS_HELP);
  const ws = await openWorkspace(workspaceDir(values.workspace as string | undefined));
  try {
    const runs = await listRuns(ws.db);
    const done = runs.filter((r) => r.status === 'done');
    const previous = (id: number) => done.find((r) => r.runId < id);
    if (values.json) {
      print(
        JSON.stringify(
          runs.map((r) => {
            const before = previous(r.runId);
            const change = Object.fromEntries(
              HEADLINE_KPIS.filter((k) => r.kpis[k] != null && before?.kpis[k] != null).map((k) => [
                k,
                (r.kpis[k] as number) - (before!.kpis[k] as number),
              ]),
            );
            return { ...r, changeSincePrevious: before ? change : null };
          }),
        ),
      );
      return 0;
    }
    if (runs.length === 0) {
      print('no runs yet: run "clientele analyze"');
      return 0;
    }
    for (const r of runs) {
      print(
        `run ${r.runId}  ${r.status.padEnd(7)}  as of ${r.asOf.slice(0, 19)}  started ${r.startedAt.slice(0, 19)}`,
      );
      if (r.status === 'failed' && r.message) print(`  ${r.message}`);
      const before = previous(r.runId);
      for (const line of headline(r.kpis, before?.kpis)) print(`  ${line}`);
    }
    return 0;
  } finally {
    await ws.close();
  }
}

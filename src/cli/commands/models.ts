/**
 * `fit` and `predict`: the lifetime models on a per-customer summary CSV. Options are parsed here;
 * the work is `analyses/lifetime` (read through an in-memory engine, fit on unique rows, predict
 * per unique row); the results are printed here.
 */

import type { TimeUnit } from '../../analyses/context.js';
import { fitSummaryFile, SUMMARY_MODELS, type SummaryModel } from '../../analyses/lifetime/fit-file.js';
import { predictSummaryFile } from '../../analyses/lifetime/predict-file.js';
import type { UnitStatement } from '../../analyses/lifetime/time-units.js';
import { UsageError } from '../../errors.js';
import { PURCHASE_MODELS, type PurchaseModelName } from '../../models/index.js';
import { openDuckDb } from '../../store/duckdb/engine.js';
import { number, parse, print, progressLine, showHelp } from '../args.js';

/** The options both commands share for invalid rows. */
const INVALID_HELP = `  --skip-invalid         leave out rows that cannot be used (a value that is not a number, t_x > T,
                         a wrong number of fields …) instead of refusing the file, and write them
                         with their line, column and reason to a rejects CSV
  --rejects FILE.csv     where --skip-invalid writes them (default: the summary's name + .rejects.csv)`;

export const FIT_HELP = `clientele fit --summary FILE.csv --model bgnbd|mbgnbd|pnbd|ggomnbd|bgbb|gg [options]

Fits a lifetime model by maximum likelihood to a per-customer summary with the columns
customer_id,frequency,recency,T,monetary_value (lifetimes' conventions: frequency = repeat
purchases, recency = first to last purchase, T = first purchase to the end of calibration, all in
one time unit — the rate parameters come out per that unit). BG/BB reads frequency, recency,
periods and optional weights. Gamma-Gamma uses the repeat buyers' monetary_value; repeat buyers
with monetary_value <= 0 are left out and counted. The summary is read by the database engine and
fitted on its unique rows with their counts.

  --time-unit day|week   the unit of recency and T, which the rates (α, β) are per; inferred when
                         every time is a whole number of days ÷ 7 (weekly summaries as lifetimes
                         and Hardie write them), and stated in the output either way
${INVALID_HELP}
  --penalty L            L2 penalty on the parameters (lifetimes' penalizer_coef; default 0)
  --json                 print {"model","params","stdErrors","logLikelihood","converged","status",
                         "message","iterations","seconds","customers","timeUnit","timeUnitSource",
                         "rejected","leftOut"} with the summed log-likelihood in the data's own time
                         unit; status is converged, boundary (an optimum at the edge of the
                         parameter space), not_identified or not_converged

Exits with 1 when the fit did not converge.`;

function checkModel(command: string, value: unknown): SummaryModel {
  if (!SUMMARY_MODELS.includes(value as SummaryModel)) {
    throw new UsageError(
      `${command}: --model must be one of ${SUMMARY_MODELS.join(', ')}${value ? `, got "${value}"` : ''}`,
    );
  }
  return value as SummaryModel;
}

function checkUnit(command: string, value: unknown): TimeUnit | undefined {
  if (value === undefined) return undefined;
  if (value !== 'week' && value !== 'day')
    throw new UsageError(`${command}: --time-unit must be week or day`);
  return value;
}

const INPUT_OPTIONS = {
  summary: { type: 'string', short: 's' },
  model: { type: 'string' },
  'time-unit': { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  rejects: { type: 'string' },
} as const;

/** The engine that reads summary files: a fresh in-memory DuckDB. */
const inMemory = () => openDuckDb(':memory:');

/** "rates per week (inferred: …)" — how the unit of the rates is known. */
function unitLine(unit: UnitStatement): string {
  if (unit.source === 'not used') return `time unit: ${unit.text}`;
  if (unit.unit === null) {
    return `time unit: ${unit.text}; rates are per the summary's own unit (--time-unit names it)`;
  }
  return `time unit: ${unit.text}; rates are per ${unit.unit}`;
}

export async function fit(argv: string[]): Promise<number> {
  const { values } = parse('fit', argv, {
    ...INPUT_OPTIONS,
    penalty: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return showHelp(FIT_HELP);
  if (!values.summary) throw new UsageError('fit: --summary FILE.csv is required');
  const model = checkModel('fit', values.model);
  const options = {
    engine: inMemory,
    file: values.summary as string,
    model,
    penalty: number('fit', 'penalty', values.penalty as string | undefined, 0),
    timeUnit: checkUnit('fit', values['time-unit']),
    skipInvalid: values['skip-invalid'] === true,
    rejects: values.rejects as string | undefined,
  };
  const bar = progressLine(!values.json);
  const r = await fitSummaryFile({ ...options, progress: bar.update }).finally(bar.done);
  const f = r.fit;
  if (values.json) {
    print(
      JSON.stringify({
        model: f.model,
        params: f.params,
        stdErrors: f.stdErrors,
        logLikelihood: f.logLikelihood,
        converged: f.converged,
        status: r.status,
        message: f.message,
        iterations: f.iterations,
        seconds: f.seconds,
        customers: f.customers,
        timeUnit: r.unit.unit,
        timeUnitSource: r.unit.source,
        rejected: r.rejected,
        leftOut: r.leftOut,
      }),
    );
  } else {
    const verdict = r.status === 'converged' ? 'converged' : `${r.status.replace('_', ' ')} (${f.message})`;
    print(
      `${f.model}: ${verdict} after ${f.iterations} iterations, ${f.seconds.toFixed(3)} s, ${f.customers} customers`,
    );
    for (const [k, v] of Object.entries(f.params)) {
      const se = f.stdErrors[k];
      print(
        `  ${k.padEnd(6)} ${v.toPrecision(6).padStart(12)}  (SE ${Number.isFinite(se) ? se.toPrecision(3) : 'n/a: the Hessian is singular, e.g. an optimum on a boundary'})`,
      );
    }
    print(`  log-likelihood ${f.logLikelihood.toFixed(4)}`);
    print(`  ${unitLine(r.unit)}`);
    if (r.leftOut > 0) print(`  ${r.leftOut} repeat buyer(s) with monetary_value <= 0 left out of the fit`);
    if (r.rejectsFile) print(`  ${r.rejected} invalid row(s) left out, written to ${r.rejectsFile}`);
  }
  return f.converged ? 0 : 1;
}

export const PREDICT_HELP = `clientele predict --summary FILE.csv --model bgnbd|mbgnbd|pnbd|ggomnbd --horizon T [options]

Fits the purchase model (and Gamma-Gamma for spend when monetary_value is present) and writes
per-customer predictions: P(alive), expected purchases in the next T time units (the summary's
unit), expected spend per purchase and CLV over the horizon. Predictions are computed once per
unique (frequency, recency, T) row. A repeat buyer with monetary_value <= 0 is left out of
Gamma-Gamma (counted) and still predicted, its spend taken as 0.

  --horizon T            prediction horizon in the summary's time unit (required); CLV uses it
                         exactly: a partial last month counts for its fraction, never rounded
  --time-unit day|week   the unit of recency, T and --horizon; inferred when every time is a whole
                         number of days ÷ 7 (weekly summaries as lifetimes and Hardie write them),
                         and stated in the output either way. CLV needs it (a month is 30.4375
                         days = 4.348 weeks): with monetary_value, a summary whose unit is neither
                         given nor inferred is refused
${INVALID_HELP}
  --discount-rate R      discount rate per --discount-per period (default 0.01)
  --discount-per month|year   (default month)
  --clv-method steps|dert     steps: monthly steps discounted by (1+R)^month, as lifetimes, the
                              last step at the horizon; dert: continuous discounting of expected
                              residual transactions, as CLVTools (a monthly R is converted to the
                              equivalent annual rate)
  --out FILE.csv         write the table there (default: standard output; the summary of what was
                         done then goes to standard error)`;

export async function predict(argv: string[]): Promise<number> {
  const { values } = parse('predict', argv, {
    ...INPUT_OPTIONS,
    horizon: { type: 'string' },
    'discount-rate': { type: 'string' },
    'discount-per': { type: 'string' },
    'clv-method': { type: 'string' },
    out: { type: 'string', short: 'o' },
  });
  if (values.help) return showHelp(PREDICT_HELP);
  if (!values.summary) throw new UsageError('predict: --summary FILE.csv is required');
  const name = checkModel('predict', values.model);
  if (!PURCHASE_MODELS.includes(name as PurchaseModelName)) {
    throw new UsageError(`predict: --model must be a purchase model (${PURCHASE_MODELS.join(', ')})`);
  }
  const horizon = number('predict', 'horizon', values.horizon as string | undefined);
  if (!(horizon > 0)) throw new UsageError('predict: --horizon must be positive');
  const per = (values['discount-per'] as string | undefined) ?? 'month';
  if (per !== 'month' && per !== 'year')
    throw new UsageError('predict: --discount-per must be month or year');
  const method = (values['clv-method'] as string | undefined) ?? 'steps';
  if (method !== 'steps' && method !== 'dert')
    throw new UsageError('predict: --clv-method must be steps or dert');
  const out = values.out as string | undefined;
  const bar = progressLine(true);
  const r = await predictSummaryFile({
    engine: inMemory,
    progress: bar.update,
    file: values.summary as string,
    model: name as PurchaseModelName,
    horizon,
    timeUnit: checkUnit('predict', values['time-unit']),
    discountRate: number('predict', 'discount-rate', values['discount-rate'] as string | undefined, 0.01),
    discountPer: per,
    clvMethod: method,
    skipInvalid: values['skip-invalid'] === true,
    rejects: values.rejects as string | undefined,
    out,
  }).finally(bar.done);
  // With the table on standard output, the account of it goes to standard error.
  const say = out === undefined ? (t: string) => process.stderr.write(`${t}\n`) : print;
  const unit = r.unit.unit;
  const span =
    r.months === null
      ? `${horizon} ${unit ? `${unit}s` : "in the summary's own time unit"}`
      : `${horizon} ${unit}s = ${Number(r.months.toFixed(4))} months, discounted at ${values['discount-rate'] ?? 0.01} a ${per} (${method})`;
  say(`${r.customers} customers ${out === undefined ? 'predicted' : `written to ${out}`}`);
  say(
    `  model ${name}: ${r.status}${r.spend ? `; spend: Gamma-Gamma ${r.spend.converged ? 'converged' : 'not converged'}` : ''}`,
  );
  say(`  horizon ${span}`);
  say(`  time unit: ${r.unit.text}`);
  if (r.rejectsFile) say(`  ${r.rejected} invalid row(s) left out, written to ${r.rejectsFile}`);
  for (const w of r.warnings) say(`  warning: ${w}`);
  return r.fit.converged ? 0 : 1;
}

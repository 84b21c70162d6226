/** `fit` and `predict`: the lifetime models on a per-customer summary CSV. */
import { writeFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { toCsv } from '../../export/csv.js';
import { readSummaryCsv } from '../../ingest/summary-csv.js';
import {
  clvDiscountedResidual,
  clvMonthlySteps,
  type FitResult,
  fitBgBb,
  fitGammaGamma,
  fitPurchaseModel,
  gammaGammaConditionalSpend,
  PURCHASE_MODELS,
  type PurchaseModelName,
  purchaseModel,
} from '../../models/index.js';
import { number, parse, print, showHelp } from '../args.js';

const MODELS = ['bgnbd', 'mbgnbd', 'pnbd', 'ggomnbd', 'bgbb', 'gg'] as const;
type ModelName = (typeof MODELS)[number];
const SUMMARY = ['frequency', 'recency', 'T'];

export const FIT_HELP = `clientele fit --summary FILE.csv --model bgnbd|mbgnbd|pnbd|ggomnbd|bgbb|gg [--penalty L] [--json]

Fits a lifetime model by maximum likelihood to a per-customer summary with the columns
customer_id,frequency,recency,T,monetary_value (lifetimes' conventions: frequency = repeat
purchases, recency = first to last purchase, T = first purchase to the end of calibration, all in
one time unit — the rate parameters come out per that unit). BG/BB reads frequency, recency,
periods and optional weights. Gamma-Gamma uses the repeat buyers' monetary_value.

  --json   print {"model","params","stdErrors","logLikelihood","converged","iterations","seconds","customers"}
           with the summed log-likelihood in the data's own time unit`;

function checkModel(command: string, value: unknown): ModelName {
  if (!MODELS.includes(value as ModelName)) {
    throw new UsageError(
      `${command}: --model must be one of ${MODELS.join(', ')}${value ? `, got "${value}"` : ''}`,
    );
  }
  return value as ModelName;
}

function fitFromFile(file: string, model: ModelName, penalty: number): FitResult {
  if (model === 'bgbb') {
    const s = readSummaryCsv(file, ['frequency', 'recency', 'periods'], ['weights']);
    const c = s.columns;
    return fitBgBb(
      { frequency: c.frequency, recency: c.recency, periods: c.periods, weights: c.weights },
      { penalty },
    );
  }
  if (model === 'gg') {
    const s = readSummaryCsv(file, ['frequency', 'monetary_value']);
    return fitGammaGamma({ frequency: s.columns.frequency, monetary: s.columns.monetary_value }, { penalty });
  }
  const s = readSummaryCsv(file, SUMMARY);
  return fitPurchaseModel(
    model,
    { frequency: s.columns.frequency, recency: s.columns.recency, T: s.columns.T },
    { penalty },
  );
}

export async function fit(argv: string[]): Promise<number> {
  const { values } = parse('fit', argv, {
    summary: { type: 'string', short: 's' },
    model: { type: 'string' },
    penalty: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) return showHelp(FIT_HELP);
  if (!values.summary) throw new UsageError('fit: --summary FILE.csv is required');
  const model = checkModel('fit', values.model);
  const r = fitFromFile(
    values.summary as string,
    model,
    number('fit', 'penalty', values.penalty as string | undefined, 0),
  );
  if (values.json) {
    const { model: m, params, stdErrors, logLikelihood, converged, iterations, seconds, customers } = r;
    print(
      JSON.stringify({
        model: m,
        params,
        stdErrors,
        logLikelihood,
        converged,
        iterations,
        seconds,
        customers,
      }),
    );
  } else {
    print(
      `${r.model}: ${r.converged ? 'converged' : `NOT converged (${r.message})`} after ${r.iterations} iterations, ${r.seconds.toFixed(3)} s, ${r.customers} customers`,
    );
    for (const [k, v] of Object.entries(r.params))
      print(
        `  ${k.padEnd(6)} ${v.toPrecision(6).padStart(12)}  (SE ${Number.isFinite(r.stdErrors[k]) ? r.stdErrors[k].toPrecision(3) : 'n/a: the Hessian is singular, e.g. an optimum on a boundary'})`,
      );
    print(`  log-likelihood ${r.logLikelihood.toFixed(4)}`);
  }
  return r.converged ? 0 : 1;
}

export const PREDICT_HELP = `clientele predict --summary FILE.csv --model bgnbd|mbgnbd|pnbd|ggomnbd --horizon T [options]

Fits the purchase model (and Gamma-Gamma for spend when monetary_value is present) and writes
per-customer predictions: P(alive), expected purchases in the next T time units (the summary's
unit), expected spend per purchase and CLV over the horizon.

  --horizon T            prediction horizon in the summary's time unit (required)
  --time-unit week|day   the summary's time unit (default week); a month is 4.345 weeks or 30 days
  --discount-rate R      discount rate per --discount-per period (default 0.01)
  --discount-per month|year   (default month)
  --clv-method steps|dert     steps: monthly steps discounted by (1+R)^i, as lifetimes;
                              dert: continuous discounting of expected residual transactions, as
                              CLVTools (a monthly R is converted to the equivalent annual rate)
  --out FILE.csv         write the table there (default: standard output)`;

export async function predict(argv: string[]): Promise<number> {
  const { values } = parse('predict', argv, {
    summary: { type: 'string', short: 's' },
    model: { type: 'string' },
    horizon: { type: 'string' },
    'time-unit': { type: 'string' },
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
  const unit = (values['time-unit'] as string | undefined) ?? 'week';
  if (unit !== 'week' && unit !== 'day') throw new UsageError('predict: --time-unit must be week or day');
  const unitsPerMonth = unit === 'week' ? 4.345 : 30;
  const rate = number('predict', 'discount-rate', values['discount-rate'] as string | undefined, 0.01);
  const per = (values['discount-per'] as string | undefined) ?? 'month';
  if (per !== 'month' && per !== 'year')
    throw new UsageError('predict: --discount-per must be month or year');
  const method = (values['clv-method'] as string | undefined) ?? 'steps';
  if (method !== 'steps' && method !== 'dert')
    throw new UsageError('predict: --clv-method must be steps or dert');

  const table = readSummaryCsv(values.summary as string, SUMMARY, ['monetary_value']);
  const c = table.columns;
  const summary = { frequency: c.frequency, recency: c.recency, T: c.T };
  const fitted = fitPurchaseModel(name as PurchaseModelName, summary);
  const model = purchaseModel(name as PurchaseModelName, fitted.params);
  let spend: Float64Array | null = null;
  if (c.monetary_value) {
    const gg = fitGammaGamma({ frequency: c.frequency, monetary: c.monetary_value });
    spend = Float64Array.from(c.frequency, (x, i) =>
      gammaGammaConditionalSpend(gg.params, x, c.monetary_value[i]),
    );
  }
  const months = horizon / unitsPerMonth;
  const monthly = per === 'month' ? rate : (1 + rate) ** (1 / 12) - 1;
  const clv = spend
    ? method === 'steps'
      ? clvMonthlySteps(model, summary, spend, {
          months: Math.round(months),
          unitsPerMonth,
          monthlyRate: monthly,
        })
      : clvDiscountedResidual(model, summary, spend, {
          months,
          unitsPerMonth,
          annualRate: 12 * Math.log1p(monthly),
        })
    : null;
  const rows = table.ids.map((id, i) => ({
    customer_id: id,
    p_alive: model.probabilityAlive(c.frequency[i], c.recency[i], c.T[i]),
    expected_purchases: model.conditionalExpectedPurchases(horizon, c.frequency[i], c.recency[i], c.T[i]),
    expected_spend: spend ? spend[i] : null,
    clv: clv ? clv[i] : null,
  }));
  const csv = toCsv(['customer_id', 'p_alive', 'expected_purchases', 'expected_spend', 'clv'], rows);
  if (values.out) {
    writeFileSync(values.out as string, csv);
    print(`${rows.length} customers written to ${values.out}`);
  } else process.stdout.write(csv.replace(/^\uFEFF/, ''));
  return 0;
}

import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import {
  type CustomerSummary,
  dayNumber,
  fitGammaGamma,
  fitPurchaseModel,
  gammaGammaConditionalSpend,
  type PurchaseModelName,
  purchaseModel,
  Random,
  simulatePurchaseTimes,
  summarizePurchases,
} from '../../models/index.js';
import type { Workspace } from '../../workspace/index.js';
import { analyze } from '../run.js';

// Simulated purchases (BG/NBD, rates per day), imported as transactions and analysed with a calibration end.
// The second method: the models' own JavaScript summary of the same purchase records
// (`summarizePurchases`, day numbers, weeks = days / 7) and fits on it, per customer, without SQL.
const FIRST = dayNumber('2023-01-01');
const CAL_END = dayNumber('2023-12-31');
const AS_OF = dayNumber('2024-06-30');
const date = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

function simulate() {
  const rng = new Random(7);
  const lines = ['txn_id,customer_id,occurred_at,amount,cost'];
  const records = { customer: [] as string[], day: [] as number[], amount: [] as number[] };
  let n = 0;
  for (let c = 0; c < 600; c++) {
    const id = `k${String(c).padStart(3, '0')}`;
    const first = FIRST + rng.int(0, 179);
    const meanSpend = 1 / rng.gamma(3, 120); // ν ~ Gamma(3, 120): mean spend ≈ 60
    const times = simulatePurchaseTimes(
      rng,
      { model: 'bgnbd', r: 0.6, alpha: 25, a: 0.8, b: 3 },
      AS_OF - first + 0.99,
    );
    for (const t of times) {
      const day = first + Math.floor(t);
      const amount = Math.round(rng.gamma(4, 1 / (meanSpend * 0.25)) * 100) / 100 + 0.01;
      lines.push(`t${n++},${id},${date(day)} 12:00,${amount},${(amount * 0.6).toFixed(2)}`);
      records.customer.push(id);
      records.day.push(day);
      records.amount.push(amount);
    }
  }
  return { csv: `${lines.join('\n')}\n`, records };
}

const { csv, records } = simulate();
let calibration: CustomerSummary;
let final: CustomerSummary;
beforeAll(() => {
  calibration = summarizePurchases(records, { calibrationEnd: CAL_END, holdoutEnd: AS_OF, daysPerUnit: 7 });
  final = summarizePurchases(records, { calibrationEnd: AS_OF, daysPerUnit: 7 });
});

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace();
  await importFiles(ws, 'transactions', [fileWith('t.csv', csv)]);
});
afterEach(async () => {
  await ws.close();
});

type FitRow = {
  model: string;
  stage: string;
  params: string;
  customers: number;
  left_out: number;
  holdout_actual: number | null;
  holdout_predicted: number | null;
  holdout_error: number | null;
  chosen: boolean;
  converged: boolean;
};
const fitsOf = (runId: number) =>
  ws.db.query<FitRow>(`SELECT * FROM model_fits WHERE run_id = $1 ORDER BY stage, model`, [runId]);
const close = (a: Record<string, number>, b: Record<string, number>, rel: number) => {
  for (const k of Object.keys(b)) expect(Math.abs(a[k] / b[k] - 1)).toBeLessThan(rel);
};

describe('lifetime models with a calibration period', () => {
  it('fits every candidate on calibration, checks the holdout, chooses the lowest error and refits to as_of', async () => {
    const run = await analyze(ws.db, ws.config, {
      asOf: '2024-06-30',
      calibrationEnd: '2023-12-31',
      timeUnit: 'week',
    });
    const fits = await fitsOf(run.runId);
    const cal = fits.filter((f) => f.stage === 'calibration' && f.model !== 'gg');
    expect(cal.map((f) => f.model)).toEqual(['bgnbd', 'mbgnbd', 'pnbd']);
    const n = calibration.frequency.length;
    const holdoutWeeks = (AS_OF - CAL_END) / 7;
    let actual = 0;
    for (let i = 0; i < n; i++) actual += calibration.holdoutFrequency![i];
    for (const f of cal) {
      // The same fit on the JavaScript summary, customer by customer (no compression, no SQL).
      const reference = fitPurchaseModel(f.model as PurchaseModelName, calibration);
      close(JSON.parse(f.params), reference.params, 1e-4);
      expect(f.customers).toBe(n);
      expect(f.holdout_actual).toBe(actual);
      // Holdout predictions and error per customer, from the stored parameters.
      const model = purchaseModel(f.model as PurchaseModelName, JSON.parse(f.params));
      let predicted = 0;
      let squares = 0;
      for (let i = 0; i < n; i++) {
        const e = model.conditionalExpectedPurchases(
          holdoutWeeks,
          calibration.frequency[i],
          calibration.recency[i],
          calibration.T[i],
        );
        predicted += e;
        squares += (calibration.holdoutFrequency![i] - e) ** 2;
      }
      expect(f.holdout_predicted!).toBeCloseTo(predicted, 6);
      expect(f.holdout_error!).toBeCloseTo(Math.sqrt(squares / n), 9);
    }
    const best = cal
      .filter((f) => f.converged)
      .reduce((a, b) => (b.holdout_error! < a.holdout_error! ? b : a));
    expect(cal.filter((f) => f.chosen).map((f) => f.model)).toEqual([best.model]);
    const finalFit = fits.find((f) => f.stage === 'final' && f.model !== 'gg')!;
    expect(finalFit).toMatchObject({ model: best.model, chosen: true, customers: final.frequency.length });
    close(JSON.parse(finalFit.params), fitPurchaseModel(best.model as PurchaseModelName, final).params, 1e-4);

    // Gamma-Gamma on the repeat buyers (all spend > 0 here: none left out), at both stages.
    const repeat = (s: CustomerSummary) => {
      const i = [...s.frequency.keys()].filter((k) => s.frequency[k] > 0);
      return { frequency: i.map((k) => s.frequency[k]), monetary: i.map((k) => s.monetary[k]) };
    };
    const gg = fits.filter((f) => f.model === 'gg');
    expect(gg.map((f) => [f.stage, f.customers, f.left_out, f.chosen])).toEqual([
      ['calibration', repeat(calibration).frequency.length, 0, false],
      ['final', repeat(final).frequency.length, 0, true],
    ]);
    close(JSON.parse(gg[0].params), fitGammaGamma(repeat(calibration)).params, 1e-4);
    const spend = JSON.parse(gg[1].params);
    close(spend, fitGammaGamma(repeat(final)).params, 1e-4);

    // Per customer: the summary at as_of and the expected spend E[M | x, m].
    const rows = await ws.db.query<{
      customer_id: string;
      frequency: number;
      recency: number;
      T: number;
      monetary: number;
      exp_spend: number;
    }>(`SELECT * FROM customer_value WHERE run_id = $1 ORDER BY customer_id`, [run.runId]);
    expect(rows.map((r) => r.customer_id)).toEqual([...final.customerId].sort());
    const at = new Map(final.customerId.map((id, i) => [id, i]));
    for (const r of rows) {
      const i = at.get(r.customer_id)!;
      expect(r.frequency).toBe(final.frequency[i]);
      expect(r.recency).toBeCloseTo(final.recency[i], 12);
      expect(r.T).toBeCloseTo(final.T[i], 12);
      expect(r.monetary).toBeCloseTo(final.monetary[i], 9);
      expect(r.exp_spend).toBeCloseTo(
        gammaGammaConditionalSpend(spend, final.frequency[i], final.monetary[i]),
        9,
      );
    }
  });

  it('--model overrides the holdout choice', async () => {
    const run = await analyze(ws.db, ws.config, {
      asOf: '2024-06-30',
      calibrationEnd: '2023-12-31',
      timeUnit: 'week',
      model: 'mbgnbd',
    });
    const chosen = (await fitsOf(run.runId)).filter((f) => f.chosen && f.model !== 'gg');
    expect(chosen.map((f) => [f.model, f.stage])).toEqual([
      ['mbgnbd', 'calibration'],
      ['mbgnbd', 'final'],
    ]);
    expect(run.kpis.lifetime_model.unit).toBe('mbgnbd');
  });
});

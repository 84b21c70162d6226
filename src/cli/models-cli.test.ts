/** `clientele fit` and `clientele predict` through the real binary. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fileWith, SHARED_DATA, tempDir } from '../ingest/test-support/workspace.js';

const SAMPLE = join(SHARED_DATA, 'derived/cdnow_sample_summary_39w.csv');
const SAMPLE_TEXT = readFileSync(SAMPLE, 'utf8');
/** A month of weeks: 365.25 / 12 days ÷ 7. */
const MONTH = 30.4375 / 7;

/** Runs `predict … --out FILE` and returns the exit code, output and the rows as fields. */
function predict(args: string[], summary = SAMPLE) {
  const out = join(tempDir(), 'p.csv');
  const r = cli(['predict', '--summary', summary, '--model', 'bgnbd', ...args, '--out', out]);
  const rows =
    r.code === 0
      ? readFileSync(out, 'utf8')
          .replace(/^\uFEFF/, '')
          .trim()
          .split(/\r?\n/)
          .map((l) => l.split(','))
      : [];
  return { ...r, rows };
}

/** Customer `id`'s row: [p_alive, expected_purchases, expected_spend, clv] as numbers. */
const customer = (rows: string[][], id: string) =>
  rows
    .find((r) => r[0] === id)!
    .slice(1)
    .map(Number);

describe('clientele fit', () => {
  it('prints the published CDNOW log-likelihoods and the time unit it inferred', () => {
    const expected = { bgnbd: -9582.43, pnbd: -9594.97, mbgnbd: -9582.13, gg: -4055.92 };
    for (const [model, ll] of Object.entries(expected)) {
      const r = cli(['fit', '--summary', SAMPLE, '--model', model, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(Object.keys(out)).toEqual([
        'model',
        'params',
        'stdErrors',
        'logLikelihood',
        'converged',
        'status',
        'message',
        'iterations',
        'seconds',
        'customers',
        'timeUnit',
        'timeUnitSource',
        'rejected',
        'leftOut',
      ]);
      expect(out.model).toBe(model);
      expect(out.converged).toBe(true);
      expect(Math.abs(out.logLikelihood - ll)).toBeLessThan(0.01);
      expect(out.customers).toBe(model === 'gg' ? 946 : 2357);
      // Hardie's weekly times are whole days ÷ 7 to 2 decimals (38.86 = 272 / 7): weeks.
      expect([out.timeUnit, out.timeUnitSource]).toEqual(
        model === 'gg' ? [null, 'not used'] : ['week', 'inferred'],
      );
    }
    expect(cli(['fit', '--summary', SAMPLE, '--model', 'bgnbd']).stdout).toContain(
      "time unit: week (inferred: every recency and T is a whole number of days ÷ 7, to the file's 2 decimal(s)); rates are per week",
    );
  });

  it('fits BG/BB on weighted donations data', () => {
    const out = JSON.parse(
      cli(['fit', '--summary', join(SHARED_DATA, 'lifetimes/donations.csv'), '--model', 'bgbb', '--json'])
        .stdout,
    );
    expect(Math.abs(out.logLikelihood + 33225.58)).toBeLessThan(0.01);
    expect(out.customers).toBe(11104);
  });

  it('names the file, line and column of a bad value, and refuses bad usage', () => {
    const bad = fileWith('s.csv', 'customer_id,frequency,recency,T,monetary_value\n1,2,3,4,5\n2,x,1,4,0\n');
    const r = cli(['fit', '--summary', bad, '--model', 'bgnbd']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/s\.csv, line 3, column "frequency": "x" is not a number/);
    expect(cli(['fit', '--summary', bad, '--model', 'nope']).stderr).toMatch(
      /--model must be one of bgnbd, mbgnbd, pnbd, ggomnbd, bgbb, gg/,
    );
    const invalid = fileWith('v.csv', 'customer_id,frequency,recency,T\n1,2,5,4\n');
    expect(cli(['fit', '--summary', invalid, '--model', 'bgnbd']).stderr).toMatch(
      /v\.csv, line 2, column "recency": recency t_x > T \(invalid rows: 1 with recency t_x > T;/,
    );
  });
});

describe('clientele predict', () => {
  it('writes per-customer predictions whose sums match the published holdout and CLV figures', () => {
    // 39 weeks ahead: Σ E[Y(39)] = 1,653.4 (BG/NBD on the CDNOW sample).
    const r = predict(['--horizon', '39']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.rows[0]).toEqual(['customer_id', 'p_alive', 'expected_purchases', 'expected_spend', 'clv']);
    expect(r.rows).toHaveLength(2358);
    const sum = (rows: string[][], col: number) => rows.slice(1).reduce((a, row) => a + Number(row[col]), 0);
    expect(sum(r.rows, 2).toFixed(1)).toBe('1653.4');
    expect((sum(r.rows, 1) / 2357).toFixed(4)).toBe('0.8134');
    // docs/metrics/value.md: customer 1 (x 2, t_x 30.43, T 38.86) has P(alive) = 0.7266 and
    // E[Y(90 days)] = 0.452 with the published fit.
    const c1 = customer(predict(['--horizon', String(90 / 7)]).rows, '1');
    expect([c1[0].toFixed(4), c1[1].toFixed(3)]).toEqual(['0.7266', '0.452']);
    // 12 months at 1 % a month: lifetimes gives Σ CLV = 71,509.9 with months of 4.345 weeks;
    // ours are 365.25 / 12 / 7 = 4.348 weeks (0.07 % longer), so the sum is a little higher.
    const year = predict(['--horizon', String(12 * MONTH), '--discount-rate', '0.01']);
    expect(Math.abs(sum(year.rows, 4) / 71509.9 - 1)).toBeLessThan(0.001);
    expect(year.stdout).toContain(
      `horizon ${12 * MONTH} weeks = 12 months, discounted at 0.01 a month (steps)`,
    );
  });

  it('discounts a partial last month for what it is, and whole months as lifetimes does', () => {
    // E[Y(t)] and E[M] of customer 1 at the month boundaries, each from its own run.
    const E = (months: number) => customer(predict(['--horizon', String(months * MONTH)]).rows, '1');
    const [e1, e2, e3, e15] = [E(1), E(2), E(3), E(1.5)];
    const spend = e1[2];
    // 2 weeks (was CLV 0: rounded to 0 months): 2 / 4.3482 = 0.45996 months, one step discounted
    // by 1.01^0.45996 = 1.0045872: CLV = E[Y(2)] × E[M] / 1.0045872.
    const two = customer(predict(['--horizon', '2']).rows, '1');
    expect(two[3]).toBeGreaterThan(0);
    expect(two[3] / ((two[1] * spend) / 1.01 ** (2 / MONTH)) - 1).toBeCloseTo(0, 12);
    // 1.5 months: a whole month, then half a month discounted by 1.01^1.5.
    expect(e15[3] / (spend * (e1[1] / 1.01 + (e15[1] - e1[1]) / 1.01 ** 1.5)) - 1).toBeCloseTo(0, 12);
    // 3 months: Σ (E[Y(i)] − E[Y(i−1)]) / 1.01^i, lifetimes' steps.
    const steps = e1[1] / 1.01 + (e2[1] - e1[1]) / 1.01 ** 2 + (e3[1] - e2[1]) / 1.01 ** 3;
    expect(e3[3] / (spend * steps) - 1).toBeCloseTo(0, 12);
  });

  it('requires the time unit for CLV when the file cannot tell it, and states it in the output', () => {
    // The CDNOW sample in whole days (30.43 weeks → 213 days): days or weeks cannot be told.
    const lines = SAMPLE_TEXT.trim().split(/\r?\n/);
    const days = fileWith(
      'days.csv',
      `${[
        lines[0],
        ...lines.slice(1).map((l) => {
          const [id, x, tx, T, m] = l.split(',');
          return [id, x, Math.round(Number(tx) * 7), Math.round(Number(T) * 7), m].join(',');
        }),
      ].join('\n')}\n`,
    );
    const refused = predict(['--horizon', '365'], days);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /cannot be told from the file: recency and T are whole numbers: days or weeks\?; pass --time-unit day or --time-unit week/,
    );
    // In days, 365 days ahead, the same customers are worth what they are in weeks, 365 / 7 weeks
    // ahead (the data differ only by rounding to whole days: ≤ 0.035 days).
    const inDays = predict(['--horizon', '365', '--time-unit', 'day'], days);
    expect(inDays.code, inDays.stderr).toBe(0);
    expect(inDays.stdout).toContain('time unit: day (as given by --time-unit)');
    expect(inDays.stdout).toContain('horizon 365 days = 11.9918 months');
    const inWeeks = predict(['--horizon', String(365 / 7)]);
    const total = (rows: string[][]) => rows.slice(1).reduce((a, row) => a + Number(row[4]), 0);
    expect(Math.abs(total(inDays.rows) / total(inWeeks.rows) - 1)).toBeLessThan(1e-4);
  });

  it('predicts everyone despite a repeat buyer with spend <= 0, and skips invalid rows to a rejects CSV', () => {
    // Customer 2 (x 1) gets monetary −5; three broken rows follow line 10.
    const lines = SAMPLE_TEXT.trim().split(/\r?\n/);
    lines[2] = '2,1,1.71,38.86,-5';
    lines.splice(10, 0, 'bad1,x,1,4,0', 'bad2,0,40,38.86,0', 'oops,1,2');
    const summary = fileWith('inj.csv', `${lines.join('\n')}\n`);
    const strict = predict(['--horizon', '39'], summary);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(
      /inj\.csv, line 13: expected 5 fields, found 3 \(1 row\(s\) break the CSV structure/,
    );
    const rejects = join(tempDir(), 'rejects.csv');
    const r = predict(['--horizon', '39', '--skip-invalid', '--rejects', rejects], summary);
    expect(r.code, r.stderr).toBe(0);
    expect(r.rows).toHaveLength(2358);
    expect(r.stdout).toContain(`3 invalid row(s) left out, written to ${rejects}`);
    expect(r.stdout).toContain(
      '1 repeat buyer(s) with monetary_value <= 0 left out of the Gamma-Gamma spend model',
    );
    expect(readFileSync(rejects, 'utf8')).toBe(
      '\uFEFFline,column,reason,record\r\n' +
        '11,frequency,"""x"" is not a number","bad1,x,1,4,0"\r\n' +
        '12,recency,recency t_x > T,"bad2,0,40,38.86,0"\r\n' +
        '13,,"expected 5 fields, found 3","oops,1,2"\r\n',
    );
    // Gamma-Gamma on the same file leaves customer 2 out (946 − 1 repeat buyers) and rejects 2
    // rows: its rules do not look at recency, and bad2 is no repeat buyer.
    const gg = JSON.parse(
      cli(['fit', '--summary', summary, '--model', 'gg', '--skip-invalid', '--rejects', rejects, '--json'])
        .stdout,
    );
    expect([gg.customers, gg.leftOut, gg.rejected]).toEqual([945, 1, 2]);
    // Customer 2 is still predicted; its spend takes m = 0: E[M | x=1, m=0] = (1 − ω)·pγ/(q − 1),
    // ω = p / (p + q − 1).
    const { p, q, gamma } = gg.params;
    const c2 = customer(r.rows, '2');
    expect(c2[0]).toBeGreaterThan(0);
    expect(c2[2] / ((1 - p / (p + q - 1)) * ((p * gamma) / (q - 1))) - 1).toBeCloseTo(0, 12);
  });

  it('writes to standard output without a byte-order mark, with the account on standard error', () => {
    const r = cli(['predict', '--summary', SAMPLE, '--model', 'pnbd', '--horizon', '39']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('customer_id,p_alive,expected_purchases,expected_spend,clv\r\n')).toBe(true);
    expect(r.stdout.trim().split('\r\n')).toHaveLength(2358);
    expect(r.stderr).toContain('2357 customers predicted');
    expect(r.stderr).toContain('model pnbd: converged');
  });
});

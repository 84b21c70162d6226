/** `clientele fit` and `clientele predict` through the real binary. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fileWith, SHARED_DATA, tempDir } from '../ingest/test-support/workspace.js';

const SAMPLE = join(SHARED_DATA, 'derived/cdnow_sample_summary_39w.csv');

describe('clientele fit', () => {
  it('prints the published CDNOW log-likelihoods', () => {
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
        'iterations',
        'seconds',
        'customers',
      ]);
      expect(out.model).toBe(model);
      expect(out.converged).toBe(true);
      expect(Math.abs(out.logLikelihood - ll)).toBeLessThan(0.01);
      expect(out.customers).toBe(model === 'gg' ? 946 : 2357);
    }
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
      /1 row\(s\) with recency t_x > T \(first: row 1\)/,
    );
  });
});

describe('clientele predict', () => {
  it('writes per-customer predictions whose sums match the published holdout and CLV figures', () => {
    const out = join(tempDir(), 'p.csv');
    // 39 weeks ahead: Σ E[Y(39)] = 1,653.4 (BG/NBD on the CDNOW sample).
    expect(
      cli(['predict', '--summary', SAMPLE, '--model', 'bgnbd', '--horizon', '39', '--out', out]).code,
    ).toBe(0);
    const rows = readFileSync(out, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(rows[0]).toBe('customer_id,p_alive,expected_purchases,expected_spend,clv');
    expect(rows).toHaveLength(2358);
    const sum = (col: number) => rows.slice(1).reduce((a, r) => a + Number(r.split(',')[col]), 0);
    expect(sum(2).toFixed(1)).toBe('1653.4');
    expect((sum(1) / 2357).toFixed(4)).toBe('0.8134');
    // 12 months of 4.345 weeks at 1 % a month: Σ CLV = 71,509.9 (lifetimes' method).
    expect(
      cli([
        'predict',
        '--summary',
        SAMPLE,
        '--model',
        'bgnbd',
        '--horizon',
        String(12 * 4.345),
        '--discount-rate',
        '0.01',
        '--out',
        out,
      ]).code,
    ).toBe(0);
    const clv = readFileSync(out, 'utf8')
      .trim()
      .split(/\r?\n/)
      .slice(1)
      .reduce((a, r) => a + Number(r.split(',')[4]), 0);
    expect(clv.toFixed(1)).toBe('71509.9');
  });
});

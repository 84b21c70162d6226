import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { loyalty } from '../loyalty/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { rfm } from '../rfm/index.js';
import { factors } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

const AS_OF = '2024-06-30T16:00:00.000Z';

/** 40 customers with varied orders, spend, CLV, events and satisfaction (a few without feedback). */
function fixture() {
  const txns: string[] = [];
  const events: string[] = [];
  const feedback: string[] = [];
  const clv: { customer_id: string; clv_12m: number }[] = [];
  for (let i = 0; i < 40; i++) {
    const id = `p${String(i).padStart(2, '0')}`;
    const orders = 1 + (i % 7);
    for (let j = 0; j < orders; j++) {
      const date = new Date(Date.parse('2024-01-01T00:00:00Z') + ((i * 13 + j * 17) % 170) * 86_400_000);
      txns.push(
        `${id}-${j},${id},${date.toISOString().slice(0, 10)} 12:00,${10 + ((i * 37 + j * 11) % 300)}`,
      );
    }
    for (let e = 0; e < (i * 5) % 11; e++)
      events.push(`${id}-e${e},${id},2024-03-01 10:00,${e % 2 ? 'share' : 'visit'}`);
    if (i % 5 !== 0)
      feedback.push(`${id}-f,${id},2024-04-01 10:00,csat,service_quality,${1 + ((i * 3) % 5)}`);
    clv.push({ customer_id: id, clv_12m: 50 + ((i * 71) % 900) });
  }
  return {
    transactions: `txn_id,customer_id,occurred_at,amount\n${txns.join('\n')}\n`,
    events: `event_id,customer_id,occurred_at,type\n${events.join('\n')}\n`,
    feedback: `feedback_id,customer_id,occurred_at,kind,dimension,score\n${feedback.join('\n')}\n`,
    clv,
  };
}

const FEATURES = ['recency', 'frequency', 'monetary', 'clv', 'engagement', 'satisfaction'];

describe('factors', () => {
  it('PCA loadings reproduce the correlation matrix DuckDB computes; varimax is a rotation of the retained components', async () => {
    const data = fixture();
    await importFiles(ws, 'transactions', [fileWith('t.csv', data.transactions)]);
    await importFiles(ws, 'events', [fileWith('e.csv', data.events)]);
    await importFiles(ws, 'feedback', [fileWith('f.csv', data.feedback)]);
    const ctx = await runAnalyses(ws, AS_OF, { rfm, loyalty, factors }, data.clv);
    // The correlation matrix, independently: DuckDB's corr() over the features as documented
    // (ln(1 + x) for frequency, spend, CLV and engagement; missing satisfaction = its median).
    const expr: Record<string, string> = {
      recency: 'recency_days',
      frequency: 'ln(1 + frequency)',
      monetary: 'ln(1 + monetary)',
      clv: 'ln(1 + clv_12m)',
      engagement: 'ln(1 + coalesce(engagement_score, 0))',
      satisfaction:
        'coalesce(satisfaction, (SELECT median(satisfaction) FROM _segment_customers WHERE buyer = 1))',
    };
    const pairs = FEATURES.flatMap((a, i) =>
      FEATURES.map((b, j) => `corr(${expr[a]}, ${expr[b]}) AS r${i}_${j}`),
    );
    const [r] = await ws.db.query<Record<string, number>>(
      `SELECT ${pairs.join(', ')} FROM _segment_customers WHERE buyer = 1`,
    );
    const loadings = await ws.db.query<{
      method: string;
      factor: number;
      feature: string;
      loading: number;
      communality: number | null;
    }>('SELECT method, factor, feature, loading, communality FROM factor_loadings WHERE run_id = 1');
    const L = (method: string, feature: string, factor: number) =>
      loadings.find((l) => l.method === method && l.feature === feature && l.factor === factor)?.loading ?? 0;
    // R = L Lᵀ over all six components.
    FEATURES.forEach((a, i) => {
      FEATURES.forEach((b, j) => {
        const sum = [1, 2, 3, 4, 5, 6].reduce((s, k) => s + L('pca', a, k) * L('pca', b, k), 0);
        expect(sum, `${a} × ${b}`).toBeCloseTo(i === j ? 1 : r[`r${i}_${j}`], 9);
      });
    });
    const variance = await ws.db.query<{
      method: string;
      factor: number;
      variance: number;
      share: number;
      retained: boolean;
    }>(
      'SELECT method, factor, variance, share, retained FROM factor_variance WHERE run_id = 1 ORDER BY method, factor',
    );
    const pca = variance.filter((v) => v.method === 'pca');
    expect(pca.reduce((s, v) => s + v.variance, 0)).toBeCloseTo(6, 10);
    // Kaiser's rule: components with an eigenvalue ≥ 1 are the factors.
    const m = pca.filter((v) => v.variance >= 1).length;
    expect(pca.filter((v) => v.retained).map((v) => v.factor)).toEqual(
      Array.from({ length: m }, (_, j) => j + 1),
    );
    expect(ctx.kpis.get('factor_count')?.value).toBe(m);
    const rotated = variance.filter((v) => v.method === 'varimax');
    expect(rotated).toHaveLength(m);
    // Varimax rotates the retained components: the same communalities and total variance, and
    // the same L Lᵀ (an orthogonal rotation leaves it unchanged).
    expect(rotated.reduce((s, v) => s + v.variance, 0)).toBeCloseTo(
      pca.slice(0, m).reduce((s, v) => s + v.variance, 0),
      9,
    );
    const factorsUpTo = Array.from({ length: m }, (_, k) => k + 1);
    FEATURES.forEach((a) => {
      const h = factorsUpTo.reduce((s, k) => s + L('pca', a, k) ** 2, 0);
      const row = loadings.filter((l) => l.method === 'varimax' && l.feature === a);
      expect(row.every((l) => Math.abs((l.communality ?? 0) - h) < 1e-9)).toBe(true);
      FEATURES.forEach((b) => {
        const pc = factorsUpTo.reduce((s, k) => s + L('pca', a, k) * L('pca', b, k), 0);
        const vm = factorsUpTo.reduce((s, k) => s + L('varimax', a, k) * L('varimax', b, k), 0);
        expect(vm).toBeCloseTo(pc, 9);
      });
    });
  });
});

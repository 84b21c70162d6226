/**
 * Data quality on a table above SAMPLE_ROWS: the extreme-amount quartiles come from a sample,
 * the count of extreme amounts stays exact.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { analyze } from '../run.js';
import { SAMPLE_ROWS } from './extreme.js';

let ws: Workspace;
const N = 1_500_000;
beforeAll(async () => {
  ws = await tempWorkspace();
  // 1,000 customers; amounts 1, 2, …, 1000 repeating; five planted amounts of 10,000,000.
  await ws.db.run(
    `INSERT INTO customers (customer_id) SELECT 'c' || i FROM range(1000) t(i);
     INSERT INTO transactions (txn_id, customer_id, occurred_at, amount)
     SELECT 't' || i, 'c' || (i % 1000), TIMESTAMPTZ '2024-01-01 00:00:00+00' + to_seconds(i * 10),
       CASE WHEN i % 300000 = 7 THEN 10000000 ELSE i % 1000 + 1 END
     FROM range(${N}) t(i)`,
  );
});
afterAll(async () => {
  await ws.close();
});

it('takes the quartiles from a sample above SAMPLE_ROWS rows and counts extremes exactly', async () => {
  expect(N).toBeGreaterThan(SAMPLE_ROWS);
  const run = await analyze(ws.db, ws.config);
  const [row] = await ws.db.query<{ rows: number; failing: number; detail: string }>(
    `SELECT rows, failing, detail FROM data_quality
     WHERE run_id = $1 AND table_name = 'transactions' AND check_name = 'extreme'`,
    [run.runId],
  );
  // Uniform 1…1000: Q1 ≈ 250.75, Q3 ≈ 750.25 (the five planted values hardly move them), so the
  // threshold ≈ max(750.25 · (750.25 / 250.75)³, 7502.5) ≈ 20,096; a sample of about half the rows
  // gives quartiles within a few units. Exactly the five planted amounts lie above it.
  expect(row.rows).toBe(N);
  expect(row.failing).toBe(5);
  const threshold = Number(/^threshold ([0-9.]+)/.exec(row.detail)?.[1]);
  expect(Math.abs(threshold / 20096 - 1)).toBeLessThan(0.02);
  expect(row.detail).toMatch(/largest: t(7|300007|600007|900007|1200007) 10000000,/);
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { analyze, listRuns } from '../run.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

// Hand-made fixture; the expected values below are worked out by hand in the comments.
const TRANSACTIONS = `txn_id,customer_id,order_id,occurred_at,amount,status
a1,c1,o1,2024-03-30 10:00,100,completed
a2,c1,o1,2024-03-31 08:05,50,completed
a3,c1,o2,2024-03-31 09:00,30,completed
b1,c2,,2024-01-01 12:00,10,completed
d1,c3,,2024-02-15 23:30,500,completed
d2,c3,,2024-03-20 10:00,999,refunded
e1,c4,,2024-03-01 10:00,20,
e2,c4,,2024-03-10 10:00,20,
e3,c4,,2024-03-20 10:00,20,
e4,c4,,2024-03-21 10:00,-20,completed
f0,c5,,2023-12-01 10:00,5,completed
f1,c5,,2024-04-05 10:00,77,completed
`;

describe('RFM', () => {
  it('recency in calendar days, distinct orders, net spend, quintile scores and segments', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    const run = await analyze(ws.db, ws.config, { asOf: '2024-04-01' });
    const rows = await ws.db.query(
      `SELECT customer_id, recency_days, frequency, monetary::DOUBLE AS monetary, r_score, f_score, m_score, segment
       FROM rfm WHERE run_id = $1 ORDER BY customer_id`,
      [run.runId],
    );
    // Recency to 2024-04-01 (Shanghai): c1 last 03-31 → 1; c2 01-01 → 31+29+31 = 91; c3 02-15 → 14+31 = 46
    // (the refund is not a purchase); c4 03-21 (a return, still a completed transaction) → 11; c5 12-01 → 31+31+29+31 = 122
    // (its 04-05 purchase is after as_of). Frequency: c1 two orders (o1 has two lines, on two days: still one order), c4 four transactions.
    // Monetary: c1 180, c4 20+20+20−20 = 40.
    // Quintile thresholds (linear interpolation over 5 values): recency 9, 32, 64, 97.2; frequency 1, 1, 1.4,
    // 2.4; monetary 9, 28, 96, 244. R = 1 + #(thresholds above x); F, M = 1 + #(thresholds below x).
    // FM = floor((F + M + 1) / 2): c1 (4+4) → 4, c2 (1+2) → 2, c3 (1+5) → 3, c4 (5+3) → 4, c5 (1+1) → 1.
    expect(rows).toEqual([
      {
        customer_id: 'c1',
        recency_days: 1,
        frequency: 2,
        monetary: 180,
        r_score: 5,
        f_score: 4,
        m_score: 4,
        segment: 'Champions',
      },
      {
        customer_id: 'c2',
        recency_days: 91,
        frequency: 1,
        monetary: 10,
        r_score: 2,
        f_score: 1,
        m_score: 2,
        segment: 'Hibernating',
      },
      {
        customer_id: 'c3',
        recency_days: 46,
        frequency: 1,
        monetary: 500,
        r_score: 3,
        f_score: 1,
        m_score: 5,
        segment: 'Need attention',
      },
      {
        customer_id: 'c4',
        recency_days: 11,
        frequency: 4,
        monetary: 40,
        r_score: 4,
        f_score: 5,
        m_score: 3,
        segment: 'Loyal',
      },
      {
        customer_id: 'c5',
        recency_days: 122,
        frequency: 1,
        monetary: 5,
        r_score: 1,
        f_score: 1,
        m_score: 1,
        segment: 'Lost',
      },
    ]);
    const [listed] = await listRuns(ws.db);
    expect(listed).toMatchObject({ runId: run.runId, status: 'done' });
    expect(listed.kpis).toMatchObject({
      customers_with_purchases: 5,
      revenue: 180 + 10 + 500 + 40 + 5,
      orders: 2 + 1 + 1 + 4 + 1,
    });
  });

  it('the same inputs give the same results', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    const a = await analyze(ws.db, ws.config, { asOf: '2024-04-01' });
    const b = await analyze(ws.db, ws.config, { asOf: '2024-04-01' });
    const rows = (id: number) =>
      ws.db.query(`SELECT * EXCLUDE (run_id) FROM rfm WHERE run_id = $1 ORDER BY customer_id`, [id]);
    expect(await rows(b.runId)).toEqual(await rows(a.runId));
    expect(b.runId).toBe(a.runId + 1);
  });
});

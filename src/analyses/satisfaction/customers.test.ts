import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { VOICE_CUSTOMERS, voiceCustomers } from './customers.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

const AS_OF = '2024-03-31T16:00:00.000Z'; // 2024-04-01 00:00 in Shanghai

// p1 buys on 1 and 11 January (gap 10 days), p2 on 1 and 21 March (gap 20), p3 once on 25 March.
const TRANSACTIONS = `txn_id,customer_id,occurred_at,amount
t1,p1,2024-01-01 10:00,10
t2,p1,2024-01-11 10:00,10
t3,p2,2024-03-01 10:00,10
t4,p2,2024-03-21 10:00,10
t5,p3,2024-03-25 10:00,10
`;
// q1 never bought; p2's region is blank.
const CUSTOMERS = `customer_id,region
p1,华北
p2,"  "
q1,东北
`;

describe('voice customers', () => {
  it('without a lifetime model: churned = no purchase for more than 3 × the median gap; no CLV deciles', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)], { maxRejects: 0 });
    await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)], { maxRejects: 0 });
    // customer_value without a lifetime model: segments, no CLV, no P(alive) (p3's segment unknown).
    const value = [
      { customer_id: 'p1', segment: 'Lost' },
      { customer_id: 'p2', segment: 'Champions' },
      { customer_id: 'p3', segment: 'unknown' },
    ];
    await runAnalyses(ws, AS_OF, { voice_customers: voiceCustomers }, value);
    const rows = await ws.db.query(
      `SELECT customer_id, segment, region, clv_12m, churned, clv_decile
       FROM ${VOICE_CUSTOMERS} ORDER BY customer_id`,
    );
    // Median gap of the repeat buyers: (10 + 20) / 2 = 15 days → churned after 45 days without a purchase.
    // p1: last purchase 11 January, 81 days before 1 April → churned; p2 11 days, p3 7 days → not.
    expect(rows).toEqual([
      { customer_id: 'p1', segment: 'Lost', region: '华北', clv_12m: null, churned: 1, clv_decile: null },
      { customer_id: 'p2', segment: 'Champions', region: null, clv_12m: null, churned: 0, clv_decile: null },
      { customer_id: 'p3', segment: null, region: null, clv_12m: null, churned: 0, clv_decile: null },
      { customer_id: 'q1', segment: null, region: '东北', clv_12m: null, churned: null, clv_decile: null },
    ]);
  });
});

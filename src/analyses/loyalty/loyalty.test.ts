import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { loyalty } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

// as_of = 2024-04-01 00:00 in Shanghai.
const AS_OF = '2024-03-31T16:00:00.000Z';

// l1: two orders on one day (not a repeat buyer); l2: two days (a repeat buyer); l3 only returned
// something (no purchase: not active on that account).
const TRANSACTIONS = `txn_id,customer_id,order_id,occurred_at,amount
t1,l1,o1,2024-01-05 10:00,100
t2,l1,o2,2024-01-05 15:00,20
t3,l2,,2024-01-10 10:00,50
t4,l2,,2024-02-10 10:00,60
t5,l3,,2024-03-01 10:00,-30
`;
// Weights: visit 1, like 2, share 4, activity 5 → l1 12; comment 3, checkin (other) 1, activity 5 → l4 9.
// e8 is after as_of.
const EVENTS = `event_id,customer_id,occurred_at,type
e1,l1,2024-01-06 10:00,visit
e2,l1,2024-01-07 10:00,like
e3,l1,2024-01-08 10:00,activity
e4,l1,2024-01-09 10:00,Share
e5,l4,2024-02-01 10:00,comment
e6,l4,2024-02-02 10:00,checkin
e7,l4,2024-02-03 10:00,activity
e8,l2,2024-04-05 10:00,post
`;
// Referrals: l2 referred l4 and l6 (undated counts; the friendship does not); l5 referred l7 (its
// referral of l8 is after as_of); l9 "referred" itself (not counted).
const RELATIONS = `from_id,to_id,kind,occurred_at
l2,l4,referral,2024-01-15 10:00
l2,l6,referral,
l2,l4,friend,2024-01-15 10:00
l5,l7,referral,2024-03-01 10:00
l5,l8,referral,2024-05-01 10:00
l9,l9,referral,2024-03-01 10:00
`;

const rows = () =>
  ws.db.query(
    `SELECT customer_id, orders, repeat_buyer, referrals, events, activities, engagement_score
     FROM loyalty WHERE run_id = 1 ORDER BY customer_id`,
  );

describe('loyalty', () => {
  it('referrals, engagement score and activity participation of the active customers', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    await importFiles(ws, 'events', [fileWith('e.csv', EVENTS)]);
    await importFiles(ws, 'relations', [fileWith('r.csv', RELATIONS)]);
    const ctx = await runAnalyses(ws, AS_OF, { loyalty });
    // Active: l1 and l2 (purchases), l4 (events), l5 (a referral). l3, l6–l9 did nothing that counts.
    expect(await rows()).toEqual([
      {
        customer_id: 'l1',
        orders: 2,
        repeat_buyer: false,
        referrals: 0,
        events: 4,
        activities: 1,
        engagement_score: 12,
      },
      {
        customer_id: 'l2',
        orders: 2,
        repeat_buyer: true,
        referrals: 2,
        events: 0,
        activities: 0,
        engagement_score: 0,
      },
      {
        customer_id: 'l4',
        orders: 0,
        repeat_buyer: false,
        referrals: 0,
        events: 3,
        activities: 1,
        engagement_score: 9,
      },
      {
        customer_id: 'l5',
        orders: 0,
        repeat_buyer: false,
        referrals: 1,
        events: 0,
        activities: 0,
        engagement_score: 0,
      },
    ]);
    const k = (name: string) => ctx.kpis.get(name)?.value;
    expect(k('active_customers')).toBe(4);
    expect(k('referral_rate')).toBe(2 / 4); // l2, l5
    expect(k('participation_rate')).toBe(2 / 4); // l1, l4
    expect(k('mean_engagement')).toBe((12 + 0 + 9 + 0) / 4);
    expect(ctx.warnings).toEqual([
      { analysis: 'loyalty', message: 'referrals of a customer to themself are not counted', count: 1 },
    ]);
  });

  it('without events or referral relations the rates are empty, not zero', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    const ctx = await runAnalyses(ws, AS_OF, { loyalty });
    expect((await rows()).map((r) => r.customer_id)).toEqual(['l1', 'l2']);
    const k = (name: string) => ctx.kpis.get(name)?.value;
    expect(k('active_customers')).toBe(2);
    expect(k('referral_rate')).toBeNull();
    expect(k('participation_rate')).toBeNull();
    expect(k('mean_engagement')).toBeNull();
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      'no referral relations: the referral rate is left empty',
      'no events: the participation rate and engagement are left empty',
    ]);
  });
});

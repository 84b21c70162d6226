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

interface Row {
  table_name: string;
  column_name: string | null;
  check_name: string;
  rows: number;
  failing: number;
  share: number;
  detail: string | null;
  scored: boolean;
}

const rowsOf = async (runId: number) =>
  ws.db.query<Row & Record<string, unknown>>(
    `SELECT table_name, column_name, check_name, rows, failing, share, detail, scored FROM data_quality
     WHERE run_id = $1 ORDER BY table_name, check_name, column_name NULLS FIRST`,
    [runId],
  );

// A day 30 days from now: after the observation date and after the time of the run, yet inside
// the import's plausible dates (up to a year ahead).
const FUTURE_DAY = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);

// Hand-made fixture with known defects.
const CUSTOMERS = `customer_id,region
c1,华东
c2,
c3,华北
c4,
c5,华南
`;
// 10 lines: 7 accepted, 3 rejected (amount "abc", an unreadable date, no customer_id).
// t6 is the extreme amount; t7 belongs to c9, who is not a customer.
const TRANSACTIONS = `txn_id,customer_id,occurred_at,amount
t1,c1,2024-03-01 10:00,100
t2,c2,2024-03-02 10:00,110
t3,c3,2024-03-03 10:00,120
t4,c4,2024-03-04 10:00,130
t5,c5,2024-03-05 10:00,140
t6,c1,2024-03-06 10:00,10000
t7,c9,2024-03-07 10:00,120
x1,c1,2024-03-08 10:00,abc
x2,c2,not a date,50
x3,,2024-03-09 10:00,60
`;
// 3 lines: e2 is dated in the future and appears twice (an exact duplicate, dropped).
const EVENTS = `event_id,customer_id,occurred_at,type
e1,c1,2024-03-01 12:00,visit
e2,c2,${FUTURE_DAY} 12:00,login
e2,c2,${FUTURE_DAY} 12:00,login
`;
// k2 has a negative amount.
const COSTS = `cost_id,occurred_at,kind,amount,customer_id
k1,2024-01-10 09:00,acquisition,50,c1
k2,2024-01-11 09:00,acquisition,-20,c2
k3,2024-02-01 09:00,service,30,c3
`;

async function importFixture() {
  await importFiles(ws, 'customers', [fileWith('customers.csv', CUSTOMERS)]);
  const t = await importFiles(ws, 'transactions', [fileWith('transactions.csv', TRANSACTIONS)]);
  expect(t).toMatchObject({ read: 10, accepted: 7, rejected: 3 });
  const e = await importFiles(ws, 'events', [fileWith('events.csv', EVENTS)]);
  expect(e).toMatchObject({ read: 3, accepted: 2, duplicates: 1 });
  await importFiles(ws, 'costs', [fileWith('costs.csv', COSTS)]);
}

const NOT_IN_DATA = 'not in the data (not scored)';
const row = (
  table_name: string,
  column_name: string | null,
  check_name: string,
  rows: number,
  failing: number,
  detail: string | null,
  scored = true,
): Row => ({ table_name, column_name, check_name, rows, failing, share: failing / rows, detail, scored });

describe('data quality', () => {
  it('finds the planted defects, lists clean checks too, and scores them as documented', async () => {
    await importFixture();
    const run = await analyze(ws.db, ws.config); // as_of: the latest purchase, 2024-03-07 10:00
    const all = await rowsOf(run.runId);

    // Optional columns absent from the files: listed, failing every row, not scored.
    const absent = all.filter((r) => r.detail === NOT_IN_DATA);
    expect(absent.map((r) => `${r.table_name}.${r.column_name}`).sort()).toEqual(
      [
        ...['name', 'phone', 'email', 'id_number', 'birth_date', 'gender', 'city', 'occupation']
          .concat(['acquired_at', 'acquisition_channel', 'membership_tier'])
          .map((c) => `customers.${c}`),
        ...['order_id', 'cost', 'product_id', 'category', 'channel', 'status'].map(
          (c) => `transactions.${c}`,
        ),
        'events.channel',
        'events.properties',
        'costs.channel',
        'costs.campaign_id',
      ].sort(),
    );
    const sizes: Record<string, number> = { customers: 5, transactions: 7, events: 2, costs: 3 };
    for (const r of absent) {
      expect(r).toMatchObject({ check_name: 'completeness', rows: sizes[r.table_name], scored: false });
      expect(r.failing).toBe(r.rows);
    }

    // Quartiles (linear interpolation) of |amount|: transactions 100, 110, 120, 120, 130, 140, 10000 →
    // Q1 at position 1.5 = 115, Q3 at 4.5 = 135; threshold max(135 · (135/115)³ = 218.4, 10 · 135) = 1350.
    // Costs by kind: acquisition 20, 50 → Q1 27.5, Q3 42.5 → max(156.9, 425) = 425; service 30 → 300.
    const rejectReasons =
      /^amount 1 \(e\.g\. .+\); customer_id 1 \(e\.g\. .+\); occurred_at 1 \(e\.g\. .+\)$/;
    const scored = all.filter((r) => r.detail !== NOT_IN_DATA);
    expect(scored).toEqual([
      row('costs', 'customer_id', 'completeness', 3, 0, null),
      row('costs', 'amount', 'domain', 3, 1, 'must be ≥ 0; found -20 ×1'),
      row('costs', 'kind', 'domain', 3, 0, 'must be one of acquisition, service, retention, marketing'),
      row('costs', null, 'duplicates', 3, 0, null, false),
      row('costs', 'amount', 'extreme', 3, 0, 'thresholds by kind: acquisition 425, service 300'),
      row('costs', 'occurred_at', 'future_dated', 3, 0, null),
      row('costs', 'customer_id', 'orphans', 3, 0, null),
      row('costs', null, 'rejects', 3, 0, null),
      row('customers', 'region', 'completeness', 5, 2, null),
      row('customers', null, 'duplicates', 5, 0, null, false),
      row('customers', null, 'rejects', 5, 0, null),
      row(
        'events',
        null,
        'duplicates',
        3,
        1,
        'exact copies of rows already read; dropped at import (not scored)',
        false,
      ),
      row('events', 'occurred_at', 'future_dated', 2, 1, `latest ${FUTURE_DAY}T04:00:00.000Z`),
      row('events', 'customer_id', 'orphans', 2, 0, null),
      row('events', null, 'rejects', 3, 0, null),
      row('transactions', null, 'duplicates', 10, 0, null, false),
      row('transactions', 'amount', 'extreme', 7, 1, 'threshold 1350 (Q1 115, Q3 135); largest: t6 10000'),
      row('transactions', 'occurred_at', 'future_dated', 7, 0, null),
      row('transactions', 'customer_id', 'orphans', 7, 1, '1 unknown id not in customers: c9 ×1'),
      { ...row('transactions', null, 'rejects', 10, 3, null), detail: expect.stringMatching(rejectReasons) },
    ]);

    // Score per kind = 100 × mean pass rate of its scored checks:
    // completeness: region 3/5, costs.customer_id 1 → 80; domain: 2/3, 1 → 250/3;
    // orphans: 6/7, 1, 1 → 2000/21; future: 1, 1/2, 1 → 250/3; extreme: 6/7, 1 → 650/7;
    // rejects: 1, 7/10, 1, 1 → 92.5; duplicates (weight 0): 1, 1, 2/3, 1 → 275/3.
    // Summary = (1·80 + 2·250/3 + 2·2000/21 + 2·250/3 + 1·650/7 + 2·92.5) / (1+2+2+2+1+2) = 88.1667.
    const expected = (80 + (2 * 250) / 3 + (2 * 2000) / 21 + (2 * 250) / 3 + 650 / 7 + 2 * 92.5) / 10;
    const [listed] = await listRuns(ws.db);
    expect(listed.kpis.data_quality_score).toBeCloseTo(expected, 10);
    expect(listed.kpis.data_quality_score).toBeCloseTo(88.1667, 4);
    expect(listed.kpis).toMatchObject({ data_quality_completeness: 80, data_quality_rejects: 92.5 });
    expect(listed.kpis.data_quality_domain).toBeCloseTo(250 / 3, 10);
    expect(listed.kpis.data_quality_orphans).toBeCloseTo(2000 / 21, 10);
    expect(listed.kpis.data_quality_future_dated).toBeCloseTo(250 / 3, 10);
    expect(listed.kpis.data_quality_extreme).toBeCloseTo(650 / 7, 10);
    expect(listed.kpis.data_quality_duplicates).toBeCloseTo(275 / 3, 10);

    // Every failing check is a counted warning; absent columns are one uncounted warning per table.
    const warnings = run.warnings.filter((w) => w.analysis === 'quality');
    expect(
      warnings.filter((w) => w.count !== undefined).map((w) => [w.message.split(':')[0], w.count]),
    ).toEqual([
      ['customers.region', 2],
      ['transactions.amount', 1],
      ['transactions.customer_id', 1],
      ['events.occurred_at', 1],
      ['costs.amount', 1],
      ['events', 1],
      ['transactions', 3],
    ]);
    expect(warnings.filter((w) => w.count === undefined).map((w) => w.message.split(':')[0])).toEqual([
      'customers',
      'transactions',
      'events',
      'costs',
    ]);
  });

  it('checks domains the import cannot (signs, score per kind, order of times, self-relations), campaign references, no customers table', async () => {
    const files: [Parameters<typeof importFiles>[1], string][] = [
      [
        'transactions',
        `txn_id,customer_id,occurred_at,amount,cost,status
t1,c1,2024-03-01 10:00,100,60,completed
t2,c1,2024-03-02 10:00,50,-5,completed
t3,c2,2024-03-03 10:00,-30,-18,refunded
`,
      ],
      [
        'feedback',
        `feedback_id,customer_id,occurred_at,kind,score,resolved_at
f1,c1,2024-02-01 10:00,nps,9,
f2,c1,2024-02-02 10:00,csat,7,
f3,c2,2024-02-03 10:00,rating,0,
f4,c2,2024-02-04 10:00,complaint,,2024-02-03 10:00
`,
      ],
      ['relations', 'from_id,to_id,kind\nc1,c2,referral\nc3,c3,referral\n'],
      [
        'campaigns',
        `campaign_id,name,started_at,ended_at
cmp1,Spring,2024-01-01 00:00,2023-12-01 00:00
cmp2,Summer,2024-06-01 00:00,
cmp3,Next,${FUTURE_DAY} 00:00,
`,
      ],
      ['campaign_members', 'campaign_id,customer_id,arm\ncmp1,c1,treatment\ncmpX,c2,control\n'],
      [
        'balances',
        'customer_id,as_of,balance,product\nc1,2024-01-31,1000,deposit\nc2,2024-01-31,-50,deposit\n',
      ],
      [
        'costs',
        `cost_id,occurred_at,kind,amount,campaign_id
k1,2024-01-05 09:00,marketing,500,cmp1
k2,2024-01-06 09:00,marketing,100,cmpZ
`,
      ],
    ];
    for (const [kind, text] of files) {
      const r = await importFiles(ws, kind, [fileWith(`${kind}.csv`, text)]);
      expect(r.rejected, kind).toBe(0);
    }
    // A status the import would have refused, as data loaded some other way would carry it.
    await ws.db.run(
      `INSERT INTO transactions (txn_id, customer_id, occurred_at, amount, status)
       VALUES ('t4', 'c2', TIMESTAMPTZ '2024-03-01 10:00:00+08', 20, 'pending')`,
    );
    const run = await analyze(ws.db, ws.config);
    const all = await rowsOf(run.runId);

    // Shanghai times in UTC: 2023-12-01 00:00 → 2023-11-30T16:00Z; 2024-02-03 10:00 → 02:00Z.
    // Scores: 0–10 for every kind, 1–5 for csat (f2: 7) and rating (f3: 0). Costs of returns (t3) may be
    // negative; t2's may not. The dimension column is empty everywhere: no domain row.
    expect(all.filter((r) => r.check_name === 'domain')).toEqual([
      row('balances', 'balance', 'domain', 2, 1, 'must be ≥ 0; found -50 ×1'),
      row('campaign_members', 'arm', 'domain', 2, 0, 'must be one of treatment, control'),
      row('campaigns', 'ended_at', 'domain', 1, 1, 'must be ≥ started_at; found 2023-11-30T16:00:00.000Z ×1'),
      row('costs', 'amount', 'domain', 2, 0, 'must be ≥ 0'),
      row('costs', 'kind', 'domain', 2, 0, 'must be one of acquisition, service, retention, marketing'),
      row(
        'feedback',
        'kind',
        'domain',
        4,
        0,
        'must be one of nps, csat, rating, complaint, suggestion, churn_reason',
      ),
      row(
        'feedback',
        'resolved_at',
        'domain',
        1,
        1,
        'must be ≥ occurred_at; found 2024-02-03T02:00:00.000Z ×1',
      ),
      row(
        'feedback',
        'score',
        'domain',
        3,
        2,
        'must be between 0 and 10; between 1 and 5 for csat and rating; found 0 ×1, 7 ×1',
      ),
      row('relations', 'kind', 'domain', 2, 0, 'must be one of referral, friend, family, colleague'),
      row('relations', 'to_id', 'domain', 2, 1, 'must be ≠ from_id; found c3 ×1'),
      row(
        'transactions',
        'cost',
        'domain',
        3,
        1,
        'must be ≥ 0 where amount ≥ 0 (a return may reverse its cost); found -5 ×1',
      ),
      row(
        'transactions',
        'status',
        'domain',
        4,
        1,
        'must be one of completed, refunded, cancelled; found pending ×1',
      ),
    ]);
    // No customers table: references to customers are not checked; references to campaigns are.
    expect(all.filter((r) => r.check_name === 'orphans')).toEqual([
      row('campaign_members', 'campaign_id', 'orphans', 2, 1, '1 unknown id not in campaigns: cmpX ×1'),
      row('costs', 'campaign_id', 'orphans', 2, 1, '1 unknown id not in campaigns: cmpZ ×1'),
    ]);
    // A campaign planned for next month is not future-dated; nothing else is either.
    const future = all.filter((r) => r.check_name === 'future_dated');
    expect(future.map((r) => `${r.table_name}.${r.column_name}`).sort()).toEqual(
      [
        'balances.as_of',
        'costs.occurred_at',
        'feedback.occurred_at',
        'feedback.resolved_at',
        'transactions.occurred_at',
      ].sort(),
    );
    expect(future.every((r) => r.failing === 0)).toBe(true);
    expect(run.kpis.data_quality_score?.value).toBeGreaterThan(0);
  });
});

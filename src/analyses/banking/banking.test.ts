import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { bankingClasses, classesFromMasks } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

// as_of = 2024-05-31 23:59:59 in Shanghai. Periods: January (the baseline), February … May.
const AS_OF = '2024-05-31T15:59:59.000Z';

// Ten customers, every possible move between classes (θ = 1). Holding (H) = period-end balance ≥ 1;
// active (a) = a completed transaction or an event in the month.
//        Jan        Feb         Mar            Apr         May
// b01    H 100      H 100       H 120          H 130       H 90        (+ a June snapshot after as_of)
// b02    H 50       H 60        -              a (event)   H 70
// b03    acquired   H 10        0.5 + a (txn)  H 20        0 (snapshot)
// b04    a (txn)    a (txn)     -              H 30        H 35
// b05    H 40       H 40        0 + a (event)  a (txn)     -
// b06    -          -           -              a (first)   H 25
// b07    -          -           H 200 (first)  H 210       0.5
// b08    -          -           -              acquired    -
// b09    acquired   -           refunded txn   -           -
// b10    0.6 + 0.6  (5 mid-month) 0.4 + 0.6 = 1.0 (exactly θ)   0.99   -   a (event)
const CUSTOMERS = `customer_id,acquired_at
b01,2024-01-05 10:00
b02,2024-01-05 10:00
b03,2024-01-05 10:00
b04,2024-01-05 10:00
b05,2024-01-05 10:00
b07,
b08,2024-04-10 10:00
b09,2024-01-05 10:00
b10,2024-01-05 10:00
`;
const BALANCES = `customer_id,as_of,balance,product
b01,2024-01-31,100,deposit
b01,2024-02-29,100,deposit
b01,2024-03-31,120,deposit
b01,2024-04-30,130,deposit
b01,2024-05-31,90,deposit
b01,2024-06-30,999,deposit
b02,2024-01-31,50,deposit
b02,2024-02-29,60,deposit
b02,2024-05-31,70,deposit
b03,2024-02-29,10,deposit
b03,2024-03-31,0.5,deposit
b03,2024-04-30,20,deposit
b03,2024-05-31,0,deposit
b04,2024-04-30,30,fund
b04,2024-05-31,35,fund
b05,2024-01-31,40,deposit
b05,2024-02-29,40,deposit
b05,2024-03-31,0,deposit
b06,2024-05-31,25,deposit
b07,2024-03-31,200,fund
b07,2024-04-30,210,fund
b07,2024-05-31,0.5,fund
b10,2024-01-31,0.6,deposit
b10,2024-01-31,0.6,fund
b10,2024-02-15,5,deposit
b10,2024-02-29,0.4,deposit
b10,2024-02-29,0.6,fund
b10,2024-03-31,0.99,deposit
`;
const TRANSACTIONS = `txn_id,customer_id,occurred_at,amount,status
t1,b01,2024-02-10 10:00,10,completed
t2,b03,2024-03-10 10:00,10,completed
t3,b04,2024-01-15 10:00,10,completed
t4,b04,2024-02-15 10:00,10,completed
t5,b05,2024-04-12 10:00,10,completed
t6,b06,2024-04-20 10:00,10,completed
t7,b09,2024-03-05 10:00,10,refunded
`;
const EVENTS = `event_id,customer_id,occurred_at,type
e1,b02,2024-04-08 10:00,login
e2,b05,2024-03-20 10:00,visit
e3,b10,2024-05-18 10:00,share
e4,b02,2024-06-05 10:00,login
`;

async function load() {
  await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)]);
  await importFiles(ws, 'balances', [fileWith('b.csv', BALANCES)]);
  await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
  await importFiles(ws, 'events', [fileWith('e.csv', EVENTS)]);
}

const query = <T extends Record<string, unknown>>(sql: string) => ws.db.query<T>(sql);

describe('banking classes', () => {
  it("classes, AUM, the migration matrix covering every move, rates and each customer's history, by month", async () => {
    await load();
    const ctx = await runAnalyses(ws, AS_OF, { banking: (c) => bankingClasses(c) });
    const classes = await query(
      `SELECT strftime(period, '%m') AS m, strftime(period_end, '%m-%d') AS e, class, customers, aum::DOUBLE AS aum
       FROM banking_classes WHERE run_id = 1 ORDER BY period, class`,
    );
    const table = (m: string) =>
      Object.fromEntries(classes.filter((r) => r.m === m).map((r) => [r.class, [r.customers, r.aum]]));
    expect(new Set(classes.map((r) => r.m))).toEqual(new Set(['02', '03', '04', '05'])); // January: baseline
    expect(classes.find((r) => r.m === '02')!.e).toBe('02-29');
    // February: stock b01 b02 b05 b10 (100 + 60 + 40 + 1.0), incremental b03, flow b04, dormant b09.
    expect(table('02')).toEqual({ stock: [4, 201], incremental: [1, 10], flow: [1, 0], dormant: [1, 0] });
    // March: stock b01; incremental b07 (new); flow b03 (0.5), b05 (0); dormant b02 b04 b09 b10 (0.99).
    expect(table('03')).toEqual({
      stock: [1, 120],
      incremental: [1, 200],
      flow: [2, 0.5],
      dormant: [4, 0.99],
    });
    // April: stock b01 b07; incremental b03 b04; flow b02 b05 b06; dormant b08 b09 b10.
    expect(table('04')).toEqual({ stock: [2, 340], incremental: [2, 50], flow: [3, 0], dormant: [3, 0] });
    // May: stock b01 b04; incremental b02 b06; flow b10; dormant b03 (0), b05, b07 (0.5), b08, b09.
    expect(table('05')).toEqual({ stock: [2, 125], incremental: [2, 95], flow: [1, 0], dormant: [5, 0.5] });

    const migration = await query<{ m: string; f: string; pair: string; customers: number }>(
      `SELECT strftime(to_period, '%m') AS m, strftime(from_period, '%m') AS f, from_class || '>' || to_class AS pair, customers
       FROM banking_migration WHERE run_id = 1`,
    );
    expect(migration.every((r) => Number(r.f) === Number(r.m) - 1)).toBe(true);
    const moves = (m: string) =>
      Object.fromEntries(migration.filter((r) => r.m === m).map((r) => [r.pair, r.customers]));
    // March (from February): b01 S→S; b02, b10 S→D; b03 I→F; b04 F→D; b05 S→F; b07 new→I; b09 D→D.
    expect(moves('03')).toEqual({
      'stock>stock': 1,
      'stock>dormant': 2,
      'incremental>flow': 1,
      'flow>dormant': 1,
      'stock>flow': 1,
      'new>incremental': 1,
      'dormant>dormant': 1,
    });
    // April: b01 S→S; b02 D→F; b03 F→I; b04 D→I; b05 F→F; b06 new→F; b07 I→S; b08 new→D; b09, b10 D→D.
    expect(moves('04')).toEqual({
      'stock>stock': 1,
      'dormant>flow': 1,
      'flow>incremental': 1,
      'dormant>incremental': 1,
      'flow>flow': 1,
      'new>flow': 1,
      'incremental>stock': 1,
      'new>dormant': 1,
      'dormant>dormant': 2,
    });
    // May: b01 S→S; b02, b06 F→I; b03 I→D; b04 I→S; b05 F→D; b07 S→D; b08, b09 D→D; b10 D→F.
    expect(moves('05')).toEqual({
      'stock>stock': 1,
      'flow>incremental': 2,
      'incremental>dormant': 1,
      'incremental>stock': 1,
      'flow>dormant': 1,
      'stock>dormant': 1,
      'dormant>dormant': 2,
      'dormant>flow': 1,
    });
    // Every one of the 15 possible moves occurs (stock needs a holding before, incremental none).
    const from = ['stock', 'incremental', 'flow', 'dormant'];
    const possible = [
      ...from.flatMap((f) => ['flow', 'dormant'].map((t) => `${f}>${t}`)),
      'stock>stock',
      'incremental>stock',
      'flow>incremental',
      'dormant>incremental',
      'new>incremental',
      'new>flow',
      'new>dormant',
    ];
    expect(new Set(migration.map((r) => r.pair))).toEqual(new Set(possible));

    const rates = await query(
      `SELECT strftime(period, '%m') AS m, flow_before, flow_to_incremental, flow_conversion, stock_before, stock_lost, stock_attrition
       FROM banking_rates WHERE run_id = 1 ORDER BY period`,
    );
    expect(rates).toEqual([
      {
        m: '03',
        flow_before: 1,
        flow_to_incremental: 0,
        flow_conversion: 0,
        stock_before: 4,
        stock_lost: 3,
        stock_attrition: 0.75,
      },
      {
        m: '04',
        flow_before: 2,
        flow_to_incremental: 1,
        flow_conversion: 0.5,
        stock_before: 1,
        stock_lost: 0,
        stock_attrition: 0,
      },
      {
        m: '05',
        flow_before: 3,
        flow_to_incremental: 2,
        flow_conversion: 2 / 3,
        stock_before: 2,
        stock_lost: 1,
        stock_attrition: 0.5,
      },
    ]);
    const k = (name: string) => ctx.kpis.get(name)?.value;
    expect(k('banking_flow_conversion')).toBeCloseTo((0 + 1 + 2) / (1 + 2 + 3), 12);
    expect(k('banking_stock_attrition')).toBeCloseTo((3 + 0 + 1) / (4 + 1 + 2), 12);
    expect(k('banking_stock_customers')).toBe(2);
    expect(k('banking_incremental_customers')).toBe(2);
    expect(k('banking_flow_customers')).toBe(1);
    expect(k('banking_aum')).toBeCloseTo(220.5, 6);
    // b02 has no snapshot in March and April, between its February and May ones.
    expect(ctx.warnings.map((w) => [w.message.slice(0, 40), w.count])).toEqual([
      ['periods without a balance snapshot betwe', 2],
    ]);

    const customers = await query<{
      customer_id: string;
      class: string;
      aum: number | null;
      known: string;
      baseline: string;
      holding: bigint | number;
      active: bigint | number;
    }>(
      `SELECT customer_id, class, aum::DOUBLE AS aum, strftime(known_from, '%m') AS known,
         strftime(baseline_period, '%m') AS baseline, holding_mask AS holding, active_mask AS active
       FROM banking_customers WHERE run_id = 1 ORDER BY customer_id`,
    );
    expect(new Set(customers.map((r) => r.baseline))).toEqual(new Set(['01']));
    // One letter per month, February … May (- before the customer is known), from the table above.
    const letter = { stock: 'S', incremental: 'I', flow: 'F', dormant: 'D' } as const;
    const history = (r: (typeof customers)[0]) =>
      classesFromMasks(r.holding, r.active, Number(r.known) - 1, 4)
        .map((c) => (c ? letter[c] : '-'))
        .join('');
    expect(customers.map((r) => `${r.customer_id} ${r.known} ${history(r)} ${r.class} ${r.aum}`)).toEqual([
      'b01 01 SSSS stock 90',
      'b02 01 SDFI incremental 70',
      'b03 01 IFID dormant 0',
      'b04 01 FDIS stock 35',
      'b05 01 SFFD dormant null',
      'b06 04 --FI incremental 25',
      'b07 03 -ISD dormant 0.5',
      'b08 04 --DD dormant null',
      'b09 01 DDDD dormant null',
      'b10 01 SDDF flow null',
    ]);
  });

  it('month-end snapshots only (no reduction to the last one per period) give the same classes', async () => {
    // Without b10's mid-February snapshot every date is a month end: the shorter path is taken.
    await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)]);
    await importFiles(ws, 'balances', [
      fileWith('b.csv', BALANCES.replace('b10,2024-02-15,5,deposit\n', '')),
    ]);
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    await importFiles(ws, 'events', [fileWith('e.csv', EVENTS)]);
    await runAnalyses(ws, AS_OF, { banking: (c) => bankingClasses(c) });
    const classes = await query(
      `SELECT strftime(period, '%m') AS m, class, customers, aum::DOUBLE AS aum FROM banking_classes WHERE run_id = 1
       AND class <> 'dormant' ORDER BY period, class`,
    );
    expect(classes.map((r) => `${r.m} ${r.class} ${r.customers} ${r.aum}`)).toEqual([
      '02 flow 1 0',
      '02 incremental 1 10',
      '02 stock 4 201',
      '03 flow 2 0.5',
      '03 incremental 1 200',
      '03 stock 1 120',
      '04 flow 3 0',
      '04 incremental 2 50',
      '04 stock 2 340',
      '05 flow 1 0',
      '05 incremental 2 95',
      '05 stock 2 125',
    ]);
  });

  it('by quarter: the last snapshot of each product in the quarter, one listed quarter', async () => {
    await load();
    const ctx = await runAnalyses(ws, AS_OF, {
      banking: (c) => bankingClasses(c, { period: 'quarter', threshold: 1 }),
    });
    // Q1 is the baseline. Q1 holders: b01 120, b02 60, b07 200, b10 0.99 + 0.6 (fund's last, Feb).
    // Q2: b01 90 and b02 70 stock; b04 35 and b06 25 incremental; b05 (txn), b10 (event) flow;
    // b03 (0), b07 (0.5), b08, b09 dormant.
    const classes = await query(
      `SELECT strftime(period, '%Y-%m-%d') AS p, strftime(period_end, '%Y-%m-%d') AS e, class, customers, aum::DOUBLE AS aum
       FROM banking_classes WHERE run_id = 1 ORDER BY class`,
    );
    expect(classes).toEqual([
      { p: '2024-04-01', e: '2024-06-30', class: 'dormant', customers: 4, aum: 0.5 },
      { p: '2024-04-01', e: '2024-06-30', class: 'flow', customers: 2, aum: 0 },
      { p: '2024-04-01', e: '2024-06-30', class: 'incremental', customers: 2, aum: 60 },
      { p: '2024-04-01', e: '2024-06-30', class: 'stock', customers: 2, aum: 160 },
    ]);
    expect(await query('SELECT * FROM banking_migration')).toEqual([]);
    expect(ctx.kpis.get('banking_flow_conversion')?.value).toBeNull();
    expect(ctx.warnings).toEqual([]);
  });

  it('without balances, or with one period of them, warns and writes nothing', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    let ctx = await runAnalyses(ws, AS_OF, { banking: (c) => bankingClasses(c) });
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      'no balances up to the observation date: banking classes not computed',
    ]);
    await importFiles(ws, 'balances', [fileWith('b.csv', 'customer_id,as_of,balance\nb01,2024-05-31,5\n')]);
    await ws.db.run('DELETE FROM runs');
    ctx = await runAnalyses(ws, AS_OF, { banking: (c) => bankingClasses(c) });
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      'balances cover one month only (from 2024-05-01): banking classes need two, the first being the baseline',
    ]);
    expect(await query('SELECT count(*)::INT AS n FROM banking_classes')).toEqual([{ n: 0 }]);
  });
});

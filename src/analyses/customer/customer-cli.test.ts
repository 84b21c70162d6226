/** `clientele customer ID` through the real binary, on a small workspace analysed once. */
import { beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { cli, fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import { analyze } from '../run.js';

let dir: string;
beforeAll(async () => {
  const ws = await tempWorkspace();
  dir = ws.dir;
  await importFiles(ws, 'customers', [
    fileWith(
      'c.csv',
      `customer_id,name,phone,email,id_number,birth_date,region,acquired_at,wechat
k1,张三,13812345678,zhang3@example.com,110101199003071234,1990-03-07,华东,2024-01-02 10:00,zs_wx
k2,李四,13912345678,li4@example.com,110101198001011111,1980-01-01,华南,2024-01-03 10:00,
k3,王五,13712345678,wang5@example.com,110101197001012222,1970-01-01,华北,2024-01-04 10:00,
`,
    ),
  ]);
  // k1: twelve transactions, the newest (2024-06-12) a refund: as_of is the latest completed
  // purchase, 2024-06-05; only the latest ten transactions are shown.
  const lines = ['txn_id,customer_id,occurred_at,amount,status'];
  for (let m = 1; m <= 12; m++) {
    const day = `2024-${String(Math.ceil(m / 2)).padStart(2, '0')}-${m % 2 ? '05' : '12'} 10:00`;
    lines.push(
      `a${String(m).padStart(2, '0')},k1,${day},${m === 12 ? -20 : 100 + m},${m === 12 ? 'refunded' : 'completed'}`,
    );
  }
  lines.push(
    'b1,k2,2024-02-01 10:00,50,completed',
    'b2,k2,2024-05-01 10:00,70,completed',
    'c1,k3,2024-03-01 10:00,30,completed',
  );
  await importFiles(ws, 'transactions', [fileWith('t.csv', `${lines.join('\n')}\n`)]);
  await importFiles(ws, 'relations', [
    fileWith(
      'r.csv',
      'from_id,to_id,kind,occurred_at\nk1,k2,referral,2024-01-03 10:00\nk1,k3,referral,2024-01-04 10:00\nk3,k1,friend,\n',
    ),
  ]);
  await importFiles(ws, 'feedback', [
    fileWith(
      'f.csv',
      'feedback_id,customer_id,occurred_at,kind,dimension,score,text\nf1,k1,2024-03-01 10:00,csat,service_quality,2,客服电话 13812345678 打不通\nf2,k1,2024-04-01 10:00,nps,,9,\n',
    ),
  ]);
  await importFiles(ws, 'balances', [
    fileWith(
      'b.csv',
      'customer_id,as_of,balance,product\nk1,2024-04-30,0,deposit\nk1,2024-05-31,500,deposit\nk1,2024-06-01,800,deposit\n',
    ),
  ]);
  await analyze(ws.db, ws.config);
  await ws.close();
});

describe('clientele customer', () => {
  it('shows the 360 with personal data masked', () => {
    const r = cli(['customer', 'k1', '-w', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^customer k1 — run 1, data as of 2024-06-05/);
    expect(r.stdout).toContain('personal data masked (--show-pii to show it)');
    expect(r.stdout).toContain(
      'name: 张* · phone: 138****5678 · email: z***@example.com · id_number: **************1234 · birth_date: 1990-**-**',
    );
    expect(r.stdout).toContain('attributes: {"wechat":"***"}');
    expect(r.stdout).not.toMatch(/13812345678|zhang3|张三|zs_wx|打不通/);
    expect(r.stdout).toMatch(
      /Relations from this customer\n {2}customer_id: k3 · kind: referral[^\n]*\n {2}customer_id: k2 · kind: referral/,
    );
    expect(r.stdout).toMatch(/Relations to this customer\n {2}customer_id: k3 · kind: friend\n/);
    // Balances: 0 in April (the baseline), 500 in May (incremental), 800 in June (stock).
    expect(r.stdout).toMatch(/Banking class history\n {2}2024-05: incremental\n {2}2024-06: stock\n/);
    expect(r.stdout).toContain('Segments: RFM ');
    expect(r.stdout).toContain('banking class stock');
  });

  it('--show-pii shows personal data in clear; --json gives the same 360 as data', () => {
    const clear = cli(['customer', 'k1', '--show-pii', '-w', dir]);
    expect(clear.code).toBe(0);
    expect(clear.stdout).toContain('name: 张三 · phone: 13812345678 · email: zhang3@example.com');
    expect(clear.stdout).toContain('客服电话 13812345678 打不通');
    const r = cli(['customer', 'k1', '--json', '-w', dir]);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c.piiShown).toBe(false);
    expect(c.profile).toMatchObject({
      customer_id: 'k1',
      name: '张*',
      region: '华东',
      acquired_at: '2024-01-02T02:00:00.000Z',
    });
    // The latest ten of twelve transactions, newest first: a12 (the refund, 2024-06-12) … a03.
    expect(c.transactions.map((t: { txn_id: string }) => t.txn_id)).toEqual([
      'a12',
      'a11',
      'a10',
      'a09',
      'a08',
      'a07',
      'a06',
      'a05',
      'a04',
      'a03',
    ]);
    expect(c.transactions[0]).toMatchObject({
      amount: -20,
      status: 'refunded',
      occurred_at: '2024-06-12T02:00:00.000Z',
    });
    expect(
      c.feedback.map((f: { feedback_id: string; text: string | null }) => [f.feedback_id, f.text]),
    ).toEqual([
      ['f2', null],
      ['f1', '***'],
    ]);
    expect(c.relations.outgoingTotal).toBe(2);
    expect(c.relations.incoming).toEqual([{ customer_id: 'k3', kind: 'friend', occurred_at: null }]);
    expect(c.kpis.influence).toMatchObject({ referrals: 2, referred_revenue: 50 + 70 + 30 });
    expect(c.kpis.rfm.frequency).toBe(11); // eleven completed purchases
    expect(c.balances).toEqual([{ product: 'deposit', as_of: '2024-06-01', balance: 800 }]);
    expect(c.segments.bankingClass).toBe('stock');
    expect(c.classHistory).toEqual([
      { from: '2024-05-01', to: '2024-05-01', class: 'incremental' },
      { from: '2024-06-01', to: '2024-06-01', class: 'stock' },
    ]);
  });

  it('refuses an unknown id (exit 1), a missing id and an unknown run (exit 2)', () => {
    const unknown = cli(['customer', 'K1', '-w', dir]);
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toBe(
      'clientele customer: no customer "K1" in this workspace: no customer, transaction, event, balance, feedback or relation has that id (ids are case-sensitive)\n',
    );
    const none = cli(['customer', '-w', dir]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give one customer ID/);
    const run = cli(['customer', 'k1', '--run', '7', '-w', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/there is no run 7; the finished runs are 1/);
  });
});

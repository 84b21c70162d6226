import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import { Random } from '../../models/simulate/random.js';
import type { Workspace } from '../../workspace/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { influence } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

const AS_OF = '2024-03-31T16:00:00.000Z'; // 2024-04-01 00:00 in Shanghai

// Referrals: i1 → i2, i1 → i3 (undated), i2 → i5; i1 → i4 is after as_of; i6 "referred" itself.
// Friends: i3 – i5, and i1 – i2 (the same pair as a referral: one edge each way in the graph).
const RELATIONS = `from_id,to_id,kind,occurred_at
i1,i2,referral,2024-01-10 10:00
i1,i3,referral,
i2,i5,referral,2024-02-01 10:00
i1,i4,referral,2024-05-01 10:00
i6,i6,referral,2024-01-01 10:00
i3,i5,friend,
i1,i2,friend,2024-01-10 10:00
`;
const TRANSACTIONS = `txn_id,customer_id,occurred_at,amount
t1,i2,2024-01-12 10:00,100
t2,i2,2024-02-12 10:00,50
t3,i3,2024-01-20 10:00,30
t4,i5,2024-02-05 10:00,200
t5,i1,2024-01-05 10:00,10
t6,i4,2024-05-02 10:00,999
`;
// i1: 2 views, a share, a like; i3: a comment, a view; i7: a share, a view, a post (not an
// interaction); i8 only after as_of.
const EVENTS = `event_id,customer_id,occurred_at,type
e1,i1,2024-01-06 10:00,view
e2,i1,2024-01-07 10:00,VIEW
e3,i1,2024-01-08 10:00,share
e4,i1,2024-01-09 10:00,like
e5,i3,2024-02-01 10:00,comment
e6,i3,2024-02-02 10:00,view
e7,i7,2024-02-03 10:00,share
e8,i7,2024-02-04 10:00,view
e9,i7,2024-02-05 10:00,post
e10,i8,2024-04-05 10:00,share
`;

const rows = () =>
  ws.db.query(
    `SELECT customer_id, referrals, referred_revenue::DOUBLE AS referred_revenue, referred_clv, pagerank
     FROM influence WHERE run_id = 1 ORDER BY customer_id`,
  );

describe('influence', () => {
  it('referrals, referred revenue and CLV, PageRank by hand, shares and interactions', async () => {
    await importFiles(ws, 'relations', [fileWith('r.csv', RELATIONS)]);
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    await importFiles(ws, 'events', [fileWith('e.csv', EVENTS)]);
    const ctx = await runAnalyses(ws, AS_OF, { influence }, [
      { customer_id: 'i2', clv_12m: 40 },
      { customer_id: 'i3', clv_12m: 5 },
    ]);
    // Graph: i2 → i1, i3 → i1 (referrals credit the referrer), i5 → i2, i1 ↔ i2, i3 ↔ i5; no
    // dangling node. With d = 0.85 and n = 4 (jump share 0.0375):
    //   x3 = 0.0375 + 0.85 · x5/2 and x5 likewise, so x3 = x5 = 0.0375 / 0.575 = 3/46;
    //   x1 = 0.0375 + 0.85 · (x2 + x3/2) and x2 = 0.0375 + 0.85 · (x1 + x5/2), so
    //   x1 = x2 = (3/80 + 0.425 · 3/46) / 0.15 = (3/46) / (3/20) = 10/23.  Σ = 20/23 + 6/46 = 1.
    const r = await rows();
    // Customers with relations (i7 only has events: no row; i4's referral is after as_of).
    expect(r.map((x) => x.customer_id)).toEqual(['i1', 'i2', 'i3', 'i5']);
    const by = Object.fromEntries(r.map((x) => [x.customer_id, x]));
    // i1 referred i2 (spent 150, CLV 40) and i3 (30, CLV 5); i2 referred i5 (200, no CLV: 0).
    expect(by.i1).toMatchObject({ referrals: 2, referred_revenue: 180, referred_clv: 45 });
    expect(by.i2).toMatchObject({ referrals: 1, referred_revenue: 200, referred_clv: 0 });
    expect(by.i3).toMatchObject({ referrals: 0, referred_revenue: 0, referred_clv: 0 });
    expect(by.i5).toMatchObject({ referrals: 0, referred_revenue: 0, referred_clv: 0 });
    expect(by.i1.pagerank).toBeCloseTo(10 / 23, 6);
    expect(by.i2.pagerank).toBeCloseTo(10 / 23, 6);
    expect(by.i3.pagerank).toBeCloseTo(3 / 46, 6);
    expect(by.i5.pagerank).toBeCloseTo(3 / 46, 6);
    const k = (name: string) => ctx.kpis.get(name)?.value;
    expect(k('referrers')).toBe(2);
    expect(k('top1pct_referral_share')).toBeCloseTo(2 / 3, 12); // the top referrer (1 of 2) made 2 of 3
    expect(k('share_rate')).toBe(2 / 4); // shares i1, i7 over views i1 ×2, i3, i7
    expect(k('interaction_rate')).toBe(4 / 4); // share + like (i1), comment (i3), share (i7)
    expect(ctx.warnings).toEqual([]);
  });

  it('PageRank agrees with a dense power iteration written out here, on a random relations graph', async () => {
    const rng = new Random(5);
    const kinds = ['referral', 'friend', 'family', 'colleague'];
    const seen = new Set<string>();
    let csv = 'from_id,to_id,kind\n';
    for (let e = 0; e < 80; e++) {
      const a = `c${rng.int(0, 29)}`;
      const b = `c${rng.int(0, 29)}`;
      const kind = kinds[rng.int(0, 3)];
      if (seen.has(`${a},${b},${kind}`)) continue;
      seen.add(`${a},${b},${kind}`);
      csv += `${a},${b},${kind}\n`;
    }
    await importFiles(ws, 'relations', [fileWith('r.csv', csv)]);
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    await runAnalyses(ws, AS_OF, { influence });
    // The documented graph: a referral a → b is the edge b → a; other ties both ways; no self
    // edges; each directed pair once.
    const edges = new Set<string>();
    for (const line of [...seen]) {
      const [a, b, kind] = line.split(',');
      if (a === b) continue;
      edges.add(`${b}>${a}`);
      if (kind !== 'referral') edges.add(`${a}>${b}`);
    }
    const ids = [...new Set([...edges].flatMap((e) => e.split('>')))].sort();
    const n = ids.length;
    const out = new Map(ids.map((id) => [id, 0]));
    for (const e of edges) out.set(e.split('>')[0], out.get(e.split('>')[0])! + 1);
    let x = new Map(ids.map((id) => [id, 1 / n]));
    for (let step = 0; step < 500; step++) {
      const dangling = ids.filter((id) => out.get(id) === 0).reduce((s, id) => s + x.get(id)!, 0);
      const next = new Map(ids.map((id) => [id, 0.15 / n + (0.85 * dangling) / n]));
      for (const e of edges) {
        const [u, v] = e.split('>');
        next.set(v, next.get(v)! + (0.85 * x.get(u)!) / out.get(u)!);
      }
      x = next;
    }
    const got = await ws.db.query<{ customer_id: string; pagerank: number }>(
      'SELECT customer_id, pagerank FROM influence WHERE run_id = 1 AND pagerank IS NOT NULL ORDER BY customer_id',
    );
    expect(got.map((g) => g.customer_id)).toEqual(ids);
    for (const g of got) expect(g.pagerank).toBeCloseTo(x.get(g.customer_id)!, 5);
  });

  it('without relations or events: nothing to write, warned', async () => {
    await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
    const ctx = await runAnalyses(ws, AS_OF, { influence });
    expect(await rows()).toEqual([]);
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      'no relations between customers up to the observation date: referrals and PageRank are empty',
      'no view events: the share and interaction rates (per view) are left empty',
    ]);
    for (const kpi of ['referrers', 'top1pct_referral_share', 'share_rate', 'interaction_rate']) {
      expect(ctx.kpis.get(kpi)?.value, kpi).toBeNull();
    }
  });
});

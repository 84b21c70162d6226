/** The demo data: deterministic, complete, and with its planted facts findable by analysis. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../ingest/test-support/workspace.js';
import { TABLE_NAMES } from '../schema/tables.js';
import type { Workspace } from '../workspace/index.js';
import { generateDemo, loadDemo } from './index.js';

let ws: Workspace;
let results: Awaited<ReturnType<typeof loadDemo>>;
beforeAll(async () => {
  ws = await tempWorkspace();
  results = await loadDemo(ws, { customers: 20000, seed: 7 });
});
afterAll(async () => {
  await ws.close();
});

const one = async <T>(sql: string) => (await ws.db.query<Record<string, T>>(sql))[0];

describe('demo data', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = generateDemo({ customers: 300, seed: 3 });
    const b = generateDemo({ customers: 300, seed: 3 });
    const c = generateDemo({ customers: 300, seed: 4 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a.transactions)).not.toBe(JSON.stringify(c.transactions));
  });

  it('fills every table through the normal import, losing nothing', () => {
    for (const t of TABLE_NAMES) {
      expect(results[t].accepted, t).toBeGreaterThan(0);
      expect(results[t].read).toBe(results[t].accepted);
    }
    expect(results.customers.accepted).toBe(20000);
  });

  it('planted: 西北 has poor service satisfaction', async () => {
    const rows = await ws.db.query<{ region: string; csat: number }>(
      `SELECT c.region, avg(CASE WHEN f.score >= 4 THEN 1.0 ELSE 0 END) AS csat
       FROM feedback f JOIN customers c USING (customer_id)
       WHERE f.kind = 'csat' AND f.dimension = 'service_quality' GROUP BY c.region`,
    );
    const nw = rows.find((r) => r.region === '西北')!.csat;
    const others = rows.filter((r) => r.region !== '西北').map((r) => r.csat);
    expect(nw).toBeLessThan(0.35);
    expect(Math.min(...others)).toBeGreaterThan(0.65);
  });

  it('planted: paid_search has the highest CAC, referral the lowest', async () => {
    const rows = await ws.db.query<{ channel: string; cac: number }>(
      `SELECT channel, (sum(amount) / count(DISTINCT customer_id))::DOUBLE AS cac FROM costs WHERE kind = 'acquisition' GROUP BY channel ORDER BY cac`,
    );
    expect(rows[0].channel).toBe('referral');
    expect(rows[rows.length - 1].channel).toBe('paid_search');
  });

  it('planted: the spring campaign lifts purchases of the treatment arm (randomised)', async () => {
    const arms = await ws.db.query<{ arm: string; members: number; per_member: number; buyers: number }>(
      `SELECT m.arm, count(DISTINCT m.customer_id)::BIGINT AS members,
         (count(t.txn_id) / count(DISTINCT m.customer_id))::DOUBLE AS per_member
       FROM campaign_members m
       LEFT JOIN transactions t ON t.customer_id = m.customer_id AND t.amount > 0
         AND t.occurred_at BETWEEN TIMESTAMPTZ '2024-03-01' AND TIMESTAMPTZ '2024-04-30 23:59:59'
       GROUP BY m.arm ORDER BY m.arm`,
    );
    const [control, treatment] = arms;
    expect(control.arm).toBe('control');
    expect(Math.abs(control.members / treatment.members - 1)).toBeLessThan(0.1);
    expect(treatment.per_member / control.per_member).toBeGreaterThan(1.15);
  });

  it('planted: referrals are skewed towards a few super-referrers', async () => {
    const share = await one<number>(
      `WITH r AS (SELECT from_id, count(*) AS n FROM relations WHERE kind = 'referral' GROUP BY from_id),
            ranked AS (SELECT n, row_number() OVER (ORDER BY n DESC) AS k, count(*) OVER () AS total FROM r)
       SELECT (sum(n) FILTER (WHERE k <= greatest(1, total // 100)) / sum(n))::DOUBLE AS share FROM ranked`,
    );
    expect(share.share).toBeGreaterThan(0.2);
  });

  it('planted: switched_to_competitor is the most frequent churn reason', async () => {
    const top = await one<string>(
      `SELECT topic FROM feedback WHERE kind = 'churn_reason' GROUP BY topic ORDER BY count(*) DESC LIMIT 1`,
    );
    expect(top.topic).toBe('switched_to_competitor');
  });

  it('keeps every timestamp inside the observation period', async () => {
    const last = await one<string>(`SELECT CAST(max(occurred_at) AS VARCHAR) AS t FROM transactions`);
    expect(last.t < '2025-01-01 08:00:00').toBe(true);
  });
});

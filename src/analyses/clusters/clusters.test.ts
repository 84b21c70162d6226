import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import { adjustedRandIndex } from '../../models/cluster/index.js';
import type { Workspace } from '../../workspace/index.js';
import { loyalty } from '../loyalty/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { rfm } from '../rfm/index.js';
import { analyze } from '../run.js';
import { clusters } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

// as_of = 2024-07-01 00:00 in Shanghai.
const AS_OF = '2024-06-30T16:00:00.000Z';
const day = (iso: string, plus: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);
const daysTo = (date: string) =>
  Math.round((Date.parse('2024-07-01T00:00:00Z') - Date.parse(`${date}T00:00:00Z`)) / 86_400_000);

/**
 * Three planted groups of 20 customers. a: six purchases in June (400–590), CLV 2000+, 10 visits, CSAT 5.
 * b: one purchase the previous summer (20–39), CLV 5, no events, CSAT 1. c: three purchases in
 * spring (100–138), CLV 200, 3 visits, no feedback (satisfaction unknown: the median, 0.5).
 */
function plantedGroups() {
  const txns: string[] = [];
  const events: string[] = [];
  const feedback: string[] = [];
  const clv: { customer_id: string; clv_12m: number }[] = [];
  const truth = new Map<string, { group: string; orders: number; spend: number; recency: number }>();
  for (let i = 0; i < 20; i++) {
    const id = (g: string) => `${g}${String(i).padStart(2, '0')}`;
    const plan = {
      a: {
        dates: Array.from({ length: 6 }, (_, j) => day('2024-06-01', (i % 4) + 5 * j)),
        amount: 400 + 10 * i,
        clv: 2000 + 20 * i,
        visits: 10,
        csat: 5,
      },
      b: { dates: [day('2023-07-01', i)], amount: 20 + i, clv: 5, visits: 0, csat: 1 },
      c: {
        dates: Array.from({ length: 3 }, (_, j) => day('2024-03-01', i + 10 * j)),
        amount: 100 + 2 * i,
        clv: 200,
        visits: 3,
        csat: null,
      },
    };
    for (const [g, p] of Object.entries(plan)) {
      p.dates.forEach((d, j) => {
        txns.push(`${id(g)}-${j},${id(g)},${d} 12:00,${p.amount}`);
      });
      for (let v = 0; v < p.visits; v++) events.push(`${id(g)}-e${v},${id(g)},2024-05-01 10:00,visit`);
      if (p.csat !== null)
        feedback.push(`${id(g)}-f,${id(g)},2024-05-02 10:00,csat,service_quality,${p.csat}`);
      clv.push({ customer_id: id(g), clv_12m: p.clv });
      truth.set(id(g), {
        group: g,
        orders: p.dates.length,
        spend: p.amount * p.dates.length,
        recency: daysTo(p.dates.at(-1)!),
      });
    }
  }
  return {
    transactions: `txn_id,customer_id,occurred_at,amount\n${txns.join('\n')}\n`,
    events: `event_id,customer_id,occurred_at,type\n${events.join('\n')}\n`,
    feedback: `feedback_id,customer_id,occurred_at,kind,dimension,score\n${feedback.join('\n')}\n`,
    clv,
    truth,
  };
}

const assignment = (run: number) =>
  ws.db.query<{ customer_id: string; cluster: number; cluster_name: string }>(
    'SELECT customer_id, cluster, cluster_name FROM clusters WHERE run_id = $1 ORDER BY customer_id',
    [run],
  );

describe('clusters', () => {
  it('recover planted groups, choose k = 3 by silhouette and profile them in natural units', async () => {
    const data = plantedGroups();
    await importFiles(ws, 'transactions', [fileWith('t.csv', data.transactions)]);
    await importFiles(ws, 'events', [fileWith('e.csv', data.events)]);
    await importFiles(ws, 'feedback', [fileWith('f.csv', data.feedback)]);
    const ctx = await runAnalyses(ws, AS_OF, { rfm, loyalty, clusters }, data.clv);
    const rows = await assignment(1);
    expect(rows).toHaveLength(60);
    const planted = rows.map((r) => data.truth.get(r.customer_id)!.group.charCodeAt(0));
    expect(
      adjustedRandIndex(
        planted,
        rows.map((r) => r.cluster),
      ),
    ).toBe(1);
    const selection = await ws.db.query<{ k: number; silhouette: number; chosen: boolean }>(
      'SELECT k, silhouette, chosen FROM cluster_selection WHERE run_id = 1 ORDER BY k',
    );
    expect(selection.map((s) => s.k)).toEqual([2, 3, 4, 5, 6]); // at most 60 / 10 clusters
    expect(selection.find((s) => s.chosen)!.k).toBe(3);
    expect(Math.max(...selection.map((s) => s.silhouette))).toBe(
      selection.find((s) => s.k === 3)!.silhouette,
    );
    expect(ctx.kpis.get('cluster_count')?.value).toBe(3);

    const profiles = await ws.db.query<Record<string, number | string | null>>(
      'SELECT * FROM cluster_profiles WHERE run_id = 1 ORDER BY cluster',
    );
    expect(profiles.map((p) => p.customers)).toEqual([20, 20, 20]);
    for (const p of profiles) {
      const members = rows.filter((r) => r.cluster === p.cluster).map((r) => data.truth.get(r.customer_id)!);
      const mean = (f: (t: (typeof members)[0]) => number) =>
        members.reduce((s, t) => s + f(t), 0) / members.length;
      expect(p.share).toBeCloseTo(1 / 3, 12);
      expect(p.frequency).toBeCloseTo(
        mean((t) => t.orders),
        10,
      );
      expect(p.monetary).toBeCloseTo(
        mean((t) => t.spend),
        8,
      );
      expect(p.recency_days).toBeCloseTo(
        mean((t) => t.recency),
        10,
      );
      expect(
        rows.filter((r) => r.cluster === p.cluster).every((r) => r.cluster_name === p.cluster_name),
      ).toBe(true);
      const traits = String(p.traits).split('+');
      const group = members[0].group;
      // a and b are far from the mean on every feature: three traits; c sits in the middle.
      expect(traits).toHaveLength(group === 'c' ? 1 : 3);
      if (group === 'c') expect(traits).toEqual(['typical']);
      const allowed =
        group === 'a'
          ? ['recent', 'frequent', 'high_spend', 'high_value', 'engaged', 'satisfied']
          : group === 'b'
            ? ['lapsed', 'occasional', 'low_spend', 'low_value', 'disengaged', 'dissatisfied']
            : null;
      if (allowed) for (const t of traits) expect(allowed).toContain(t);
    }
    // The centroid in z-scores: the members' mean recency against all customers' mean and
    // population sd, computed here from the rfm table (recency is not logged).
    const [all] = await ws.db.query<{ m: number; s: number }>(
      'SELECT avg(recency_days) AS m, stddev_pop(recency_days) AS s FROM rfm WHERE run_id = 1',
    );
    for (const p of profiles)
      expect(p.recency_z).toBeCloseTo(((p.recency_days as number) - all.m) / all.s, 10);
    // Twenty customers have no satisfaction: the median stands in.
    expect(ctx.warnings.filter((w) => w.analysis === 'clusters')).toEqual([
      {
        analysis: 'clusters',
        message: 'satisfaction: unknown for some customers, who get the median in clusters and factors',
        count: 20,
      },
    ]);
  });

  it('leave out features that are missing or constant, and say so', async () => {
    const data = plantedGroups();
    await importFiles(ws, 'transactions', [fileWith('t.csv', data.transactions)]);
    const ctx = await runAnalyses(ws, AS_OF, { rfm, loyalty, clusters }, data.clv);
    expect(ctx.warnings.filter((w) => w.analysis === 'clusters').map((w) => w.message)).toEqual([
      'engagement: the same for every customer: left out of clusters and factors',
      'satisfaction: known for 0 of 60 customers (under 10 %): left out of clusters and factors',
    ]);
    const profiles = await ws.db.query<{
      engagement_z: number | null;
      satisfaction_z: number | null;
      recency_z: number;
    }>('SELECT engagement_z, satisfaction_z, recency_z FROM cluster_profiles WHERE run_id = 1');
    expect(profiles.length).toBeGreaterThanOrEqual(2);
    for (const p of profiles) {
      expect(p.engagement_z).toBeNull();
      expect(p.satisfaction_z).toBeNull();
      expect(p.recency_z).not.toBeNull();
    }
  });

  it('are the same in every run of the same data (seeded), through analyze', async () => {
    const data = plantedGroups();
    await importFiles(ws, 'transactions', [fileWith('t.csv', data.transactions)]);
    await importFiles(ws, 'events', [fileWith('e.csv', data.events)]);
    const one = await analyze(ws.db, ws.config, { asOf: AS_OF });
    const two = await analyze(ws.db, ws.config, { asOf: AS_OF });
    const first = await assignment(one.runId);
    expect(first).toHaveLength(60);
    expect(await assignment(two.runId)).toEqual(first);
  });

  it('need at least 20 customers', async () => {
    await importFiles(ws, 'transactions', [
      fileWith(
        't.csv',
        'txn_id,customer_id,occurred_at,amount\nt1,x1,2024-06-01 10:00,10\nt2,x2,2024-06-02 10:00,20\n',
      ),
    ]);
    const ctx = await runAnalyses(ws, AS_OF, { rfm, clusters });
    expect(await ws.db.query('SELECT * FROM clusters')).toEqual([]);
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      '2 customers with a completed purchase: clusters and factors need at least 20',
    ]);
  });
});

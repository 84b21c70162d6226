/**
 * Demographic segments, clusters and factors through `analyze` on the demo data: the planted fact
 * of docs/demo-data.md that concerns them (region 西北's poor service satisfaction) is visible in the
 * demographic segments and in the report, and clusters and factors are complete and consistent.
 */
import { describe, expect, it } from 'vitest';
import { renderReport } from '../../report/index.js';
import { chooseRun } from '../../report/runs.js';
import { useDemoRun } from '../test-support/demo-run.js';

const demo = useDemoRun();
const { query } = demo;

describe('segments on the demo data', () => {
  it('planted: 西北 has the lowest CSAT and satisfaction of the regions', async () => {
    const regions = await query<{
      segment: string;
      csat: number;
      satisfaction: number;
      customers: number;
      small_cell: boolean;
    }>(
      `SELECT segment, csat, satisfaction, customers, small_cell FROM demographic_segments
       WHERE run_id = $run AND dimension = 'region'`,
    );
    expect(regions.length).toBe(7);
    const nw = regions.find((r) => r.segment === '西北')!;
    const others = regions.filter((r) => r.segment !== '西北');
    // Service CSAT ≈ 0.15 there against ≈ 0.75 in every dimension elsewhere: over the four
    // dimensions (0.15 + 3 × 0.75) / 4 = 0.6.
    expect(nw.csat).toBeCloseTo(0.6, 1);
    for (const r of others) {
      expect(r.csat).toBeCloseTo(0.75, 1);
      expect(r.satisfaction).toBeGreaterThan(nw.satisfaction);
    }
    expect(regions.every((r) => !r.small_cell)).toBe(true);
    const [all] = await query<{ customers: number }>(
      `SELECT customers FROM demographic_segments WHERE run_id = $run AND dimension = 'all'`,
    );
    expect(all.customers).toBe(10000);
    expect(regions.reduce((s, r) => s + r.customers, 0)).toBe(10000);
  });

  it('every buyer has one cluster; k is the best silhouette; profiles add up', async () => {
    const [counts] = await query<{ rfm: number; clustered: number; distinct_customers: number }>(
      `SELECT (SELECT count(*) FROM rfm WHERE run_id = $run) AS rfm, count(*) AS clustered,
         count(DISTINCT customer_id) AS distinct_customers FROM clusters WHERE run_id = $run`,
    );
    expect(counts.clustered).toBe(counts.rfm);
    expect(counts.distinct_customers).toBe(counts.rfm);
    const selection = await query<{ k: number; silhouette: number; chosen: boolean }>(
      'SELECT k, silhouette, chosen FROM cluster_selection WHERE run_id = $run ORDER BY k',
    );
    expect(selection.map((s) => s.k)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    const chosen = selection.find((s) => s.chosen)!;
    expect(chosen.silhouette).toBe(Math.max(...selection.map((s) => s.silhouette)));
    const profiles = await query<{ cluster: number; cluster_name: string; customers: number; share: number }>(
      'SELECT cluster, cluster_name, customers, share FROM cluster_profiles WHERE run_id = $run ORDER BY cluster',
    );
    expect(profiles).toHaveLength(chosen.k);
    expect(profiles.reduce((s, p) => s + p.customers, 0)).toBe(counts.rfm);
    expect(profiles.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 12);
    expect(new Set(profiles.map((p) => p.cluster_name)).size).toBe(chosen.k);
    // Numbered by size, largest first (the SQL assignment may move a customer on an exact tie only).
    for (let i = 1; i < profiles.length; i++)
      expect(profiles[i].customers).toBeLessThanOrEqual(profiles[i - 1].customers * 1.01);
    expect(demo.run.kpis.cluster_count.value).toBe(chosen.k);
  });

  it('PCA over all six features; varimax keeps the retained components’ variance', async () => {
    const rows = await query<{ method: string; variance: number; retained: boolean }>(
      'SELECT method, variance, retained FROM factor_variance WHERE run_id = $run',
    );
    const pca = rows.filter((r) => r.method === 'pca');
    expect(pca).toHaveLength(6);
    expect(pca.reduce((s, r) => s + r.variance, 0)).toBeCloseTo(6, 9);
    const retained = pca.filter((r) => r.retained).reduce((s, r) => s + r.variance, 0);
    const rotated = rows.filter((r) => r.method === 'varimax').reduce((s, r) => s + r.variance, 0);
    expect(rotated).toBeCloseTo(retained, 9);
    expect(demo.run.warnings.filter((w) => w.analysis === 'factors')).toEqual([]);
  });
});

describe('segments in the report on the demo data', () => {
  it.each(['en', 'zh'] as const)(
    '%s: 西北 shows its low CSAT; clusters and factors render with every message',
    async (language) => {
      const { html, t } = await renderReport(
        demo.ws.db,
        await chooseRun(demo.ws.db, demo.run.runId),
        language,
      );
      expect([...t.missing]).toEqual([]);
      const section = (id: string) =>
        html.slice(
          html.indexOf(`<section id="${id}">`),
          html.indexOf('</section>', html.indexOf(`<section id="${id}">`)),
        );
      const demographicsHtml = section('demographics');
      const [nw] = await query<{ csat: number }>(
        `SELECT csat FROM demographic_segments WHERE run_id = $run AND dimension = 'region' AND segment = '西北'`,
      );
      // The region table's row for 西北 ends with its CSAT as a percentage with one decimal.
      const row = demographicsHtml.split('<tr>').find((r) => r.includes('<td>西北</td>'))!;
      expect(row).toContain(`${(nw.csat * 100).toFixed(1)}%`);
      expect(section('clusters')).toContain('<svg');
      expect(section('factors')).toContain(t('factors.loadingsTitle'));
      expect(html).not.toContain('NaN');
    },
  );
});

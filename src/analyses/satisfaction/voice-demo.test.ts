/**
 * Satisfaction, needs, care and competition through `analyze` on the demo data: the planted facts of
 * docs/demo-data.md that concern them are found, agree with direct computations against the
 * canonical tables (DuckDB window functions allowed here), and show in the report in both languages.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../report/i18n/index.js';
import { reportContext } from '../../report/index.js';
import { chooseRun } from '../../report/runs.js';
import { renderSection } from '../../report/section.js';
import { VOICE_SECTIONS } from '../../report/sections/voice.js';
import { useDemoRun } from '../test-support/demo-run.js';

const demo = useDemoRun();
const { query } = demo;

describe('voice analyses on the demo data', () => {
  it('planted: region 西北 has the poorest service satisfaction, clearly apart from every other region', async () => {
    const rows = await query<{
      segment: string;
      n: number;
      value: number;
      ci_low: number;
      ci_high: number;
      reliable: boolean;
    }>(
      `SELECT segment, n, value, ci_low, ci_high, reliable FROM satisfaction
       WHERE run_id = $run AND metric = 'csat' AND dimension = 'service_quality' AND segment_by = 'region' AND month IS NULL
       ORDER BY value`,
    );
    expect(rows[0].segment).toBe('西北');
    expect(rows[0].reliable).toBe(true);
    for (const other of rows.slice(1)) expect(rows[0].ci_high).toBeLessThan(other.ci_low);
    // The generator draws 西北's service scores around 2.6 against 4.1 elsewhere: ≈ 0.15–0.3 vs ≈ 0.75.
    expect(rows[0].value).toBeLessThan(0.35);
    expect(rows.slice(1).every((r) => r.value > 0.6)).toBe(true);
    // Direct: share of 4–5 among the service CSAT answers of 西北's customers up to as_of.
    const [direct] = await query<{ n: number; share: number }>(
      `SELECT count(*)::INT AS n, avg(CASE WHEN f.score >= 4 THEN 1 ELSE 0 END) AS share
       FROM feedback f JOIN customers c USING (customer_id)
       WHERE f.kind IN ('csat', 'rating') AND f.dimension = 'service_quality' AND c.region = '西北' AND f.occurred_at <= $asOf`,
    );
    expect(rows[0].n).toBe(direct.n);
    expect(rows[0].value).toBeCloseTo(direct.share, 12);
  });

  it('overall NPS and CSAT agree with a direct count of the answers', async () => {
    const [direct] = await query<{ nps: number; npsN: number; csat: number; csatN: number }>(
      `SELECT avg(CASE WHEN score >= 9 THEN 1 WHEN score <= 6 THEN -1 ELSE 0 END) FILTER (WHERE kind = 'nps') AS nps,
         (count(*) FILTER (WHERE kind = 'nps'))::INT AS "npsN",
         avg(CASE WHEN score >= 4 THEN 1 ELSE 0 END) FILTER (WHERE kind IN ('csat', 'rating')) AS csat,
         (count(*) FILTER (WHERE kind IN ('csat', 'rating')))::INT AS "csatN"
       FROM feedback WHERE score IS NOT NULL AND occurred_at <= $asOf`,
    );
    expect(demo.run.kpis.nps.value).toBeCloseTo(direct.nps * 100, 9);
    expect(demo.run.kpis.nps_answers.value).toBe(direct.npsN);
    expect(demo.run.kpis.csat.value).toBeCloseTo(direct.csat, 12);
    expect(demo.run.kpis.csat_answers.value).toBe(direct.csatN);
    // Every month and every CLV decile has a cell; the decile cells add up to the valued answers.
    const [deciles] = await query<{ cells: number; n: number }>(
      `SELECT count(*)::INT AS cells, sum(n)::INT AS n FROM satisfaction
       WHERE run_id = $run AND metric = 'nps' AND dimension = 'all' AND segment_by = 'clv_decile'`,
    );
    expect(deciles.cells).toBe(10);
    const [valued] = await query<{ n: number }>(
      `SELECT count(*)::INT AS n FROM feedback f JOIN customer_value v ON v.customer_id = f.customer_id AND v.run_id = $run
       WHERE f.kind = 'nps' AND f.score IS NOT NULL AND v.clv_12m IS NOT NULL AND f.occurred_at <= $asOf`,
    );
    expect(deciles.n).toBe(valued.n);
  });

  it('planted: switched_to_competitor is the most frequent churn reason', async () => {
    const rows = await query<{ reason: string; customers: number; share: number; clv_lost: number }>(
      `SELECT reason, customers, share, clv_lost FROM churn_reasons WHERE run_id = $run ORDER BY customers DESC`,
    );
    expect(rows[0].reason).toBe('switched_to_competitor');
    // Drawn with weight 45 of 100.
    expect(rows[0].share).toBeGreaterThan(0.35);
    expect(rows[0].share).toBeLessThan(0.55);
    const [direct] = await query<{ n: number }>(
      `SELECT count(DISTINCT customer_id)::INT AS n FROM feedback
       WHERE kind = 'churn_reason' AND topic = 'switched_to_competitor' AND occurred_at <= $asOf`,
    );
    expect(rows[0].customers).toBe(direct.n); // one reason per customer in the demo
    expect(demo.run.kpis.lost_to_competitor_share.value).toBeCloseTo(rows[0].share, 12);
    expect(rows.every((r) => r.clv_lost > 0)).toBe(true);
  });

  it('planted: 西北 complaints take longest to resolve; contacts and market share add up', async () => {
    const regions = await query<{ segment: string; median_hours: number; share_within_sla: number }>(
      `SELECT segment, median_hours, share_within_sla FROM feedback_resolution
       WHERE run_id = $run AND segment_by = 'region' AND dimension = 'all' AND month IS NULL ORDER BY median_hours DESC`,
    );
    expect(regions[0].segment).toBe('西北');
    expect(regions[0].share_within_sla).toBe(Math.min(...regions.map((r) => r.share_within_sla)));
    const [contacts] = await query<{ mine: number; direct: number }>(
      `SELECT (SELECT contacts FROM crm_contacts WHERE run_id = $run AND channel = 'all' AND month IS NULL)::INT AS mine,
         (SELECT count(*) FROM communications WHERE occurred_at <= $asOf)::INT AS direct`,
    );
    expect(contacts.mine).toBe(contacts.direct);
    const market = await query<{ period: string; complete: boolean; customers: number }>(
      `SELECT period, complete, customers FROM market_share WHERE run_id = $run ORDER BY period_start`,
    );
    expect(market.map((m) => [m.period, m.complete])).toEqual([
      ['2024Q1', true],
      ['2024Q2', true],
      ['2024Q3', true],
      ['2024Q4', true],
    ]);
    const [q4] = await query<{ n: number }>(
      `SELECT count(DISTINCT customer_id)::INT AS n FROM transactions
       WHERE (status IS NULL OR status = 'completed') AND amount >= 0 AND occurred_at <= $asOf
         AND occurred_at >= TIMESTAMPTZ '2024-10-01 00:00:00+08'`,
    );
    expect(market[3].customers).toBe(q4.n);
  });

  it('keywords: the demo service complaints yield their words, in Chinese and English', async () => {
    const words = await query<{ keyword: string; language: string }>(
      `SELECT keyword, language FROM needs_keywords
       WHERE run_id = $run AND dimension = 'service_quality' AND tone = 'complaint' ORDER BY rank`,
    );
    const list = words.map((w) => w.keyword);
    // From 客服态度差，等了很久没人回复 / 电话一直打不通，服务太慢 / Support never answered my ticket.
    for (const w of ['客服', '回复', '太慢', 'answered', 'ticket']) expect(list).toContain(w);
    expect(new Set(words.map((w) => w.language))).toEqual(new Set(['zh', 'en']));
    expect(
      demo.run.warnings.filter((w) => ['needs', 'satisfaction', 'care', 'competition'].includes(w.analysis)),
    ).toEqual([]);
  });

  it('the report shows the planted facts in both languages, with no empty part', async () => {
    const said = {
      en: ['Lowest: Service quality in 西北', 'Top reason: Switched to a competitor', 'Slowest: 西北'],
      zh: ['最低：西北的服务质量', '首要原因：转向竞争对手', '最慢：西北'],
    };
    for (const language of LANGUAGES) {
      const ctx = await reportContext(demo.ws.db, await chooseRun(demo.ws.db, demo.run.runId), language);
      const html = (await Promise.all(VOICE_SECTIONS.map((s) => renderSection(ctx, s)))).join('\n');
      for (const text of said[language]) expect(html).toContain(text);
      expect(html).not.toContain('class="empty"');
      expect(html).not.toMatch(/undefined|NaN/);
      expect([...ctx.t.missing]).toEqual([]);
    }
  });
});

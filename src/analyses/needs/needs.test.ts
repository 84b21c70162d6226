import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { voiceCustomers } from '../satisfaction/customers.js';
import { needs } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

const AS_OF = '2024-03-31T16:00:00.000Z'; // 2024-04-01 00:00 in Shanghai

const CUSTOMERS = `customer_id,region
c1,华东
c2,华东
c3,华东
c4,西北
c5,西北
c6,西北
`;
// Complaints (kind complaint, CSAT 1–2, NPS 0–6), praise (CSAT 4–5, NPS 9–10), one suggestion, one
// CSAT 3 (no tone), a churn reason (not a need) and an item after as_of.
const FEEDBACK = `feedback_id,customer_id,occurred_at,kind,dimension,score,topic,text
k1,c1,2024-03-01 10:00,complaint,service_quality,,客服,客服态度差，等了很久没人回复
k2,c2,2024-03-02 10:00,complaint,service_quality,,客服,客服回复太慢
k3,c3,2024-03-03 10:00,csat,service_quality,1, 客服 ,客服电话打不通，回复太慢
k4,c4,2024-03-04 10:00,csat,service_quality,2,Delivery,Delivery was slow and support never replied
k5,c5,2024-03-05 10:00,nps,,3,,"Support was slow, delivery late"
k6,c6,2024-03-06 10:00,nps,,2,,slow support
p1,c1,2024-03-07 10:00,csat,product_quality,5,quality,质量很好，物超所值
p2,c2,2024-03-08 10:00,csat,product_quality,4,quality,质量不错，物超所值
p3,c3,2024-03-09 10:00,nps,,10,,质量好，物超所值，推荐
g1,c4,2024-03-10 10:00,suggestion,user_experience,,app,希望App增加夜间模式
n1,c5,2024-03-11 10:00,csat,user_experience,3,app,ok
r1,c6,2024-03-12 10:00,churn_reason,other,,price,太贵了
z1,c1,2024-04-02 10:00,complaint,service_quality,,客服,客服客服客服
`;
// RFM segments as customer_value carries them: c1–c3 Loyal; c4–c6 have no purchase (no row).
const VALUE = ['c1', 'c2', 'c3'].map((id) => ({ customer_id: id, segment: 'Loyal' }));

async function run() {
  await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)], { maxRejects: 0 });
  await importFiles(ws, 'feedback', [fileWith('f.csv', FEEDBACK)], { maxRejects: 0 });
  return runAnalyses(ws, AS_OF, { voice_customers: voiceCustomers, needs }, VALUE);
}

describe('needs', () => {
  it('counts feedback topics by dimension and segment, with tones and shares', async () => {
    const ctx = await run();
    const topics = (segmentBy: string, dimension: string) =>
      ws.db.query(
        `SELECT segment, topic, feedback, complaints, suggestions, praise, customers, share FROM needs_topics
         WHERE run_id = 1 AND segment_by = $1 AND dimension = $2 ORDER BY segment, topic`,
        [segmentBy, dimension],
      );
    // Items with a topic up to as_of, churn reasons aside: k1–k4, p1, p2, g1, n1 = 8.
    // 客服 (k3's topic trimmed): 3 complaints; delivery (lower case): 1 complaint; quality: 2 praise;
    // app: 1 suggestion + 1 without tone.
    expect(await topics('all', 'all')).toEqual([
      {
        segment: 'all',
        topic: 'app',
        feedback: 2,
        complaints: 0,
        suggestions: 1,
        praise: 0,
        customers: 2,
        share: 2 / 8,
      },
      {
        segment: 'all',
        topic: 'delivery',
        feedback: 1,
        complaints: 1,
        suggestions: 0,
        praise: 0,
        customers: 1,
        share: 1 / 8,
      },
      {
        segment: 'all',
        topic: 'quality',
        feedback: 2,
        complaints: 0,
        suggestions: 0,
        praise: 2,
        customers: 2,
        share: 2 / 8,
      },
      {
        segment: 'all',
        topic: '客服',
        feedback: 3,
        complaints: 3,
        suggestions: 0,
        praise: 0,
        customers: 3,
        share: 3 / 8,
      },
    ]);
    // Regions: 华东 (c1–c3) k1, k2, k3, p1, p2 = 5; 西北 (c4–c6) k4, g1, n1 = 3.
    expect(await topics('region', 'all')).toEqual([
      {
        segment: '华东',
        topic: 'quality',
        feedback: 2,
        complaints: 0,
        suggestions: 0,
        praise: 2,
        customers: 2,
        share: 2 / 5,
      },
      {
        segment: '华东',
        topic: '客服',
        feedback: 3,
        complaints: 3,
        suggestions: 0,
        praise: 0,
        customers: 3,
        share: 3 / 5,
      },
      {
        segment: '西北',
        topic: 'app',
        feedback: 2,
        complaints: 0,
        suggestions: 1,
        praise: 0,
        customers: 2,
        share: 2 / 3,
      },
      {
        segment: '西北',
        topic: 'delivery',
        feedback: 1,
        complaints: 1,
        suggestions: 0,
        praise: 0,
        customers: 1,
        share: 1 / 3,
      },
    ]);
    // RFM: only c1–c3 have a segment (Loyal), the same items as 华东.
    expect((await topics('rfm', 'all')).map((r) => [r.segment, r.topic, r.share])).toEqual([
      ['Loyal', 'quality', 2 / 5],
      ['Loyal', '客服', 3 / 5],
    ]);
    // Per dimension: service_quality 客服 3 of 4, delivery 1 of 4.
    expect((await topics('all', 'service_quality')).map((r) => [r.topic, r.share])).toEqual([
      ['delivery', 1 / 4],
      ['客服', 3 / 4],
    ]);
    const [{ n }] = await ws.db.query<{ n: number }>(
      'SELECT count(*)::INT AS n FROM needs_topics WHERE run_id = 1',
    );
    // all: 4 + service 2 + product 1 + ux 1 = 8; region: 4 + (华东 service 1, product 1; 西北 service 1, ux 1) = 8;
    // rfm: 2 + (service 1, product 1) = 4.
    expect(n).toBe(20);
    expect(ctx.kpis.get('feedback_with_topic')?.value).toBe(8);
  });

  it('extracts the top keywords per dimension and tone from Chinese and English texts', async () => {
    const ctx = await run();
    const keywords = (dimension: string, tone: string) =>
      ws.db.query(
        `SELECT rank, keyword, language, documents, share, texts FROM needs_keywords
         WHERE run_id = 1 AND dimension = $1 AND tone = $2 ORDER BY rank`,
        [dimension, tone],
      );
    // Complaint texts (6): k1 客服 态度 很久没 回复; k2 客服 回复 太慢; k3 客服 电话 不通 回复 太慢;
    // k4 delivery slow support replied; k5 support slow delivery late; k6 slow support.
    // In at least 3 texts: slow 3, support 3, 回复 3, 客服 3 (ties by code point: Latin first, 回 < 客).
    expect(await keywords('all', 'complaint')).toEqual([
      { rank: 1, keyword: 'slow', language: 'en', documents: 3, share: 0.5, texts: 6 },
      { rank: 2, keyword: 'support', language: 'en', documents: 3, share: 0.5, texts: 6 },
      { rank: 3, keyword: '回复', language: 'zh', documents: 3, share: 0.5, texts: 6 },
      { rank: 4, keyword: '客服', language: 'zh', documents: 3, share: 0.5, texts: 6 },
    ]);
    // service_quality complaints: k1–k4 → 回复 3, 客服 3 of 4.
    expect(await keywords('service_quality', 'complaint')).toEqual([
      { rank: 1, keyword: '回复', language: 'zh', documents: 3, share: 0.75, texts: 4 },
      { rank: 2, keyword: '客服', language: 'zh', documents: 3, share: 0.75, texts: 4 },
    ]);
    // Praise (3): p1 质量 物超所值; p2 质量 不错 物超所值; p3 质量 物超所值 推荐 → 物超所值 3, 质量 3.
    expect(await keywords('all', 'praise')).toEqual([
      { rank: 1, keyword: '物超所值', language: 'zh', documents: 3, share: 1, texts: 3 },
      { rank: 2, keyword: '质量', language: 'zh', documents: 3, share: 1, texts: 3 },
    ]);
    // Fewer than 3 texts: nothing (product praise has 2, the suggestion 1).
    expect(await keywords('product_quality', 'praise')).toEqual([]);
    expect(await keywords('all', 'suggestion')).toEqual([]);
    expect(ctx.kpis.get('feedback_texts')?.value).toBe(10);
    expect(ctx.warnings).toEqual([]);
  });

  it('without feedback it writes nothing and says so', async () => {
    const ctx = await runAnalyses(ws, AS_OF, { voice_customers: voiceCustomers, needs });
    const [{ n }] = await ws.db.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM needs_topics) + (SELECT count(*) FROM needs_keywords) AS n',
    );
    expect(Number(n)).toBe(0);
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      'no feedback with a topic up to the observation date: no topic counts',
      'no texts of complaints, praise or suggestions up to the observation date: no keywords',
    ]);
  });
});

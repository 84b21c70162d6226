import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { voiceCustomers } from '../satisfaction/customers.js';
import { care } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

const AS_OF = '2024-03-31T16:00:00.000Z'; // 2024-04-01 00:00 in Shanghai

const CUSTOMERS = `customer_id,region
a1,华东
a2,华东
a3,西北
a4,西北
`;
// a1: 2 in January (sms), 1 in February (phone, inbound); a2: 1 in January (SMS → sms), 3 in February
// (app_push); a3: one email at 2024-01-31 17:00 UTC = 1 February 01:00 in Shanghai, one after as_of.
const COMMUNICATIONS = `comm_id,customer_id,occurred_at,channel,direction,purpose
m1,a1,2024-01-05 10:00,sms,outbound,marketing
m2,a1,2024-01-20 10:00,sms,outbound,care
m3,a1,2024-02-03 10:00,phone,inbound,service
m4,a2,2024-01-10 10:00,SMS,outbound,marketing
m5,a2,2024-02-10 10:00,app_push,outbound,marketing
m6,a2,2024-02-11 10:00,app_push,outbound,marketing
m7,a2,2024-02-12 10:00,app_push,outbound,marketing
m8,a3,2024-03-31T17:00:00Z,email,outbound,care
m9,a3,2024-01-31T17:00:00Z,email,outbound,care
`;
// Resolution (SLA 48 h): r1 10 h, r2 72 h, r3 24 h, r6 6 h (a CSAT with a resolution date); open at
// as_of: r4 (38 h old: not late yet), r5 (a month: late), r7 (resolved after as_of: late); r8 was
// "resolved" before it was received (left out, warned); r9 needs no handling.
const FEEDBACK = `feedback_id,customer_id,occurred_at,kind,dimension,score,resolved_at
r1,a1,2024-03-01 10:00,complaint,service_quality,,2024-03-01 20:00
r2,a2,2024-03-02 10:00,complaint,service_quality,,2024-03-05 10:00
r3,a3,2024-02-10 10:00,complaint,product_quality,,2024-02-11 10:00
r4,a4,2024-03-30 10:00,complaint,product_quality,,
r5,a1,2024-03-01 10:00,complaint,after_sales,,
r6,a2,2024-03-09 10:00,csat,service_quality,2,2024-03-09 16:00
r7,a3,2024-03-20 10:00,complaint,service_quality,,2024-04-05 10:00
r8,a4,2024-03-10 10:00,complaint,service_quality,,2024-03-09 10:00
r9,a1,2024-03-10 10:00,nps,,9,
`;

async function run() {
  await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)], { maxRejects: 0 });
  await importFiles(ws, 'communications', [fileWith('m.csv', COMMUNICATIONS)], { maxRejects: 0 });
  await importFiles(ws, 'feedback', [fileWith('f.csv', FEEDBACK)], { maxRejects: 0 });
  return runAnalyses(ws, AS_OF, { voice_customers: voiceCustomers, care });
}

describe('care: contacts', () => {
  it('per channel and month: counts by direction and purpose, and contacts per contacted customer', async () => {
    const ctx = await run();
    const rows = await ws.db.query(
      `SELECT channel, CAST(month AS VARCHAR) AS month, contacts, customers, mean_per_customer, median_per_customer,
         p90_per_customer, max_per_customer, inbound, outbound, care, marketing, service
       FROM crm_contacts WHERE run_id = 1 ORDER BY channel, month NULLS FIRST`,
    );
    const row = (channel: string, month: string | null) =>
      rows.find((r) => r.channel === channel && r.month === month);
    // All: 8 contacts (m8 after as_of); per customer a1 3, a2 4, a3 1 → median 3; p90 at h = 2 × 0.9 = 1.8
    // between 3 and 4: 3.8.
    expect(row('all', null)).toEqual({
      channel: 'all',
      month: null,
      contacts: 8,
      customers: 3,
      mean_per_customer: 8 / 3,
      median_per_customer: 3,
      p90_per_customer: expect.closeTo(3.8, 12),
      max_per_customer: 4,
      inbound: 1,
      outbound: 7,
      care: 2,
      marketing: 5,
      service: 1,
    });
    // sms (m4 lower-cased): a1 2, a2 1 → mean 1.5, median 1.5, p90 1 + 0.9 × 1 = 1.9.
    expect(row('sms', null)).toMatchObject({
      contacts: 3,
      customers: 2,
      mean_per_customer: 1.5,
      median_per_customer: 1.5,
      p90_per_customer: expect.closeTo(1.9, 12),
      max_per_customer: 2,
    });
    // Months (Shanghai): January a1 2, a2 1; February a1 1, a2 3, a3 1 (m9) → median 1, p90 1 + 0.8 × 2 = 2.6.
    expect(row('all', '2024-01-01')).toMatchObject({ contacts: 3, customers: 2, median_per_customer: 1.5 });
    expect(row('all', '2024-02-01')).toMatchObject({
      contacts: 5,
      customers: 3,
      median_per_customer: 1,
      p90_per_customer: expect.closeTo(2.6, 12),
    });
    expect(row('email', '2024-02-01')).toMatchObject({ contacts: 1, customers: 1, care: 1 });
    expect(row('all', '2024-03-01')).toBeUndefined();
    // Channels: app_push, email, phone, sms; × (all months + their months) + all channels × (all + 2 months).
    expect(rows.map((r) => `${r.channel} ${r.month}`)).toEqual([
      'all null',
      'all 2024-01-01',
      'all 2024-02-01',
      'app_push null',
      'app_push 2024-02-01',
      'email null',
      'email 2024-02-01',
      'phone null',
      'phone 2024-02-01',
      'sms null',
      'sms 2024-01-01',
    ]);
    expect(ctx.kpis.get('contacts')?.value).toBe(8);
    expect(ctx.kpis.get('contacts_per_customer')?.value).toBe(8 / 4);
  });

  it('the distribution of contacts per customer, never-contacted customers included', async () => {
    await run();
    const rows = await ws.db.query(
      `SELECT contacts_from, contacts_to, customers, share FROM crm_contact_distribution
       WHERE run_id = 1 AND channel = $1 ORDER BY contacts_from`,
      ['all'],
    );
    // Four customers: a4 none, a3 1, a1 3, a2 4.
    expect(rows).toEqual([
      { contacts_from: 0, contacts_to: 0, customers: 1, share: 0.25 },
      { contacts_from: 1, contacts_to: 1, customers: 1, share: 0.25 },
      { contacts_from: 2, contacts_to: 2, customers: 0, share: 0 },
      { contacts_from: 3, contacts_to: 5, customers: 2, share: 0.5 },
      { contacts_from: 6, contacts_to: 10, customers: 0, share: 0 },
      { contacts_from: 11, contacts_to: null, customers: 0, share: 0 },
    ]);
    const sms = await ws.db.query(
      `SELECT contacts_from, customers FROM crm_contact_distribution
       WHERE run_id = 1 AND channel = 'sms' AND customers > 0 ORDER BY contacts_from`,
    );
    // sms: a3 and a4 none, a2 1, a1 2.
    expect(sms).toEqual([
      { contacts_from: 0, customers: 2 },
      { contacts_from: 1, customers: 1 },
      { contacts_from: 2, customers: 1 },
    ]);
  });
});

describe('care: feedback resolution', () => {
  it('median and p90 hours, and the share within the SLA of the decided items, by dimension, month and region', async () => {
    const ctx = await run();
    const rows = await ws.db.query(
      `SELECT dimension, segment_by, segment, CAST(month AS VARCHAR) AS month, items, resolved, open, median_hours,
         p90_hours, sla_hours, within_sla, decided, share_within_sla
       FROM feedback_resolution WHERE run_id = 1`,
    );
    const row = (dimension: string, segmentBy: string, segment: string, month: string | null = null) => {
      const found = rows.filter(
        (r) =>
          r.dimension === dimension &&
          r.segment_by === segmentBy &&
          r.segment === segment &&
          r.month === month,
      );
      expect(found).toHaveLength(1);
      return found[0];
    };
    // Items r1–r7; resolved 6, 10, 24, 72 h → median 17, p90 at h = 3 × 0.9 = 2.7: 24 + 0.7 × 48 = 57.6.
    // Within 48 h: 3; decided: 4 resolved + 2 late open (r5, r7) = 6.
    expect(row('all', 'all', 'all')).toEqual({
      dimension: 'all',
      segment_by: 'all',
      segment: 'all',
      month: null,
      items: 7,
      resolved: 4,
      open: 3,
      median_hours: 17,
      p90_hours: expect.closeTo(57.6, 9),
      sla_hours: 48,
      within_sla: 3,
      decided: 6,
      share_within_sla: 0.5,
    });
    // service_quality: r1 10, r2 72, r6 6, r7 late → median 10, p90 10 + 0.8 × 62 = 59.6, 2 of 4.
    expect(row('service_quality', 'all', 'all')).toMatchObject({
      items: 4,
      resolved: 3,
      median_hours: 10,
      p90_hours: expect.closeTo(59.6, 9),
      within_sla: 2,
      decided: 4,
      share_within_sla: 0.5,
    });
    // product_quality: r3 24 h, r4 open but not late → 1 of 1 decided.
    expect(row('product_quality', 'all', 'all')).toMatchObject({
      items: 2,
      resolved: 1,
      open: 1,
      decided: 1,
      share_within_sla: 1,
    });
    // after_sales: only r5, open and late → no time, 0 of 1.
    expect(row('after_sales', 'all', 'all')).toMatchObject({
      items: 1,
      resolved: 0,
      median_hours: null,
      share_within_sla: 0,
    });
    // Months received: February r3; March r1, r2, r4, r5, r6, r7.
    expect(row('all', 'all', 'all', '2024-02-01')).toMatchObject({ items: 1, median_hours: 24 });
    expect(row('all', 'all', 'all', '2024-03-01')).toMatchObject({ items: 6, resolved: 3, median_hours: 10 });
    // Regions: 华东 (a1, a2) r1, r2, r5, r6 → 2 of 4; 西北 (a3, a4) r3, r4, r7 → 1 of 2.
    expect(row('all', 'region', '华东')).toMatchObject({
      items: 4,
      resolved: 3,
      median_hours: 10,
      share_within_sla: 0.5,
    });
    expect(row('all', 'region', '西北')).toMatchObject({
      items: 3,
      resolved: 1,
      median_hours: 24,
      decided: 2,
      share_within_sla: 0.5,
    });
    expect(row('service_quality', 'region', '西北')).toMatchObject({
      items: 1,
      resolved: 0,
      decided: 1,
      share_within_sla: 0,
    });
    const k = (name: string) => ctx.kpis.get(name)?.value;
    expect(k('resolution_median_hours')).toBe(17);
    expect(k('resolution_within_sla')).toBe(0.5);
    expect(k('resolution_sla_hours')).toBe(48);
    expect(ctx.warnings).toEqual([
      {
        analysis: 'care',
        message: 'feedback resolved before it was received is left out of resolution times',
        count: 1,
      },
    ]);
  });

  it('without communications or feedback it writes nothing and says so', async () => {
    const ctx = await runAnalyses(ws, AS_OF, { voice_customers: voiceCustomers, care });
    const [{ n }] = await ws.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM crm_contacts) + (SELECT count(*) FROM crm_contact_distribution)
         + (SELECT count(*) FROM feedback_resolution) AS n`,
    );
    expect(Number(n)).toBe(0);
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      'no communications up to the observation date: no contact statistics',
      'no complaints or resolved feedback up to the observation date: no resolution times',
    ]);
  });
});

/**
 * A realistic, deterministic demo data set covering every table of the data model. Purchases
 * follow a BG/NBD process with Gamma-Gamma spend; everything else hangs off the same customers.
 *
 * Planted facts (tested, and documented in docs/demo-data.md):
 * 1. Region 西北 has poor service satisfaction: its service_quality CSAT scores are drawn from a
 *    lower distribution (mean ≈ 2.6 vs ≈ 4.1 elsewhere).
 * 2. Acquisition channels differ: paid_search has the highest CAC (≈140) and the lowest purchase
 *    rate; referral the lowest CAC (≈25) and the highest rate.
 * 3. Campaign CMP-2024-SPRING has a real effect: treatment members buy during the campaign window
 *    at 1.5× the control rate (randomised 50/50 arms).
 * 4. Referrals are skewed: a few super-referrers (1 % of referrers) make about a third of referrals.
 * 5. The most frequent churn reason is switched_to_competitor.
 * 6. A banking-style subset (≈30 % of customers) has month-end balances from December 2023 to
 *    December 2024.
 */
import { Random } from '../models/index.js';
import * as V from './vocabulary.js';

export interface DemoOptions {
  customers: number;
  seed: number;
}

export type Table = { columns: string[]; rows: (string | number | null)[][] };
export type DemoData = Record<string, Table>;

const DAY = 86_400_000;
const START = Date.UTC(2023, 0, 1);
/** Observation end: the last day of data. */
export const DEMO_END = Date.UTC(2024, 11, 31);
const CAMPAIGN_START = Date.UTC(2024, 2, 1);
const CAMPAIGN_END = Date.UTC(2024, 3, 30);
const CAMPAIGN_LIFT = 1.5;

/** Timestamps never run past the end of the observation period. */
const iso = (t: number) =>
  new Date(Math.min(t, DEMO_END + DAY - 1000)).toISOString().slice(0, 19).replace('T', ' ');
const day = (t: number) => new Date(t).toISOString().slice(0, 10);
const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** Generates the demo data; the same options always give the same data. */
export function generateDemo({ customers, seed }: DemoOptions): DemoData {
  const rng = new Random(seed);
  const regionNames = Object.keys(V.REGIONS);
  const t = (columns: string[]): Table => ({ columns, rows: [] });
  const out = {
    customers: t([
      'customer_id',
      'name',
      'phone',
      'email',
      'id_number',
      'birth_date',
      'gender',
      'region',
      'city',
      'occupation',
      'acquired_at',
      'acquisition_channel',
      'membership_tier',
    ]),
    transactions: t([
      'txn_id',
      'customer_id',
      'occurred_at',
      'amount',
      'cost',
      'product_id',
      'category',
      'channel',
      'status',
    ]),
    events: t(['event_id', 'customer_id', 'occurred_at', 'type', 'channel']),
    feedback: t([
      'feedback_id',
      'customer_id',
      'occurred_at',
      'kind',
      'dimension',
      'score',
      'text',
      'topic',
      'resolved_at',
    ]),
    relations: t(['from_id', 'to_id', 'kind', 'occurred_at']),
    costs: t(['cost_id', 'occurred_at', 'kind', 'amount', 'channel', 'customer_id', 'campaign_id']),
    balances: t(['customer_id', 'as_of', 'balance', 'product']),
    campaigns: t(['campaign_id', 'name', 'started_at', 'ended_at', 'channel', 'goal']),
    campaign_members: t(['campaign_id', 'customer_id', 'arm', 'contacted_at']),
    communications: t(['comm_id', 'customer_id', 'occurred_at', 'channel', 'direction', 'purpose']),
    consents: t(['customer_id', 'purpose', 'granted', 'updated_at']),
    market: t(['period', 'market_customers', 'market_revenue', 'competitor_customers', 'competitor_revenue']),
  };
  out.campaigns.rows.push(
    [
      'CMP-2024-SPRING',
      '春季回馈 Spring rewards',
      iso(CAMPAIGN_START),
      iso(CAMPAIGN_END),
      'sms',
      'reactivation',
    ],
    ['CMP-2024-BDAY', '生日关怀 Birthday care', iso(Date.UTC(2024, 0, 1)), iso(DEMO_END), 'app_push', 'care'],
  );

  let txn = 0;
  let evt = 0;
  let fb = 0;
  let comm = 0;
  let cost = 0;
  const ids: string[] = [];
  const acquiredAt: number[] = [];
  const referrers: number[] = [];
  for (let i = 0; i < customers; i++) {
    const id = `C${pad(i + 1, 6)}`;
    ids.push(id);
    const regionIndex = regionNames.indexOf(rng.pick(regionNames, V.REGION_WEIGHTS));
    const region = regionNames[regionIndex];
    const city = rng.pick(
      V.REGIONS[region],
      V.REGIONS[region].map(() => 1),
    );
    const channelIndex = V.CHANNELS.indexOf(rng.pick(V.CHANNELS, V.CHANNEL_WEIGHTS));
    const channel = V.CHANNELS[channelIndex];
    const acquired = START + Math.floor(rng.uniform() * ((DEMO_END - START) / DAY - 60)) * DAY;
    acquiredAt.push(acquired);
    const surname = rng.int(0, V.SURNAMES.length - 1);
    const birth = Date.UTC(1955 + rng.int(0, 50), rng.int(0, 11), rng.int(1, 28));
    const gender = rng.uniform() < 0.52 ? 'female' : 'male';
    out.customers.rows.push([
      id,
      V.SURNAMES[surname] + V.GIVEN[rng.int(0, V.GIVEN.length - 1)],
      `1${rng.pick(['38', '39', '50', '86', '77'], [3, 2, 2, 2, 1])}${pad(rng.int(0, 99999999), 8)}`,
      `${V.PINYIN[surname]}${i + 1}@example.com`,
      `${pad(rng.int(110000, 659999), 6)}${day(birth).replace(/-/g, '')}${pad(rng.int(0, 9999), 4)}`,
      day(birth),
      gender,
      region,
      city,
      rng.pick(V.OCCUPATIONS, V.OCCUPATION_WEIGHTS),
      iso(acquired + rng.int(8, 21) * 3_600_000),
      channel,
      null,
    ]);
    out.costs.rows.push([
      `K${pad(++cost, 8)}`,
      iso(acquired),
      'acquisition',
      (V.CHANNEL_CAC[channelIndex] * (0.7 + 0.6 * rng.uniform())).toFixed(2),
      channel,
      id,
      null,
    ]);
    if (channel === 'referral' && i > 0) {
      // Skewed influence: a few super-referrers (the first 1 % of referrers) take a third of referrals.
      const referrer =
        referrers.length > 10 && rng.uniform() < 0.33
          ? referrers[rng.int(0, Math.max(0, Math.floor(referrers.length * 0.01)))]
          : rng.int(0, i - 1);
      out.relations.rows.push([ids[referrer], id, 'referral', iso(acquired)]);
      referrers.push(referrer);
    }

    // Purchases: BG/NBD with Gamma-Gamma spend; a conversion step first (not every acquired customer buys).
    const converts = rng.uniform() < (channel === 'paid_search' ? 0.6 : 0.85);
    const lambda = rng.gamma(0.9, 45) * V.CHANNEL_RATE[channelIndex];
    const dropout = rng.beta(1.2, 5);
    const nu = rng.gamma(5, 800);
    let when = acquired + rng.int(0, 14) * DAY;
    let count = 0;
    let total = 0;
    const member = rng.uniform() < 0.4 && acquired < CAMPAIGN_START;
    const arm = member ? (rng.uniform() < 0.5 ? 'treatment' : 'control') : null;
    if (member)
      out.campaign_members.rows.push([
        'CMP-2024-SPRING',
        id,
        arm,
        arm === 'treatment' ? iso(CAMPAIGN_START + rng.int(0, 3) * DAY) : null,
      ]);
    while (converts && when <= DEMO_END) {
      const amount = rng.gamma(4, nu);
      const refunded = rng.uniform() < 0.03;
      out.transactions.rows.push([
        `T${pad(++txn, 9)}`,
        id,
        iso(when + rng.int(9, 22) * 3_600_000 + rng.int(0, 59) * 60_000),
        amount.toFixed(2),
        (amount * (0.55 + 0.2 * rng.uniform())).toFixed(2),
        `P${pad(rng.int(1, 500), 4)}`,
        rng.pick(V.CATEGORIES, [2, 3, 2, 2, 2, 1]),
        rng.pick(V.SALES_CHANNELS, [4, 3, 2, 2]),
        refunded ? 'refunded' : 'completed',
      ]);
      if (refunded) {
        out.transactions.rows.push([
          `T${pad(++txn, 9)}`,
          id,
          iso(when + 5 * DAY),
          (-amount).toFixed(2),
          null,
          null,
          null,
          'app',
          'refunded',
        ]);
      }
      count++;
      total += amount;
      if (rng.uniform() < dropout) break;
      // The spring campaign raises the treatment arm's purchase rate inside its window.
      const inCampaign = arm === 'treatment' && when >= CAMPAIGN_START && when <= CAMPAIGN_END;
      when += Math.max(1, Math.round(rng.exponential(lambda * (inCampaign ? CAMPAIGN_LIFT : 1)) * DAY));
    }
    const tier = total > 6000 ? 'platinum' : total > 2500 ? 'gold' : total > 800 ? 'silver' : 'bronze';
    out.customers.rows[i][12] = tier;

    // Behaviour: engagement tracks purchasing.
    const events = rng.poisson(3 + count * 2.5);
    for (let k = 0; k < events; k++) {
      const at = acquired + Math.floor(rng.uniform() * (DEMO_END - acquired));
      out.events.rows.push([
        `E${pad(++evt, 9)}`,
        id,
        iso(at),
        rng.pick(V.EVENT_TYPES, V.EVENT_WEIGHTS),
        rng.pick(['app', 'web', 'mini_program'], [5, 2, 3]),
      ]);
    }

    // Feedback: NPS and CSAT per dimension; 西北 has poor service satisfaction.
    if (rng.uniform() < 0.45) {
      const at = acquired + Math.floor(rng.uniform() * (DEMO_END - acquired));
      const nps = Math.max(0, Math.min(10, Math.round(7.2 + 2.2 * rng.normal() + (count > 3 ? 1 : 0))));
      out.feedback.rows.push([`F${pad(++fb, 8)}`, id, iso(at), 'nps', null, nps, null, null, null]);
      for (const dim of V.DIMENSIONS) {
        if (rng.uniform() > 0.5) continue;
        const poor = dim === 'service_quality' && region === '西北';
        const score = Math.max(1, Math.min(5, Math.round((poor ? 2.6 : 4.1) + 0.9 * rng.normal())));
        const text =
          score >= 4
            ? rng.pick(V.PRAISE[dim], [1, 1, 1])
            : score <= 2
              ? rng.pick(V.COMPLAINTS[dim], [1, 1, 1])
              : null;
        const at2 = at + rng.int(0, 5) * DAY;
        out.feedback.rows.push([`F${pad(++fb, 8)}`, id, iso(at2), 'csat', dim, score, text, dim, null]);
        if (score <= 2) {
          const hours = poor ? rng.gamma(2, 1 / 36) : rng.gamma(2, 1 / 10);
          out.feedback.rows.push([
            `F${pad(++fb, 8)}`,
            id,
            iso(at2 + DAY),
            'complaint',
            dim,
            null,
            rng.pick(V.COMPLAINTS[dim], [1, 1, 1]),
            dim,
            iso(at2 + DAY + Math.round(hours * 3_600_000)),
          ]);
          out.costs.rows.push([
            `K${pad(++cost, 8)}`,
            iso(at2 + DAY),
            'service',
            (15 + 30 * rng.uniform()).toFixed(2),
            'call_center',
            id,
            null,
          ]);
        }
      }
    }
    if (count > 0 && when <= DEMO_END - 180 * DAY && rng.uniform() < 0.3) {
      // Stopped buying half a year before the end: some tell us why.
      const [topic, text] = rng.pick(V.CHURN_REASONS, V.CHURN_REASON_WEIGHTS);
      out.feedback.rows.push([
        `F${pad(++fb, 8)}`,
        id,
        iso(Math.min(when + 30 * DAY, DEMO_END)),
        'churn_reason',
        'other',
        null,
        text,
        topic,
        null,
      ]);
    }

    // Communications: care (birthday) and marketing messages.
    const messages = rng.poisson(2);
    for (let k = 0; k < messages; k++) {
      const at = acquired + Math.floor(rng.uniform() * (DEMO_END - acquired));
      out.communications.rows.push([
        `M${pad(++comm, 8)}`,
        id,
        iso(at),
        rng.pick(['sms', 'app_push', 'email', 'phone'], [3, 4, 2, 1]),
        'outbound',
        rng.pick(['care', 'marketing', 'service'], [2, 5, 2]),
      ]);
    }
    if (rng.uniform() < 0.1) {
      out.communications.rows.push([
        `M${pad(++comm, 8)}`,
        id,
        iso(acquired + rng.int(1, 200) * DAY),
        'phone',
        'inbound',
        'service',
      ]);
    }

    // Consents: most grant analytics; marketing is granted by 70 %, and some later withdraw.
    const consentAt = iso(acquired);
    out.consents.rows.push([id, 'analytics', 'true', consentAt]);
    const marketing = rng.uniform() < 0.7;
    const withdrawn = marketing && rng.uniform() < 0.08;
    out.consents.rows.push([
      id,
      'marketing',
      marketing && !withdrawn ? 'true' : 'false',
      withdrawn ? iso(acquired + rng.int(30, 300) * DAY) : consentAt,
    ]);
    out.consents.rows.push([id, 'profiling', rng.uniform() < 0.6 ? 'true' : 'false', consentAt]);

    // Banking-style subset: month-end balances from December 2023 (the baseline that January's
    // classes are told from) to December 2024.
    if (rng.uniform() < 0.3) {
      let balance = rng.uniform() < 0.3 ? 0 : rng.gamma(1.2, 1 / 40000);
      for (let m = -1; m < 12; m++) {
        const asOf = Date.UTC(2024, m + 1, 0);
        if (asOf < acquired) continue;
        balance = Math.max(
          0,
          balance * (0.9 + 0.2 * rng.uniform()) + (rng.uniform() < 0.1 ? rng.gamma(1, 1 / 20000) : 0),
        );
        if (rng.uniform() < 0.02) balance = 0;
        out.balances.rows.push([id, day(asOf), balance.toFixed(2), rng.pick(['deposit', 'fund'], [3, 1])]);
      }
    }
  }
  // Marketing costs per campaign and market size per quarter.
  out.costs.rows.push([
    `K${pad(++cost, 8)}`,
    iso(CAMPAIGN_START),
    'marketing',
    (0.35 * out.campaign_members.rows.length).toFixed(2),
    'sms',
    null,
    'CMP-2024-SPRING',
  ]);
  for (const [q, customersInMarket] of [
    ['2024Q1', 900000],
    ['2024Q2', 920000],
    ['2024Q3', 950000],
    ['2024Q4', 1000000],
  ] as const) {
    out.market.rows.push([
      q,
      customersInMarket,
      customersInMarket * 1800,
      Math.round(customersInMarket * 0.35),
      customersInMarket * 650,
    ]);
  }
  return out;
}

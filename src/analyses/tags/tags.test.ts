import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../errors.js';
import { importFiles } from '../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../ingest/test-support/workspace.js';
import type { Workspace } from '../../workspace/index.js';
import { runAnalyses } from '../retention/test-support/run-analyses.js';
import { analyze, listRuns } from '../run.js';
import { TAG_RULE_COLUMNS } from './columns.js';
import { checkTagRules, compileRule, TAG_COLUMNS, tagRules, tags } from './index.js';

let ws: Workspace;
beforeEach(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai
});
afterEach(async () => {
  await ws.close();
});

const AS_OF = '2024-03-31T16:00:00.000Z';

// g1–g5 bought; g7 bought but is not in the customers table; g6 is a customer who never bought.
const TRANSACTIONS = `txn_id,customer_id,occurred_at,amount
t1,g1,2024-01-05 10:00,10
t2,g2,2024-01-05 10:00,20
t3,g3,2024-01-05 10:00,30
t4,g4,2024-01-05 10:00,40
t5,g5,2024-01-05 10:00,50
t7,g7,2024-01-05 10:00,70
`;
const CUSTOMERS = `customer_id,region,birth_date
g1,华东,1990-06-15
g2,华南,1980-01-01
g3,O'Brien,2000-04-01
g4,,
g5,华南,
g6,华东,
`;
// CLV 100 … 500 and P(alive) for g1–g5 (g7 has no model row); only g2 is at risk.
const VALUE = [
  { customer_id: 'g1', clv_12m: 100, p_alive: 0.9, at_risk: false },
  { customer_id: 'g2', clv_12m: 200, p_alive: 0.3, at_risk: true },
  { customer_id: 'g3', clv_12m: 300, p_alive: 0.4, at_risk: false },
  { customer_id: 'g4', clv_12m: 400, p_alive: 0.8, at_risk: false },
  { customer_id: 'g5', clv_12m: 500, p_alive: 0.2, at_risk: false },
];

async function load() {
  await importFiles(ws, 'transactions', [fileWith('t.csv', TRANSACTIONS)]);
  await importFiles(ws, 'customers', [fileWith('c.csv', CUSTOMERS)]);
}

async function tagged(): Promise<Record<string, string[]>> {
  const rows = await ws.db.query<{ tag: string; ids: string[] }>(
    'SELECT tag, list(customer_id ORDER BY customer_id) AS ids FROM tags WHERE run_id = 1 GROUP BY tag',
  );
  return Object.fromEntries(rows.map((r) => [r.tag, r.ids]));
}

describe('tags', () => {
  it('tags the customers who meet each rule; percentiles over the customers with a value', async () => {
    await load();
    const rules = {
      // quantile_cont of 100…500 at 0.8: position 0.8 · 4 = 3.2 → 400 + 0.2 · 100 = 420: g5.
      high_value: 'clv_12m >= p80',
      // p50 = 300; P(alive) < 0.5: g2 (200), g3 (300), g5 (500) → g3, g5.
      at_risk: 'p_alive < 0.5 and clv_12m >= p50',
      // Customers-table columns reach customers who never bought (g6).
      east: "region = '华东'",
      // A customer without a region (g4, g7) meets neither the condition nor its negation.
      not_east: "not region = '华东'",
      quoted: "region in ('华东', 'O''Brien')",
      no_region: 'region is null',
      churn_flag: 'at_risk',
      // Age in whole years of calendar months to as_of (April 2024): g1 33 (406 months), g2 44 (531),
      // g3 24 (288).
      over_40: 'age >= 40',
      高价值: "clv_12m > 250 and (region = '华南' or region is null)",
    };
    const ctx = await runAnalyses(ws, AS_OF, { tags: (c) => tags(c, rules) }, VALUE);
    expect(await tagged()).toEqual({
      high_value: ['g5'],
      at_risk: ['g3', 'g5'],
      east: ['g1', 'g6'],
      not_east: ['g2', 'g3', 'g5'],
      quoted: ['g1', 'g3', 'g6'],
      no_region: ['g4', 'g7'],
      churn_flag: ['g2'],
      over_40: ['g2'],
      高价值: ['g4', 'g5'],
    });
    const rows = await ws.db.query<{
      tag: string;
      rule: string;
      customers: number;
      thresholds: string | null;
    }>(
      'SELECT tag, rule, customers, CAST(thresholds AS VARCHAR) AS thresholds FROM tag_rules WHERE run_id = 1 ORDER BY tag',
    );
    expect(rows.find((r) => r.tag === 'at_risk')).toEqual({
      tag: 'at_risk',
      rule: rules.at_risk,
      customers: 2,
      thresholds: '{"clv_12m p50":300}',
    });
    expect(rows.find((r) => r.tag === 'high_value')!.thresholds).toBe('{"clv_12m p80":420}');
    expect(rows.find((r) => r.tag === 'east')).toMatchObject({ customers: 2, thresholds: null });
    expect(ctx.warnings).toEqual([]);
  });

  it('treats quotes, semicolons and SQL keywords in rules as data or refuses them; never runs them', async () => {
    await load();
    const rules = {
      sneaky: "region = 'x''; DROP TABLE customers; --'",
      keyword: "region = 'select * from tags'",
    };
    await runAnalyses(ws, AS_OF, { tags: (c) => tags(c, rules) }, VALUE);
    expect(await tagged()).toEqual({});
    const [{ n }] = await ws.db.query<{ n: number }>('SELECT count(*)::INT AS n FROM customers');
    expect(n).toBe(6);
    const refused = (rule: string, name = 'bad') => {
      try {
        checkTagRules({ [name]: rule });
      } catch (e) {
        if (e instanceof InputError) return e.message;
        throw e;
      }
      return 'accepted';
    };
    expect(refused('clv_12m >= 1; DROP TABLE customers')).toMatch(
      /^key "tags\.bad": at column 13 of "clv_12m >= 1; DROP TABLE customers": unexpected character ";"/,
    );
    expect(refused("segment = 'a' or 1 = 1")).toBe(
      'key "tags.bad": at column 20 of "segment = \'a\' or 1 = 1": a comparison needs a column on at least one side',
    );
    expect(refused('customers.region = 1')).toMatch(
      /^key "tags\.bad": at column 10 of .*unexpected character "\."/,
    );
    expect(refused('"region" = 1')).toMatch(/at column 1 .*single quotes/);
    expect(refused('drop = 1')).toMatch(/at column 1 .*unknown column "drop"/);
    expect(refused('clv_12m > 1', "x'); DROP TABLE tags; --")).toBe(
      'key "tags.x\'); DROP TABLE tags; --": a tag name is 1 to 64 letters, digits, "_" or "-"',
    );
  });

  it('compiles to SQL with every value bound, numbered after the statement’s own parameters', () => {
    const compiled = compileRule(
      "segment = 'Champions' and (clv_12m >= p80 or not at_risk)",
      TAG_RULE_COLUMNS,
      {
        params: ['tag'],
        percentile: (column, p) => (column === 'clv_12m' && p === 80 ? 420 : null),
      },
    );
    expect(compiled.sql).toBe('(("segment" = $2) AND (("clv_12m" >= $3) OR (NOT ("at_risk" = 1))))');
    expect(compiled.params).toEqual(['tag', 'Champions', 420]);
    // A percentile of a column without values is NULL: the comparison holds for no one.
    expect(compileRule('clv_12m >= p80', TAG_RULE_COLUMNS, { percentile: () => null }).sql).toBe(
      '("clv_12m" >= NULL)',
    );
  });

  it('warns when a rule reads a column no customer has in the run; merges user rules over the defaults', async () => {
    await load();
    const ctx = await runAnalyses(
      ws,
      AS_OF,
      { tags: (c) => tags(c, { influencer: 'pagerank >= p99' }) },
      VALUE,
    );
    expect(await tagged()).toEqual({});
    expect(ctx.warnings.map((w) => w.message)).toEqual([
      'tag "influencer": no customer has pagerank (from influence) in this run, so no condition on it holds',
    ]);
    const merged = tagRules({ vip: 'clv_12m >= p95', engaged: null });
    expect(merged.vip).toBe('clv_12m >= p95');
    expect('engaged' in merged).toBe(false);
    expect(merged.high_value).toBe('clv_12m >= p80');
    expect(Object.keys(TAG_COLUMNS)).toContain('banking_class');
  });

  it('takes the rules of the workspace config, and refuses a bad one before the run starts', async () => {
    await load();
    const bad = { ...ws.config, tags: { big: 'monetary >= ; 1' } };
    await expect(analyze(ws.db, bad, { asOf: '2024-03-31' })).rejects.toThrow('tags.big');
    expect(await listRuns(ws.db)).toEqual([]);
    // g5 (50) and g7 (70) spent 50 or more; every buyer bought once 86 days before as_of, so the
    // shipped new_customer rule would tag all six, but the config drops it.
    const run = await analyze(
      ws.db,
      { ...ws.config, tags: { big: 'monetary >= 50', new_customer: null } },
      { asOf: '2024-03-31' },
    );
    const rows = await ws.db.query<{ tag: string; customer_id: string }>(
      "SELECT tag, customer_id FROM tags WHERE run_id = $1 AND tag IN ('big', 'new_customer') ORDER BY customer_id",
      [run.runId],
    );
    expect(rows).toEqual([
      { tag: 'big', customer_id: 'g5' },
      { tag: 'big', customer_id: 'g7' },
    ]);
  });
});

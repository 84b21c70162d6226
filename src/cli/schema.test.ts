/** `clientele schema` through the real binary, checked against the data model of SPEC §3. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../ingest/test-support/workspace.js';

const TABLES_IN_SPEC = [
  'customers',
  'transactions',
  'events',
  'feedback',
  'relations',
  'costs',
  'balances',
  'campaigns',
  'campaign_members',
  'communications',
  'consents',
  'market',
];

describe('clientele schema', () => {
  it('shows one table: key, required columns, allowed values and PII, without a workspace', () => {
    const cwd = tempDir();
    const r = cli(['schema', 'transactions'], {}, { cwd });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^transactions — /);
    expect(lines[1]).toBe('  natural key: txn_id');
    const row = (name: string) =>
      lines
        .find((l) => l.trim().split(/\s+/)[0] === name)
        ?.trim()
        .split(/\s+/);
    // SPEC §3: required txn_id, customer_id, occurred_at, amount; status completed/refunded/cancelled.
    expect(row('txn_id')).toEqual(['txn_id', 'text', 'yes']);
    expect(row('occurred_at')).toEqual(['occurred_at', 'timestamp', 'yes']);
    expect(row('amount')).toEqual(['amount', 'decimal', 'yes']);
    expect(row('order_id')).toEqual(['order_id', 'text']);
    expect(row('status')).toEqual(['status', 'text', 'one', 'of', 'completed,', 'refunded,', 'cancelled']);
    expect(readdirSync(cwd)).toEqual([]); // no workspace was created
  });

  it('shows every table; customers tags its personal data, feedback its score range', () => {
    const r = cli(['schema']);
    expect(r.code).toBe(0);
    const headers = r.stdout.split('\n').filter((l) => / — /.test(l) && !l.startsWith(' '));
    expect(headers.map((h) => h.split(' — ')[0])).toEqual(TABLES_IN_SPEC);
    const pii = r.stdout
      .split('\n\n')[0]
      .split('\n')
      .filter((l) => /\sPII$/.test(l))
      .map((l) => l.trim().split(/\s+/)[0]);
    expect(pii).toEqual(['name', 'phone', 'email', 'id_number', 'birth_date']);
    expect(r.stdout).toMatch(/\n {2}score\s+double\s+0 to 10\n/);
    expect(r.stdout).toMatch(/relations — .*\n {2}natural key: from_id \+ to_id \+ kind\n/);
  });

  it('--json gives the same as data', () => {
    const one = JSON.parse(cli(['schema', 'consents', '--json']).stdout);
    expect(one.name).toBe('consents');
    expect(one.key).toEqual(['customer_id', 'purpose']);
    expect(
      one.columns.filter((c: { required: boolean }) => c.required).map((c: { name: string }) => c.name),
    ).toEqual(['customer_id', 'purpose', 'granted']);
    expect(one.columns.find((c: { name: string }) => c.name === 'purpose').values).toEqual([
      'marketing',
      'analytics',
      'profiling',
    ]);
    const all = JSON.parse(cli(['schema', '--json']).stdout);
    expect(all.map((t: { name: string }) => t.name)).toEqual(TABLES_IN_SPEC);
    const customers = all.find((t: { name: string }) => t.name === 'customers');
    expect(
      customers.columns.filter((c: { pii: boolean }) => c.pii).map((c: { name: string }) => c.name),
    ).toEqual(['name', 'phone', 'email', 'id_number', 'birth_date']);
  });

  it('an unknown table is bad usage that lists the tables', () => {
    const cwd = tempDir();
    const r = cli(['schema', 'orders'], {}, { cwd });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `clientele schema: unknown table "orders"; the tables are ${TABLES_IN_SPEC.join(', ')}\n`,
    );
    expect(readdirSync(cwd)).toEqual([]);
  });
});

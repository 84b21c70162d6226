/** clientele.json: validation with messages naming the file and the key, and the plausible date range. */
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../ingest/test-support/workspace.js';
import { initWorkspace, openWorkspace, plausibleDateRange, validateConfig } from './index.js';

const utc = (s: string) => new Date(`${s}T00:00:00Z`);
const base = { currency: 'CNY', timeZone: 'Asia/Shanghai' };

describe('clientele.json validation', () => {
  it('names the file and the missing key through the CLI', async () => {
    const dir = join(tempDir(), 'ws');
    await (await initWorkspace(dir)).close();
    writeFileSync(join(dir, 'clientele.json'), '{}');
    const r = cli(['status', '-w', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `clientele status: ${join(dir, 'clientele.json')}: "currency" is missing: add e.g. "CNY"; "timeZone" is missing: add e.g. "Asia/Shanghai"\n`,
    );
  });

  it('explains wrong types, unknown keys, bad values and bad date ranges', () => {
    const cases: [unknown, string][] = [
      [{ currency: 'CNY' }, 'c.json: "timeZone" is missing: add e.g. "Asia/Shanghai"'],
      [
        { ...base, timeZone: 8 },
        'c.json: "timeZone" must be text: an IANA time zone such as "Asia/Shanghai", got 8',
      ],
      [{ ...base, timeZone: 'Mars/Olympus' }, 'c.json: "timeZone": "Mars/Olympus" is not a known time zone'],
      [{ ...base, currency: 'RMB' }, 'c.json: "currency": "RMB" is not an ISO 4217 currency code'],
      [
        { ...base, timezone: 'UTC' },
        'c.json: unknown key "timezone" (known: currency, timeZone, dateRange, tags, banking, resolutionSlaHours)',
      ],
      [[1, 2], 'c.json: must be a JSON object like {"currency":"CNY","timeZone":"Asia/Shanghai"}'],
      [
        { ...base, dateRange: { from: '01/01/1990' } },
        'c.json: "dateRange.from": "01/01/1990" is not a valid date',
      ],
      [
        { ...base, dateRange: { to: '2024-02-30' } },
        'c.json: "dateRange.to": "2024-02-30" is not a valid date',
      ],
      [
        { ...base, dateRange: { from: '2020-01-01', to: '2010-01-01' } },
        'c.json: "dateRange": "from" (2020-01-01) must be before "to" (2010-01-01)',
      ],
      [
        { ...base, dateRange: { since: '2020-01-01' } },
        'c.json: unknown key "since" in "dateRange" (known: from, to)',
      ],
      [{ ...base, banking: { period: 'year' } }, 'c.json: "banking.period" must be "month" or "quarter"'],
      [{ ...base, banking: { threshold: 0 } }, 'c.json: "banking.threshold" must be above 0'],
      [
        { ...base, banking: { limit: 1 } },
        'c.json: unknown key "limit" in "banking" (known: period, threshold)',
      ],
      [{ ...base, tags: { vip: 5 } }, 'c.json: "tags.vip"'],
      [{ ...base, resolutionSlaHours: -2 }, 'c.json: "resolutionSlaHours" must be above 0'],
    ];
    for (const [raw, message] of cases) {
      expect(() => validateConfig(raw, 'c.json'), JSON.stringify(raw)).toThrow(message);
    }
    const settings = {
      ...base,
      tags: { vip: 'clv_12m >= p95', new: null },
      banking: { period: 'quarter' as const, threshold: 1000 },
      resolutionSlaHours: 24,
    };
    expect(validateConfig(settings, 'c.json')).toEqual(settings);
    const ok = { ...base, dateRange: { from: '2000-01-01' } };
    expect(validateConfig(ok, 'c.json')).toEqual(ok);
  });
});

describe('plausibleDateRange', () => {
  const now = new Date('2025-03-15T10:30:00Z');

  it('defaults to 1900-01-01 up to one year after now', () => {
    expect(plausibleDateRange(base, now)).toEqual({
      from: utc('1900-01-01'),
      to: new Date('2026-03-15T10:30:00Z'),
    });
  });

  it('takes either end from the config', () => {
    expect(plausibleDateRange({ ...base, dateRange: { from: '1990-06-01' } }, now)).toEqual({
      from: utc('1990-06-01'),
      to: new Date('2026-03-15T10:30:00Z'),
    });
    expect(plausibleDateRange({ ...base, dateRange: { from: '1950-01-01', to: '2100-01-01' } }, now)).toEqual(
      {
        from: utc('1950-01-01'),
        to: utc('2100-01-01'),
      },
    );
  });

  it('refuses a range that is empty or not made of ISO dates', () => {
    expect(() => plausibleDateRange({ ...base, dateRange: { from: '2030-01-01' } }, now)).toThrow(
      /"dateRange.from" \(2030-01-01\) must be before "dateRange.to" \(2026-03-15, one year from now\)/,
    );
    expect(() => plausibleDateRange({ ...base, dateRange: { to: '1900-01-01' } }, now)).toThrow(
      /must be before/,
    );
    expect(() => plausibleDateRange({ ...base, dateRange: { to: '2100' } }, now)).toThrow(
      /"dateRange.to" must be a date written "YYYY-MM-DD", got "2100"/,
    );
  });

  it('is read from clientele.json when the workspace opens', async () => {
    const dir = join(tempDir(), 'ws');
    await (await initWorkspace(dir)).close();
    writeFileSync(
      join(dir, 'clientele.json'),
      JSON.stringify({ ...base, dateRange: { from: '2001-02-03' } }),
    );
    const ws = await openWorkspace(dir);
    expect(plausibleDateRange(ws.config, now).from).toEqual(utc('2001-02-03'));
    await ws.close();
  });
});

describe('a workspace that cannot be opened', () => {
  it('read-only: a clear message, no stack', async () => {
    const parent = tempDir();
    const dir = join(parent, 'ws');
    await (await initWorkspace(dir)).close();
    chmodSync(parent, 0o755); // let another user reach it
    chmodSync(dir, 0o555);
    chmodSync(join(dir, 'clientele.duckdb'), 0o444);
    // Root writes through any permission: run the CLI as an ordinary user then.
    const asUser = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    try {
      const r = cli(['status', '-w', dir], {}, asUser);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `clientele status: cannot open ${join(dir, 'clientele.duckdb')}: permission denied. Clientele needs write access to the workspace folder and its files, even to read them (for its lock and journal): check the permissions with "ls -l ${dir}", or copy the folder somewhere writable\n`,
      );
      const init = cli(['init', '-w', join(dir, 'inner')], {}, asUser);
      expect(init.code).toBe(2);
      expect(init.stderr).toBe(
        `clientele init: cannot create the workspace folder ${join(dir, 'inner')}: permission denied: choose a folder you can write to with --workspace\n`,
      );
    } finally {
      chmodSync(dir, 0o755);
    }
  });

  it('whose database is a folder or not a database file', async () => {
    const dir = join(tempDir(), 'ws');
    await (await initWorkspace(dir)).close();
    const db = join(dir, 'clientele.duckdb');
    rmSync(db);
    mkdirSync(db);
    const folder = cli(['status', '-w', dir]);
    expect(folder.code).toBe(2);
    expect(folder.stderr).toBe(
      `clientele status: ${db} is a folder, not a database: move it out of the way, then run "clientele init --workspace ${dir}"\n`,
    );
    rmSync(db, { recursive: true });
    writeFileSync(db, 'customer_id,amount\n1,2\n');
    const text = cli(['status', '-w', dir]);
    expect(text.code).toBe(2);
    expect(text.stderr).toMatch(
      /^clientele status: .*clientele\.duckdb is not a Clientele database \(not a DuckDB file\)/,
    );
  });
});

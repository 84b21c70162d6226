/** `clientele care` through the real binary: table, JSON, consent counts and exit codes. */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../ingest/import.js';
import { cli, fileWith, tempDir } from '../../ingest/test-support/workspace.js';
import { initWorkspace } from '../../workspace/index.js';

let w: string;

// c1 born 29 February 1992 (greeted on 28 February 2025), c2 acquired 27 February 2023 (second
// anniversary), c3 withdrew marketing consent, c4 has no marketing consent record.
beforeAll(async () => {
  w = join(tempDir(), 'ws');
  const ws = await initWorkspace(w); // Asia/Shanghai
  await importFiles(
    ws,
    'customers',
    [
      fileWith(
        'c.csv',
        `customer_id,birth_date,acquired_at,region\nc1,1992-02-29,,华东\nc2,,2023-02-27 10:00,\nc3,1980-02-27,,\nc4,1981-02-26,,\n`,
      ),
    ],
    { maxRejects: 0 },
  );
  await importFiles(
    ws,
    'consents',
    [
      fileWith(
        'k.csv',
        `customer_id,purpose,granted\nc1,marketing,true\nc2,marketing,true\nc3,marketing,false\nc4,analytics,true\n`,
      ),
    ],
    { maxRejects: 0 },
  );
  await ws.close();
});

describe('clientele care', () => {
  it('prints the occasions as JSON with --json', () => {
    const r = cli(['care', '-w', w, '--from', '2025-02-26', '--days', '3', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    expect(c).toMatchObject({
      from: '2025-02-26',
      to: '2025-02-28',
      days: 3,
      consentPurpose: 'marketing',
      runId: null,
    });
    expect(c.occasions).toEqual([
      {
        date: '2025-02-27',
        daysUntil: 1,
        customerId: 'c2',
        occasion: 'anniversary',
        years: 2,
        region: null,
        membershipTier: null,
        segment: null,
        clv12m: null,
      },
      {
        date: '2025-02-28',
        daysUntil: 2,
        customerId: 'c1',
        occasion: 'birthday',
        years: null,
        region: '华东',
        membershipTier: null,
        segment: null,
        clv12m: null,
      },
    ]);
    expect(c.leftOut).toEqual({ withdrawn: 1, notRecorded: 1 });
  });

  it('prints a table by default, with what consent left out', () => {
    const r = cli(['care', '-w', w, '--from', '2025-02-26', '--days', '3']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'care calendar 2025-02-26 … 2025-02-28 (3 days), customers with marketing consent:',
    );
    expect(lines[1]).toMatch(/^ {2}date\s+in\s+occasion\s+years\s+customer\s+region/);
    expect(lines[2]).toMatch(/^ {2}2025-02-27\s+1d\s+anniversary\s+2\s+c2$/);
    expect(lines[3]).toMatch(/^ {2}2025-02-28\s+2d\s+birthday\s+c1\s+华东$/);
    expect(lines.slice(4)).toEqual([
      '2 occasions for 2 customers',
      'left out for consent: 1 withdrew marketing consent, 1 without a marketing consent record (import consents to include them)',
    ]);
  });

  it('starts today in the workspace time zone by default', () => {
    const r = cli(['care', '-w', w, '--json']);
    expect(r.code).toBe(0);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    expect(JSON.parse(r.stdout)).toMatchObject({ from: today, days: 7 });
  });

  it('refuses bad options with exit code 2 and a message saying what to give', () => {
    for (const [args, message] of [
      [['--days', '0'], 'care: --days must be a whole number from 1 to 365, got "0"'],
      [['--days', '400'], 'care: --days must be a whole number from 1 to 365, got "400"'],
      [['--days', '2.5'], 'care: --days must be a whole number from 1 to 365, got "2.5"'],
      [
        ['--from', '2025-02-30'],
        'care: --from must be a date written YYYY-MM-DD, e.g. 2025-03-01, got "2025-02-30"',
      ],
    ] as const) {
      const r = cli(['care', '-w', w, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toBe(`clientele ${message}\n`);
      expect(r.stdout).toBe('');
    }
    const missing = cli(['care', '-w', join(tempDir(), 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^clientele care: .*nowhere/);
    expect(cli(['care', '--help']).stdout).toContain('clientele care [--days N]');
  });
});

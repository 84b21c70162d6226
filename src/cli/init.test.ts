/** `clientele init` through the real binary: options are checked before anything is written. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from '../ingest/test-support/workspace.js';

describe('clientele init', () => {
  it('refuses an unknown time zone or a currency that is not an ISO code, creating nothing', () => {
    const parent = tempDir();
    const dir = join(parent, 'ws');
    const tz = cli(['init', '-w', dir, '--time-zone', 'Mars/Olympus']);
    expect(tz.code).toBe(2);
    expect(tz.stderr).toBe(
      'clientele init: --time-zone "Mars/Olympus" is not a known time zone: use an IANA name such as Asia/Shanghai, Europe/Berlin or UTC; nothing was written\n',
    );
    for (const currency of ['EURO', 'XX', '¥']) {
      const r = cli(['init', '-w', dir, '--currency', currency]);
      expect(r.code, currency).toBe(2);
      expect(r.stderr).toMatch(
        new RegExp(`^clientele init: --currency "${currency}" is not an ISO 4217 currency code`),
      );
    }
    expect(cli(['init', '-w', dir, '--currency', 'usd']).stderr).toMatch(/did you mean "USD"\?/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('creates a workspace with valid options; again with the same options is fine', () => {
    const dir = join(tempDir(), 'ws');
    const first = cli(['init', '-w', dir, '--currency', 'EUR', '--time-zone', 'Europe/Berlin']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'clientele.json'), 'utf8'))).toEqual({
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
    });
    for (const args of [['--currency', 'EUR', '--time-zone', 'Europe/Berlin'], ['--currency', 'EUR'], []]) {
      const again = cli(['init', '-w', dir, ...args]);
      expect(again.code, args.join(' ')).toBe(0);
      expect(again.stdout).toBe(`workspace already there: ${dir} (currency EUR, time zone Europe/Berlin)\n`);
    }
    expect(cli(['init', '-w', join(tempDir(), 'utc'), '--time-zone', 'UTC']).code).toBe(0);
  });

  it('on an existing workspace, says that different options were not applied and changes nothing', () => {
    const dir = join(tempDir(), 'ws');
    expect(cli(['init', '-w', dir]).code).toBe(0);
    const config = join(dir, 'clientele.json');
    const before = { text: readFileSync(config, 'utf8'), mtime: statSync(config).mtimeMs };
    const r = cli(['init', '-w', dir, '--time-zone', 'Europe/Berlin']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `clientele init: the workspace ${dir} already exists with time zone Asia/Shanghai; --time-zone Europe/Berlin was not applied (edit ${config} to change it, or give a new folder with --workspace)\n`,
    );
    const both = cli(['init', '-w', dir, '--time-zone', 'Europe/Berlin', '--currency', 'EUR']);
    expect(both.stderr).toMatch(
      /already exists with currency CNY and time zone Asia\/Shanghai; --currency EUR and --time-zone Europe\/Berlin were not applied/,
    );
    expect({ text: readFileSync(config, 'utf8'), mtime: statSync(config).mtimeMs }).toEqual(before);
    expect(existsSync(join(dir, 'clientele.duckdb'))).toBe(true);
  });
});

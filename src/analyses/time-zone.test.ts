import { describe, expect, it } from 'vitest';
import { duckDbDialect } from '../store/duckdb/dialect.js';
import { openDuckDb } from '../store/duckdb/engine.js';
import { fixedUtcOffset, utcOffsetAt } from './time-zone.js';

const at = (iso: string) => Date.parse(iso);

describe('time zones of a run', () => {
  it('knows when a zone keeps one offset over the data', () => {
    expect(fixedUtcOffset('Asia/Shanghai', at('1997-01-01T00:00:00Z'), at('2030-12-31T00:00:00Z'))).toBe(
      8 * 3600,
    );
    expect(fixedUtcOffset('UTC', at('2000-01-01T00:00:00Z'), at('2001-01-01T00:00:00Z'))).toBe(0);
    // Berlin switches to summer time on 2021-03-28: one offset only before it.
    expect(fixedUtcOffset('Europe/Berlin', at('2021-01-01T00:00:00Z'), at('2021-03-27T00:00:00Z'))).toBe(
      3600,
    );
    expect(
      fixedUtcOffset('Europe/Berlin', at('2021-01-01T00:00:00Z'), at('2021-03-29T00:00:00Z')),
    ).toBeNull();
    // Shanghai kept daylight saving until 1991.
    expect(
      fixedUtcOffset('Asia/Shanghai', at('1990-01-01T00:00:00Z'), at('1992-01-01T00:00:00Z')),
    ).toBeNull();
    expect(utcOffsetAt('America/New_York', at('2024-07-01T12:00:00Z'))).toBe(-4 * 3600);
  });

  it('the offset arithmetic gives the same calendar dates as the engine’s time-zone conversion', async () => {
    const db = await openDuckDb(':memory:');
    await db.run(`SET TimeZone = 'Asia/Shanghai'`);
    // 200,000 instants over three years, many of them within minutes of local midnight.
    await db.run(
      `CREATE TABLE t AS SELECT TIMESTAMPTZ '2023-01-01 00:00:00+08' + to_seconds(CAST(i * 997 % (3 * 365 * 86400) AS BIGINT))
         + to_seconds(CAST(CASE WHEN i % 3 = 0 THEN -1 ELSE 0 END AS BIGINT)) AS ts FROM range(200000) r(i)`,
    );
    const fast = duckDbDialect.localDate('ts', 8 * 3600);
    const slow = duckDbDialect.localDate('ts');
    const [{ n, differ }] = await db.query<{ n: number; differ: number }>(
      `SELECT count(*)::INT AS n, count(*) FILTER (WHERE ${fast} <> ${slow})::INT AS differ FROM t`,
    );
    expect(n).toBe(200000);
    expect(differ).toBe(0);
    await db.close();
  });
});

/**
 * Slow (minutes): the fast reading of plain local times assumes that the zone database has no
 * day on which the offset changes and changes back (offsets are sampled at local midnights).
 * Checked here for every zone DuckDB knows, every hour of the span it would use over a plausible
 * range of 1900 to 2027: the offset is the span's one offset everywhere. A newer zone database
 * that broke the assumption fails this test. Run on its own:
 * `npx vitest run --config vitest.slow.config.ts src/store/duckdb/loader/temporal.slow.test.ts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine.js';
import { openDuckDb } from '../engine.js';
import { localSpan } from './temporal.js';

let db: Engine;
beforeAll(async () => {
  db = await openDuckDb(':memory:');
});
afterAll(() => db.close());

describe('the span with one UTC offset, in every time zone', () => {
  it('has that offset at every hour from its start to its end', { timeout: 1_200_000 }, async () => {
    const zones = (await db.query<{ name: string }>('SELECT name FROM pg_timezone_names() ORDER BY 1')).map(
      (r) => r.name,
    );
    expect(zones.length).toBeGreaterThan(500);
    const wrong: string[] = [];
    let hours = 0;
    for (const zone of zones) {
      await db.run('SET TimeZone = $1', [zone]);
      const span = await localSpan(db, { from: '1900-01-01', to: '2027-12-31' });
      if (!span) continue;
      const [{ n, off }] = await db.query<{ n: number; off: number }>(
        `SELECT count(*)::BIGINT AS n,
           count(*) FILTER (WHERE epoch_us(t) - epoch_us(CAST(t AS TIMESTAMPTZ)) <> ${span.offsetUs})::BIGINT AS off
         FROM range(TIMESTAMP '${span.from}', TIMESTAMP '${span.to}', INTERVAL 1 HOUR) r(t)`,
      );
      hours += n;
      if (off > 0) wrong.push(`${zone}: ${off} hours of ${span.from} – ${span.to} have another offset`);
    }
    console.log(`${zones.length} zones, ${hours} local hours checked`);
    expect(wrong).toEqual([]);
  });
});

/**
 * The fast reading of plain local times (naive timestamp minus the zone's offset over a span with
 * one offset) against DuckDB's own cast to TIMESTAMPTZ, the second method: equal for every value,
 * in zones with and without daylight saving, at the span's edges, at clock changes and for
 * spellings that only look plain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine.js';
import { openDuckDb } from '../engine.js';
import { Params } from './sql.js';
import { type LocalSpan, localSpan, type TemporalContext, temporal } from './temporal.js';

let db: Engine;
beforeAll(async () => {
  db = await openDuckDb(':memory:');
});
afterAll(() => db.close());

/** The import's SQL for text column `v` of relation `x`, and DuckDB's own cast, side by side. */
function compare(span: LocalSpan | null, x: string): string {
  const ctx: TemporalContext = {
    p: new Params(),
    dates: { from: '1900-01-01', to: '2100-01-01' },
    span,
    below: [],
  };
  const ours = temporal('TIMESTAMPTZ', `NULLIF(s.v, '')`, ctx, undefined, 's.v');
  const below = ctx.below.length ? `(SELECT s.*, ${ctx.below.join(', ')} FROM ${x} s)` : x;
  return `SELECT s.v, ${ours} AS ours, TRY_CAST(NULLIF(s.v, '') AS TIMESTAMPTZ) AS own FROM ${below} s`;
}

/**
 * Values where the two readings differ (at most 5), and how many were compared. DuckDB's own
 * cast reads the values after one with a zone name in that zone (the defect `temporal()` works
 * around), so values with a letter other than the date-time separator are cast one per query.
 */
async function differences(span: LocalSpan | null, x: string) {
  // Ours over every value at once, as an import reads them; the reference apart.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _ours AS SELECT v, ours FROM (${compare(span, `(SELECT * FROM ${x} WHERE v IS NOT NULL)`)})`,
  );
  const alone = `(regexp_matches(v[1:10] || v[12:], '[A-Za-z]') OR (length(v) > 10 AND v[11] NOT IN (' ', 'T')))`;
  await db.run(`CREATE OR REPLACE TEMP TABLE _plain AS SELECT v FROM _ours WHERE NOT ${alone}`);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE _own AS SELECT v, TRY_CAST(NULLIF(v, '') AS TIMESTAMPTZ) AS own FROM _plain`,
  );
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::BIGINT AS n FROM _ours');
  const diff = await db.query<{ v: string; ours: string | null; own: string | null }>(
    `SELECT o.v, o.ours::VARCHAR AS ours, r.own::VARCHAR AS own FROM _ours o JOIN _own r ON r.v = o.v
     WHERE o.ours IS DISTINCT FROM r.own LIMIT 5`,
  );
  const single = await db.query<{ v: string; ours: string | null }>(
    `SELECT v, ours::VARCHAR AS ours FROM _ours WHERE ${alone}`,
  );
  for (const { v, ours } of single) {
    const [{ own }] = await db.query<{ own: string | null }>(
      `SELECT TRY_CAST(NULLIF($1, '') AS TIMESTAMPTZ)::VARCHAR AS own`,
      [v],
    );
    if (ours !== own && diff.length < 5) diff.push({ v, ours, own });
  }
  return { n, diff };
}

const FORMATS = ['%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M', '%Y-%m-%d'];

/** Local times as text in every plain shape: every 15 minutes of the days around the span's start, and random instants 1890–2110. */
function samples(span: LocalSpan): string {
  const fmt = `CASE hash(t) % 5 ${FORMATS.map((f, i) => `WHEN ${i} THEN strftime(t, '${f}')`).join(' ')} END`;
  return `(SELECT ${fmt} AS v FROM (
      SELECT TIMESTAMP '${span.from}' + INTERVAL (m * 15) MINUTE AS t FROM range(-4 * 96, 4 * 96) r(m)
      UNION ALL SELECT TIMESTAMP '1890-01-01' + to_microseconds((hash(i) % 6942672000000000)::BIGINT) FROM range(100000) r(i)))`;
}

describe('plain local times read without the time-zone library', () => {
  const zones = [
    'Asia/Shanghai',
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'Africa/Casablanca',
    'America/Sao_Paulo',
    'Asia/Tehran',
    'UTC',
  ];
  for (const zone of zones) {
    it(`are the same instants as DuckDB's own cast in ${zone}`, async () => {
      await db.run('SET TimeZone = $1', [zone]);
      const span = await localSpan(db, { from: '1900-01-01', to: '2024-12-31' });
      expect(span).not.toBeNull();
      const { n, diff } = await differences(span, samples(span as LocalSpan));
      expect(n).toBeGreaterThan(100_000);
      expect(diff).toEqual([]);
    });
  }

  it('Berlin at both clock changes of 2021 reads as DuckDB does, inside and outside the span', async () => {
    await db.run(`SET TimeZone = 'Europe/Berlin'`);
    const values = `(SELECT unnest(['2021-03-28 02:30:00', '2021-03-28 01:59:59', '2021-03-28 03:00:00', '2021-10-31 02:30:00', '2021-10-31 01:30:00', '2021-10-31 03:30:00', '2021-03-28', '2021-10-31 02:30']) AS v)`;
    for (const to of ['2021-06-30', '2021-12-31', '2022-06-30']) {
      const span = await localSpan(db, { from: '1900-01-01', to });
      expect((await differences(span, values)).diff).toEqual([]);
    }
    // Summer time in 2021 ran from 28 March to 31 October: a range ending on 30 June has its span
    // from two days after the March change, at +2 hours.
    expect(await localSpan(db, { from: '1900-01-01', to: '2021-06-30' })).toEqual({
      from: '2021-03-30 00:00:00',
      to: '2021-07-01 00:00:00',
      offsetUs: 2 * 3600e6,
    });
  });

  it('Shanghai keeps +8 hours from two days after its last clock change (1991-09-15)', async () => {
    await db.run(`SET TimeZone = 'Asia/Shanghai'`);
    expect(await localSpan(db, { from: '1900-01-01', to: '2026-12-31' })).toEqual({
      from: '1991-09-17 00:00:00',
      to: '2027-01-01 00:00:00',
      offsetUs: 8 * 3600e6,
    });
  });

  it('text that only looks plain (a Z, an offset, a zone, letters, blanks, impossible times) reads as DuckDB does', async () => {
    await db.run(`SET TimeZone = 'Asia/Shanghai'`);
    const span = await localSpan(db, { from: '1900-01-01', to: '2026-12-31' });
    // Each plain shape with one or two of its characters replaced (every place, every character
    // below), and whole values with suffixes, seconds 60, hour 24, year 0.
    const chars = `['Z', 'z', '+', '-', ' ', 'T', '.', ':', '/', 'a', 'U', '0', '9', '5']`;
    const few = `['Z', '+', '-', ' ', '.', ':', '0']`;
    const bases = `['2024-03-01 10:20:30', '2024-03-01T10:20:30', '2024-03-01 10:20', '2024-03-01T10:20', '2024-03-01']`;
    const values = `(SELECT v FROM (
        SELECT b[1:i - 1] || c || b[i + 1:] AS v FROM unnest(${bases}) x(b), range(1, 20) r(i), unnest(${chars}) y(c) WHERE i <= length(b)
        UNION ALL SELECT b[1:i - 1] || c || d || b[i + 2:] FROM unnest(${bases}) x(b), range(1, 20) r(i), unnest(${few}) y(c), unnest(${few}) z(d) WHERE i < length(b)
        UNION ALL SELECT b || s FROM unnest(${bases}) x(b), unnest(['Z', '+08', '-05:00', ' UTC', ' America/New_York', '.5', ' ', 'z']) y(s)
        UNION ALL SELECT unnest(['2024-03-01 10:20:60', '2024-03-01 24:00:00', '0000-01-01', '2024-02-30', '2024-3-1 1:2:3', ' 2024-03-01'])))`;
    const { n, diff } = await differences(span, values);
    expect(n).toBeGreaterThan(4_000);
    expect(diff).toEqual([]);
  });
});

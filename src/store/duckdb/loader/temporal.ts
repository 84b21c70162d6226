/**
 * Dates and times from text. The engine's cast to TIMESTAMPTZ goes through the time-zone library
 * for every value (three quarters of the cost of a typed timestamp column). Where the workspace's
 * zone keeps one UTC offset over a span of local times — for most zones, every date since its
 * last change of rules or last clock change — a plain local date and time (`2024-03-01 10:00:00`)
 * is read as a naive timestamp minus that offset: the same instant, without the library. Values
 * outside the span, and every other spelling (offsets, zone names, fractions), take the cast.
 */
import type { Engine, SqlValue } from '../../engine.js';
import type { LoadBatch } from '../../loader.js';

/** Local times in [from, to) have one UTC offset: local − UTC = `offsetUs` microseconds. */
export interface LocalSpan {
  from: string;
  to: string;
  offsetUs: number;
}

/** What compiling a date or time needs from the compiler. */
export interface TemporalContext {
  p: { add(v: SqlValue): string };
  /** The plausible range, as calendar dates or instants in ISO form. */
  dates: { from: string; to: string };
  /** The span of the workspace's zone with one offset, or null (no fast path). */
  span: LocalSpan | null;
  /** Columns computed below the typed select, over the source `s` (`expr AS name`). */
  below: string[];
}

const STAMP = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

/**
 * The span of local times, within the plausible range, over which the session's time zone keeps
 * the offset it has at the range's end: from the second local midnight after its last change
 * before then (a change may fall on a midnight) to the end. Offsets are sampled at every local
 * midnight: the zone database has no day on which the offset changes and changes back (checked
 * for every zone by a test). Null when the span is shorter than a day.
 */
export async function localSpan(db: Engine, dates: { from: string; to: string }): Promise<LocalSpan | null> {
  const rows = await db.query<{ from: string | null; to: string; offset: number }>(
    `WITH d AS (
       SELECT t, epoch_us(t) - epoch_us(CAST(t AS TIMESTAMPTZ)) AS o
       FROM range(CAST(CAST($1 AS DATE) AS TIMESTAMP), CAST(CAST($2 AS DATE) AS TIMESTAMP) + INTERVAL 2 DAY, INTERVAL 1 DAY) r(t)),
     e AS (SELECT arg_max(o, t) AS o, min(t) AS lo, max(t) AS hi FROM d)
     SELECT strftime(coalesce((SELECT max(t) + INTERVAL 2 DAY FROM d WHERE d.o <> e.o), e.lo), '%Y-%m-%d %H:%M:%S') AS "from",
       strftime(e.hi, '%Y-%m-%d %H:%M:%S') AS "to", e.o::BIGINT AS "offset"
     FROM e`,
    [dates.from.slice(0, 10), dates.to.slice(0, 10)],
  );
  const [r] = rows;
  if (!r || r.from === null || !STAMP.test(r.from) || !STAMP.test(r.to) || !(r.from < r.to)) return null;
  if (!Number.isSafeInteger(r.offset)) return null;
  return { from: r.from, to: r.to, offsetUs: r.offset };
}

/**
 * Plain local dates and times, the spellings the fast path reads: every character a digit where
 * the shape has `_`. A LIKE shape alone would let `…:0Z` through (Z: UTC), so the last character
 * must be a digit too; the engine's naive cast refuses any other non-digit in those places.
 */
const NAIVE_SHAPES = [
  '____-__-__ __:__:__',
  '____-__-__T__:__:__',
  '____-__-__ __:__',
  '____-__-__T__:__',
  '____-__-__',
];

/**
 * A date or time from text: without formats the engine's cast (offset-less text is in the
 * workspace's time zone); with formats, the first whose result lies in the plausible range
 * (so `%m/%d/%Y` reading `12/1/10` as year 10 gives way to `%m/%d/%y`). `column`, the source
 * column read as it is, lets a timestamp take the fast path.
 */
export function temporal(
  type: 'TIMESTAMPTZ' | 'DATE',
  raw: string,
  ctx: TemporalContext,
  formats?: readonly string[],
  column?: string,
): string {
  // The engine reads some words as dates ('epoch' is 1970-01-01, 'infinity' a date past every
  // other); none is a date a user means. A value starting with a digit skips the word test.
  const word = `lower(trim(${raw}))`;
  return `CASE WHEN NOT (left(ltrim(${raw}), 1) BETWEEN '0' AND '9') AND ${word} IN (${SPECIAL_WORDS.map((w) => `'${w}'`).join(', ')})
    THEN NULL ELSE ${reading(type, raw, ctx, formats, column)} END`;
}

/** Words the engine's casts and strptime read as dates or times. */
const SPECIAL_WORDS = [
  'infinity',
  '-infinity',
  '+infinity',
  'epoch',
  'now',
  'today',
  'tomorrow',
  'yesterday',
  'allballs',
];

function reading(
  type: 'TIMESTAMPTZ' | 'DATE',
  raw: string,
  ctx: TemporalContext,
  formats?: readonly string[],
  column?: string,
): string {
  if (!formats || formats.length === 0) {
    if (type === 'DATE') return `TRY_CAST(${raw} AS DATE)`;
    // DuckDB's cast, once it has read a value with a named zone ("… America/New_York"), reads
    // the values after it in that zone. Values ending in a zone name get a cast of their own, so
    // the cast of all other values never sees one.
    const last = `right(rtrim(${raw}), 1)`;
    const named = `((${last} BETWEEN 'A' AND 'Y') OR (${last} BETWEEN 'a' AND 'y'))`;
    const cast = `CASE WHEN ${named} THEN TRY_CAST(rtrim(${raw}) AS TIMESTAMPTZ) ELSE TRY_CAST(${raw} AS TIMESTAMPTZ) END`;
    if (!ctx.span || !column) return cast;
    // The naive reading is computed once, below, and read here twice.
    const naive = `"_naive_${ctx.below.length}"`;
    const shape = NAIVE_SHAPES.map((s) => `${column} LIKE '${s}'`).join(' OR ');
    ctx.below.push(
      `CASE WHEN (${shape}) AND ${column}[-1] BETWEEN '0' AND '9' THEN TRY_CAST(${column} AS TIMESTAMP) END AS ${naive}`,
    );
    const { from, to, offsetUs } = ctx.span;
    return `CASE WHEN s.${naive} >= TIMESTAMP '${from}' AND s.${naive} < TIMESTAMP '${to}'
      THEN make_timestamptz(epoch_us(s.${naive}) - ${offsetUs}) ELSE ${cast} END`;
  }
  const parsed = formats.map((f) => `CAST(try_strptime(${raw}, ${ctx.p.add(f)}) AS ${type})`);
  if (parsed.length === 1) return parsed[0];
  const { from, to } = plausible(type, ctx);
  const arms = parsed.map((v) => `WHEN ${v} BETWEEN ${from} AND ${to} THEN ${v}`);
  return `CASE ${arms.join(' ')} ELSE coalesce(${parsed.join(', ')}) END`;
}

/** SQL for the bounds of the plausible range in a type. */
export function plausible(type: 'TIMESTAMPTZ' | 'DATE', ctx: TemporalContext) {
  return {
    from: `CAST(${ctx.p.add(ctx.dates.from)} AS ${type})`,
    to: `CAST(${ctx.p.add(ctx.dates.to)} AS ${type})`,
  };
}

/** A midnight bound is a calendar date (midnight in the workspace's zone); any other an instant. */
export const calendar = (d: Date) => {
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
};

const spans = new WeakMap<LoadBatch, Promise<LocalSpan | null>>();

/** The span of the batch's plausible range with one offset, computed once per batch. */
export function batchSpan(db: Engine, batch: LoadBatch): Promise<LocalSpan | null> {
  let span = spans.get(batch);
  if (!span) {
    span = localSpan(db, { from: calendar(batch.dates.from), to: calendar(batch.dates.to) });
    spans.set(batch, span);
  }
  return span;
}

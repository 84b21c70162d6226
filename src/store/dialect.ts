/**
 * The SQL functions whose spelling differs between engines. Analyses write their SQL in the
 * portable core (SELECT, GROUP BY, one equality JOIN per SELECT, CASE, sum/count/min/max, no
 * window functions, no CTEs) and take everything else from here, so that another engine runs
 * every analysis by supplying a dialect (as a driver supplies a dialect core in Drizzle).
 * Every helper takes SQL expressions and returns an SQL expression.
 */
export interface Dialect {
  /** Whole days from `a` to `b` (timestamps or dates), as an integer, counting calendar-day boundaries in the workspace's zone. */
  daysBetween(a: string, b: string): string;
  /** Seconds since 1970 of a timestamp, as a float. */
  epochSeconds(ts: string): string;
  /**
   * The calendar date of a timestamp in the workspace's time zone. With `utcOffsetSeconds` (the
   * zone's offset when it is the same over all the data, see `fixedUtcOffset`), by arithmetic on
   * the instant instead of a time-zone conversion: the same dates, several times faster.
   */
  localDate(ts: string, utcOffsetSeconds?: number | null): string;
  /** The first day of the month of a timestamp or date, as a date (workspace time zone). */
  monthStart(ts: string): string;
  /** Whole calendar months from the month of `a` to the month of `b`. */
  monthsBetween(a: string, b: string): string;
  /** A float from any number (decimals included). */
  toFloat(x: string): string;
  /** An exact decimal (the money type) from any number. */
  toMoney(x: string): string;
  /** Text from any value. */
  toText(x: string): string;
  /** A bound parameter used as a timestamp with time zone (ISO text in, instant out). */
  timestamp(param: string): string;
  /** Text parsed as a timestamp with time zone (offset-less text in the workspace's zone), or NULL. */
  tryTimestamp(text: string): string;
  /** A timestamp as ISO-8601 UTC text with milliseconds (`2024-01-31T16:00:00.000Z`). */
  isoInstant(ts: string): string;
  /** A bound parameter used as a date ('YYYY-MM-DD'). */
  date(param: string): string;
  /** The aggregate: the continuous quantiles `qs` (0–1) of `x`, as a list. */
  quantiles(x: string, qs: readonly number[]): string;
  /**
   * The aggregate: the `r`-th smallest value of `x` (an exact value of the data, not interpolated)
   * for each 1-based rank `r` of `ranks`, as a list; `n` is the number of non-null values of `x`.
   * Level (r − ½) / n lands inside rank r's step of the empirical distribution under either
   * engine's rule (DuckDB quantile_disc: rank ⌈q·n⌉; ClickHouse quantilesExact: index ⌊q·n⌋).
   */
  nthSmallest(x: string, ranks: readonly number[], n: number): string;
  /**
   * The aggregate: Σ r · x over the values of `x` sorted ascending, r = 1 … n (tied values give
   * the same sum in any order), as a float; NULL without rows. The rank sum of the Gini coefficient.
   */
  rankWeightedSum(x: string): string;
  /** Element `i` (1-based) of a list. */
  listElement(list: string, i: number): string;
  /** A text field of the JSON `attributes`-like column `json`. */
  jsonText(json: string, field: string): string;
  /** Aggregate: number of rows where `cond` holds. */
  countIf(cond: string): string;
  /** Aggregate: the value of `x` on the row where `by` is smallest (ties: any of them). */
  argMin(x: string, by: string): string;
  /** A 64-bit hash of a value, for keys and checks. */
  hash(x: string): string;
  /** The natural logarithm of a float (DuckDB `ln`; ClickHouse `log`, which is natural there). */
  ln(x: string): string;
  /**
   * A number 0 … n − 1 for each of the n rows of the SELECT it appears in (in no particular order):
   * dense indices for arrays (DuckDB `row_number() OVER () − 1`, ClickHouse `rowNumberInAllBlocks()`).
   */
  rowIndex(): string;
  /** A 64-bit integer with only bit `i` (0 … 62) set: 2^i (DuckDB `1 << i`, ClickHouse `bitShiftLeft`). */
  bit(i: string): string;
  /** 1 when bit `i` (0 … 62) of the integer `mask` is set, else 0 (ClickHouse `bitTest`). */
  bitTest(mask: string, i: string): string;
  /** Aggregate: the bitwise OR of the 64-bit integers `x` (ClickHouse `groupBitOr`). */
  bitOr(x: string): string;
  /** A statement creating (or replacing) the run's scratch table `name` from `select`. */
  createScratch(name: string, select: string): string;
  /** A statement dropping the scratch table `name` if it exists. */
  dropScratch(name: string): string;
}

/**
 * The periods of the market table, read from their labels: a year (`2024`, `2024年`), a half
 * (`2024H1`, `2024-H2`), a quarter (`2024Q1`, `2024-Q1`, `2024 Q1`, `2024年第1季度`, `2024年一季度`) or a
 * month (`2024-03`, `2024/3`, `202403`, `2024年3月`). Each period is a run of whole calendar months.
 */

export interface MarketPeriod {
  label: string;
  /** First day (`YYYY-MM-DD`). */
  start: string;
  /** Last day (`YYYY-MM-DD`). */
  end: string;
  /** The first day of each of its months. */
  months: string[];
}

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

function months(year: number, first: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${year}-${String(first + i).padStart(2, '0')}-01`);
}

function lastDay(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)); // day 0 of the next month
  return d.toISOString().slice(0, 10);
}

/**
 * The period a label names, or null when it is not one of the forms above.
 *
 * @example parsePeriod('2024Q2') // { label: '2024Q2', start: '2024-04-01', end: '2024-06-30', months: [...] }
 */
export function parsePeriod(label: string): MarketPeriod | null {
  const text = label.trim().normalize('NFKC');
  const span = (year: number, first: number, count: number): MarketPeriod => {
    const ms = months(year, first, count);
    return { label, start: ms[0], end: lastDay(year, first + count - 1), months: ms };
  };
  const year = text.match(/^(\d{4})年?$/);
  if (year) return span(Number(year[1]), 1, 12);
  const half = text.match(/^(\d{4})[-\s]?[Hh]([12])$/) ?? text.match(/^(\d{4})年?(上|下)半年$/);
  if (half) return span(Number(half[1]), half[2] === '1' || half[2] === '上' ? 1 : 7, 6);
  const quarter =
    text.match(/^(\d{4})[-\s]?[Qq]([1-4])$/) ?? text.match(/^(\d{4})年?第?([1-4一二三四])季度$/);
  if (quarter) return span(Number(quarter[1]), 3 * (CHINESE_DIGITS[quarter[2]] ?? Number(quarter[2])) - 2, 3);
  const month =
    text.match(/^(\d{4})[-/.](\d{1,2})$/) ??
    text.match(/^(\d{4})(\d{2})$/) ??
    text.match(/^(\d{4})年(\d{1,2})月$/);
  if (month && Number(month[2]) >= 1 && Number(month[2]) <= 12)
    return span(Number(month[1]), Number(month[2]), 1);
  return null;
}

/** Reads the reference data sets of ../shared/data for tests. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared data sets: `$CLIENTELE_SHARED_DATA`, else `../shared/data` beside the repository. */
export const SHARED_DATA = process.env.CLIENTELE_SHARED_DATA
  ? `${process.env.CLIENTELE_SHARED_DATA.replace(/\/$/, '')}/`
  : fileURLToPath(new URL('../../../../shared/data/', import.meta.url));

/** Reads a small numeric CSV with a header into columns by name. */
export function readNumericCsv(relative: string): Record<string, Float64Array> {
  const text = readFileSync(SHARED_DATA + relative, 'utf8').trim();
  const [head, ...lines] = text.split(/\r?\n/);
  const names = head.split(',').map((h) => h.replace(/"/g, '').trim());
  const cols = names.map(() => new Float64Array(lines.length));
  lines.forEach((line, i) => {
    line.split(',').forEach((v, j) => {
      cols[j][i] = Number(v);
    });
  });
  return Object.fromEntries(names.map((n, j) => [n, cols[j]]));
}

/** The 2,357-customer CDNOW sample summary in weeks (Hardie's file, lifetimes' column names). */
export function cdnowSample() {
  const c = readNumericCsv('derived/cdnow_sample_summary_39w.csv');
  return { frequency: c.frequency, recency: c.recency, T: c.T, monetary: c.monetary_value };
}

/** Whitespace-separated CDNOW transactions as purchase records: `idCol`, date YYYYMMDD at `dateCol`, dollars last. */
export function cdnowTransactions(relative: string, idCol: number, dateCol: number, skipHeader: boolean) {
  const lines = readFileSync(SHARED_DATA + relative, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  if (skipHeader) lines.shift();
  const customer: string[] = [];
  const day: number[] = [];
  const amount: number[] = [];
  for (const line of lines) {
    const f = line.trim().split(/\s+/);
    const d = f[dateCol];
    customer.push(f[idCol]);
    day.push(Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8))) / 86_400_000);
    amount.push(Number(f[f.length - 1]));
  }
  return { customer, day, amount };
}

/** Reads a per-customer summary CSV (`customer_id,frequency,recency,T,monetary_value`, …) for `fit` and `predict`. */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import { splitCsvLine } from './sources.js';

export interface SummaryTable {
  ids: string[];
  columns: Record<string, Float64Array>;
}

/**
 * Reads the named numeric columns (and `customer_id` if present). Every value must be a finite
 * number; the error names the file, line and column of the first that is not.
 */
export function readSummaryCsv(file: string, required: string[], optional: string[] = []): SummaryTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    throw new InputError('file not found or not readable', { file });
  }
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw new InputError('the file is empty', { file });
  const header = splitCsvLine(lines[0], ',').map((h) => h.trim());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new InputError(`missing column(s) ${missing.join(', ')} (the file has: ${header.join(', ')})`, {
      file,
      line: 1,
    });
  }
  const wanted = [...required, ...optional.filter((c) => header.includes(c))];
  const idIndex = header.indexOf('customer_id');
  const n = lines.length - 1;
  const columns = Object.fromEntries(wanted.map((c) => [c, new Float64Array(n)]));
  const ids: string[] = [];
  for (let r = 0; r < n; r++) {
    const fields = splitCsvLine(lines[r + 1], ',');
    if (fields.length !== header.length) {
      throw new InputError(`expected ${header.length} fields, found ${fields.length}`, { file, line: r + 2 });
    }
    ids.push(idIndex >= 0 ? fields[idIndex] : String(r + 1));
    for (const c of wanted) {
      const raw = fields[header.indexOf(c)].trim();
      const v = raw === '' ? Number.NaN : Number(raw);
      if (!Number.isFinite(v))
        throw new InputError(`"${raw}" is not a number`, { file, line: r + 2, column: c });
      columns[c][r] = v;
    }
  }
  return { ids, columns };
}

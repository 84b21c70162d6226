/**
 * Masking of personal data (SPEC §7) for people who may not see it in clear: pure functions of a
 * value, shared by the CLI's customer 360 and (later) the HTTP API. Which columns are personal
 * data is the schema's business (`pii` in `schema/tables.ts`); how each is masked is decided here.
 */
import { TABLES, type TableName } from '../../schema/tables.js';

/** What masks a value whose column has no masking of its own (free text, attributes). */
export const HIDDEN = '***';

/**
 * A phone number with the digits between the first 3 and the last 4 starred (fewer than 8 digits:
 * all but the last 2); separators are kept.
 *
 * @example maskPhone('13812345678') // '138****5678'
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').length;
  const [head, tail] = digits >= 8 ? [3, 4] : [0, Math.min(2, digits)];
  let seen = 0;
  return phone.replace(/\d/g, (d) => {
    seen++;
    return seen <= head || seen > digits - tail ? d : '*';
  });
}

/**
 * An e-mail address with its local part reduced to the first character.
 *
 * @example maskEmail('zhang1@example.com') // 'z***@example.com'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return HIDDEN;
  return `${Array.from(email)[0]}***${email.slice(at)}`;
}

/**
 * A name with every character but the first starred (spaces kept).
 *
 * @example maskName('张三') // '张*'
 */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  return chars.map((c, i) => (i === 0 || /\s/.test(c) ? c : '*')).join('');
}

/**
 * An identity document number with all but its last 4 characters starred.
 *
 * @example maskIdNumber('110101199003071234') // '**************1234'
 */
export function maskIdNumber(id: string): string {
  const chars = Array.from(id);
  const keep = chars.length > 4 ? 4 : 0;
  return chars.map((c, i) => (i < chars.length - keep ? '*' : c)).join('');
}

/**
 * A birth date reduced to its year.
 *
 * @example maskBirthDate('1990-03-07') // '1990-**-**'
 */
export function maskBirthDate(date: string): string {
  const year = /^(\d{4})/.exec(date)?.[1];
  return year ? `${year}-**-**` : HIDDEN;
}

const BY_COLUMN: Record<string, (value: string) => string> = {
  name: maskName,
  phone: maskPhone,
  email: maskEmail,
  id_number: maskIdNumber,
  birth_date: maskBirthDate,
};

/**
 * `value` masked as its column asks when the column holds personal data in `table` (SPEC §3),
 * unchanged otherwise; null stays null.
 *
 * @example maskColumn('customers', 'phone', '13812345678') // '138****5678'
 * @example maskColumn('customers', 'region', '华东') // '华东'
 */
export function maskColumn(table: TableName, column: string, value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const def = TABLES[table].columns.find((c) => c.name === column);
  if (!def?.pii) return value;
  const mask = BY_COLUMN[column];
  return mask ? mask(String(value)) : HIDDEN;
}

/**
 * A row of `table` with its personal-data columns masked (other columns as they are).
 *
 * @example maskRow('customers', { customer_id: 'C1', name: '张三' }) // { customer_id: 'C1', name: '张*' }
 */
export function maskRow<T extends Record<string, unknown>>(table: TableName, row: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = maskColumn(table, k, v);
  return out as T;
}

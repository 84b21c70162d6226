/**
 * The schema of one entry of a mapping's `"columns"`: a source column name, or an object with
 * exactly one of `column` (with optional date `format`s), `expr`, `value`, `derive` or `when`.
 */
import { z } from 'zod';
import { InputError } from '../../errors.js';
import type { ColumnSource } from '../../schema/mapping.js';
import type { ColumnDef } from '../../schema/tables.js';
import { dateFormatProblem } from './date-formats.js';
import { parseExpr } from './expr.js';
import { got, need, unknownKey } from './issues.js';

/** An object that rejects unknown keys, suggesting the closest known one. */
export function strict<S extends z.core.$ZodLooseShape>(
  shape: S,
  what: string,
  hint?: (key: string) => string,
) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys')
        return iss.keys.map((k) => hint?.(k) ?? unknownKey(k, known)).join('\n');
      if (iss.code === 'invalid_type') return need(what)(iss);
      return undefined;
    },
  });
}

/** A string that must not be empty; `what` names it in the message for a value of another type. */
export const text = (what = 'a string') =>
  z.string({ error: need(what, false) }).min(1, { error: 'must not be empty' });

/** One strptime format or a non-empty list of them, each checked; always a list once parsed. */
const dateFormats = z
  .custom<string | string[]>(
    (v) =>
      typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((f) => typeof f === 'string')),
    { error: need('a date format such as "%Y-%m-%d %H:%M" or a list of them, tried in order') },
  )
  .transform((v, ctx) => {
    const list = typeof v === 'string' ? [v] : v;
    list.forEach((format, i) => {
      const problem = dateFormatProblem(format);
      if (problem)
        ctx.issues.push({
          code: 'custom',
          message: problem,
          input: format,
          path: Array.isArray(v) ? [i] : [],
        });
    });
    return list;
  });

const VARIANTS = ['column', 'expr', 'value', 'derive', 'when'] as const;
const VARIANT_LIST = '"column", "expr", "value", "derive" or "when"';
/** Every key a column entry may have, for suggestions when none of the variants is present. */
const ALL_KEYS = ['column', 'format', 'expr', 'value', 'derive', 'when', 'else'];

/** The variants' schemas for one canonical column (whose type decides what `format` and values may be). */
function variants(def: ColumnDef) {
  const isTemporal = def.type === 'timestamp' || def.type === 'date';
  const allowed = def.values;
  const enumText = (what: string) =>
    allowed
      ? z.string({ error: need(what, false) }).refine((v) => allowed.includes(v.trim().toLowerCase()), {
          error: (iss) => `must be one of ${allowed.join(', ')} (got ${got(iss.input)})`,
        })
      : z.string({ error: need(what, false) });
  const whenCase = strict(
    {
      column: text(),
      startsWith: z.string({ error: need('a string', false) }).optional(),
      equals: z.string({ error: need('a string', false) }).optional(),
      value: enumText('a string'),
    },
    'an object such as {"column": "InvoiceNo", "startsWith": "C", "value": "cancelled"}',
  ).superRefine((c, ctx) => {
    const both = c.startsWith !== undefined && c.equals !== undefined;
    if (both || (c.startsWith === undefined && c.equals === undefined)) {
      ctx.issues.push({
        code: 'custom',
        message: `needs exactly one of "startsWith" or "equals" (got ${both ? 'both' : 'neither'})`,
        input: c,
      });
    }
  });
  return {
    column: strict({ column: text(), format: dateFormats.optional() }, 'an object').transform(
      (o, ctx): ColumnSource => {
        if (o.format && !isTemporal) {
          ctx.issues.push({
            code: 'custom',
            message: `is only for date and time columns (${def.name} is ${def.type})`,
            input: o.format,
            path: ['format'],
          });
        }
        return o.format
          ? { kind: 'column', column: o.column, formats: o.format }
          : { kind: 'column', column: o.column };
      },
    ),
    expr: strict({ expr: z.string({ error: need('a string', false) }) }, 'an object').transform(
      (o, ctx): ColumnSource => {
        try {
          return { kind: 'expr', expr: parseExpr(o.expr), text: o.expr };
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          ctx.issues.push({ code: 'custom', message: e.message, input: o.expr, path: ['expr'] });
          return z.NEVER;
        }
      },
    ),
    value: strict(
      {
        value: z.custom<string | number | boolean>(
          (v) => ['string', 'number', 'boolean'].includes(typeof v),
          {
            error: need('text, a number or true/false'),
          },
        ),
      },
      'an object',
    )
      .superRefine((o, ctx) => {
        if (allowed && !allowed.includes(String(o.value).trim().toLowerCase())) {
          ctx.issues.push({
            code: 'custom',
            message: `must be one of ${allowed.join(', ')} (got ${got(o.value)})`,
            input: o.value,
            path: ['value'],
          });
        }
      })
      .transform((o): ColumnSource => ({ kind: 'value', value: o.value })),
    derive: strict(
      {
        derive: z.custom<'*' | string[]>(
          (v) =>
            v === '*' ||
            (Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === 'string' && c !== '')),
          { error: need('"*" (every source column) or a list of source column names') },
        ),
      },
      'an object',
    ).transform((o): ColumnSource => ({ kind: 'derive', columns: o.derive })),
    when: strict(
      {
        when: z
          .array(whenCase, {
            error: need(
              'a list of cases such as {"column": "InvoiceNo", "startsWith": "C", "value": "cancelled"}',
            ),
          })
          .min(1, { error: 'must not be empty' }),
        else: enumText('a string').optional(),
      },
      'an object',
    ).transform(
      (o): ColumnSource => ({
        kind: 'when',
        cases: o.when,
        ...(o.else !== undefined && { otherwise: o.else }),
      }),
    ),
  };
}

/**
 * The schema of the entry for canonical column `def`: picks the variant by the key present and
 * reports that variant's problems with their paths; a plain string is a source column name.
 */
export function columnSource(def: ColumnDef): z.ZodType<ColumnSource> {
  const schemas = variants(def);
  return z.unknown().transform((v, ctx): ColumnSource => {
    if (typeof v === 'string') {
      if (v === '')
        ctx.issues.push({
          code: 'custom',
          message: 'must not be empty (give a source column name)',
          input: v,
        });
      return { kind: 'column', column: v };
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      ctx.issues.push({
        code: 'custom',
        message: `must be a source column name or an object with ${VARIANT_LIST} (got ${got(v)})`,
        input: v,
      });
      return z.NEVER;
    }
    const present = VARIANTS.filter((k) => k in v);
    if (present.length !== 1) {
      const keys = Object.keys(v).filter((k) => !ALL_KEYS.includes(k));
      const message =
        present.length > 1
          ? `must have only one of ${VARIANT_LIST} (got ${present.map((k) => `"${k}"`).join(' and ')})`
          : keys.length > 0
            ? keys.map((k) => unknownKey(k, ALL_KEYS)).join('\n')
            : `needs one of ${VARIANT_LIST}`;
      ctx.issues.push({ code: 'custom', message, input: v });
      return z.NEVER;
    }
    const r = schemas[present[0]].safeParse(v);
    if (r.success) return r.data;
    for (const issue of r.error.issues) ctx.issues.push({ ...issue, input: undefined });
    return z.NEVER;
  });
}

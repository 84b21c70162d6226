/**
 * Identifiers are trimmed of `ID_BLANKS`; the import skips the trim when the text cannot start or
 * end with one. Checked against the engine's own `trim(v, ID_BLANKS)` (the second method) on
 * every pairing of starts and ends: each blank, visible ASCII at both edges of its range, DEL,
 * non-ASCII letters and an emoji, around an empty, an ASCII and a non-ASCII middle.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine.js';
import { openDuckDb } from '../engine.js';
import { ID_BLANKS, trimmed } from './identifiers.js';
import { bindUsed, Params } from './sql.js';

let db: Engine;
beforeAll(async () => {
  db = await openDuckDb(':memory:');
});
afterAll(() => db.close());

describe('trimming identifiers', () => {
  it('gives what trim(v, ID_BLANKS) gives, NULL for empty text', async () => {
    const edges = [
      ...ID_BLANKS,
      '',
      'a',
      'Z',
      '!',
      '~',
      '0',
      '\u007f',
      'é',
      '中',
      '\u{1F600}',
      '\u00a0\u00a0',
      ' \u200b',
    ];
    const middles = ['', 'x', 'T0001', 'mé lange', ' ', '\u00a0'];
    const values: string[] = [];
    for (const a of edges) for (const m of middles) for (const b of edges) values.push(a + m + b);
    const p = new Params();
    const ours = trimmed('v', p);
    const blanks = p.add(ID_BLANKS);
    await db.run('CREATE TEMP TABLE vs (v VARCHAR)');
    await db.append(
      'vs',
      ['v'],
      values.map((v) => [v]),
    );
    const [{ n, differ }] = await db.query<{ n: number; differ: number }>(
      ...bindUsed(
        `SELECT count(*)::BIGINT AS n, count(*) FILTER (WHERE (${ours}) IS DISTINCT FROM NULLIF(trim(v, ${blanks}), ''))::BIGINT AS differ FROM vs`,
        p.values,
      ),
    );
    expect(n).toBe(edges.length * middles.length * edges.length);
    expect(differ).toBe(0);
    const [{ empty }] = await db.query<{ empty: number }>(
      ...bindUsed(`SELECT count(*)::BIGINT AS empty FROM vs WHERE (${ours}) IS NULL`, p.values),
    );
    // Empty after trimming: only blanks around an empty or blank middle (counted by hand below).
    const blank = (s: string) => [...s].every((ch) => ID_BLANKS.includes(ch));
    expect(empty).toBe(values.filter(blank).length);
  });
});

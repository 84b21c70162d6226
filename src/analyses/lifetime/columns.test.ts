/** Typed columns from the engine (`Engine.columns`, `readColumns`) on a real DuckDB. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../store/duckdb/engine.js';
import type { Engine } from '../../store/engine.js';
import { readColumns } from './columns.js';

let db: Engine;
beforeAll(async () => {
  db = await openDuckDb(':memory:');
});
afterAll(() => db.close());

describe('Engine.columns', () => {
  it('reads every numeric type as doubles, NULL and text as NaN, booleans as 1/0', async () => {
    const c = await db.columns(
      `SELECT * FROM (VALUES
         (1.5::DOUBLE, 7::BIGINT, 12.34::DECIMAL(18, 2), 3::INTEGER, true, 'a', 9007199254740993::HUGEINT),
         (NULL, NULL, -0.01::DECIMAL(18, 2), -2::INTEGER, false, NULL, NULL)
       ) t(d, b, m, i, f, s, h)`,
    );
    expect(Object.keys(c)).toEqual(['d', 'b', 'm', 'i', 'f', 's', 'h']);
    expect([...c.d]).toEqual([1.5, Number.NaN]);
    expect([...c.b]).toEqual([7, Number.NaN]);
    expect([...c.m]).toEqual([12.34, -0.01]);
    expect([...c.i]).toEqual([3, -2]);
    expect([...c.f]).toEqual([1, 0]);
    expect([...c.s]).toEqual([Number.NaN, Number.NaN]);
    // 2^53 + 1 has no double: the nearest, 2^53.
    expect([...c.h]).toEqual([2 ** 53, Number.NaN]);
  });

  it('keeps the rows’ order across the engine’s chunks (2,048 rows each)', async () => {
    const c = await db.columns('SELECT range AS k, range * 0.5 AS half FROM range(10000) ORDER BY k DESC');
    expect(c.k).toHaveLength(10000);
    expect(c.k[0]).toBe(9999);
    expect(c.k[2048]).toBe(9999 - 2048);
    expect(c.half[9999]).toBe(0);
    expect(c.k.every((v, i) => v === 9999 - i)).toBe(true);
  });

  it('returns empty columns for no rows, and errors name the statement', async () => {
    expect(await db.columns('SELECT 1.0 AS x WHERE false')).toEqual({ x: new Float64Array(0) });
    await expect(db.columns('SELECT nope FROM range(1)')).rejects.toThrow(/nope/);
  });
});

describe('readColumns', () => {
  it('picks the named columns with their size, and refuses a name the query lacks', async () => {
    const r = await readColumns(db, 'SELECT $1 * range AS x, 2 AS w FROM range(3)', [1.5], ['x', 'w']);
    expect(r.size).toBe(3);
    expect([...r.columns.x]).toEqual([0, 1.5, 3]);
    await expect(readColumns(db, 'SELECT 1 AS x', [], ['x', 'y'] as const)).rejects.toThrow(/no column "y"/);
  });
});

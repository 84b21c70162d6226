/**
 * The import's memory bound holds for the import only: the engine's transaction puts the memory
 * limit (and the optimizer setting of the typed insert) back when it ends — committed, rolled
 * back, or aborted by an engine error, after which no setting can be changed inside it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../../../ingest/import.js';
import { fileWith, tempWorkspace } from '../../../ingest/test-support/workspace.js';
import type { Workspace } from '../../../workspace/index.js';
import { boundMemory, IMPORT_MEMORY_LIMIT, sizeBytes } from './settings.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await tempWorkspace();
  await ws.db.run(`SET memory_limit = '3GB'`);
});
afterAll(() => ws.close());

const setting = async (name: string) =>
  (await ws.db.query<{ v: string }>(`SELECT current_setting('${name}')::VARCHAR AS v`))[0].v;

describe('the memory bound of an import', () => {
  it('reads sizes as DuckDB writes them', () => {
    expect(sizeBytes('953.6 MiB')).toBeCloseTo(953.6 * 2 ** 20);
    expect(sizeBytes('18.8 GiB')).toBeCloseTo(18.8 * 2 ** 30);
    expect(sizeBytes('512MB')).toBe(512e6);
    expect(sizeBytes('lots')).toBeNaN();
  });

  it('is gone after an import, whether it stored rows or rejected too many, and does not drift', async () => {
    // DuckDB shows 3 GB, set before all tests, as 2.7 GiB (cut short, in GiB).
    const before = await setting('memory_limit');
    expect(before).toBe('2.7 GiB');
    const csv = fileWith(
      't.csv',
      'txn_id,customer_id,occurred_at,amount\nt1,c1,2024-01-01,1\nt2,c1,2024-01-02,x\n',
    );
    const s = await importFiles(ws, 'transactions', [csv]);
    expect(s).toMatchObject({ read: 2, accepted: 1, rejected: 1 });
    expect(await setting('memory_limit')).toBe(before);
    await expect(importFiles(ws, 'transactions', [csv], { maxRejects: 0 })).rejects.toThrow(/rejected/);
    expect(await setting('memory_limit')).toBe(before);
    expect(await setting('disabled_optimizers')).toBe('');
    for (let i = 0; i < 3; i++) await importFiles(ws, 'transactions', [csv]);
    expect(await setting('memory_limit')).toBe(before);
  });

  it('is in force inside the transaction and lifted even when an engine error aborted it', async () => {
    const before = await setting('memory_limit');
    await expect(
      ws.db.transaction(async (tx) => {
        await boundMemory(tx);
        const [{ v }] = await tx.query<{ v: string }>(`SELECT current_setting('memory_limit')::VARCHAR AS v`);
        expect(sizeBytes(v)).toBeLessThanOrEqual(sizeBytes(IMPORT_MEMORY_LIMIT));
        await tx.run(`SELECT CAST('x' AS INTEGER)`);
      }),
    ).rejects.toThrow(/Could not convert/);
    expect(await setting('memory_limit')).toBe(before);
    expect(before).toBe('2.7 GiB');
  });
});

/** The test helper's temporary folders are removed (after each test file, by its afterAll hook). */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir, tempWorkspace } from '../ingest/test-support/workspace.js';

describe('tempDir', () => {
  it('makes fresh folders that removeTempDirs deletes with their contents, open workspaces included', async () => {
    const a = tempDir();
    const b = tempDir();
    expect(a).not.toBe(b);
    mkdirSync(join(a, 'deep', 'er'), { recursive: true });
    writeFileSync(join(a, 'deep', 'er', 'f.txt'), 'x');
    const ws = await tempWorkspace();
    await ws.close();
    expect([a, b, ws.dir].map(existsSync)).toEqual([true, true, true]);
    removeTempDirs();
    expect([a, b, ws.dir].map(existsSync)).toEqual([false, false, false]);
  });
});

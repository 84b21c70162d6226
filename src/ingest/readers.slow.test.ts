/**
 * Slow (minutes, ~1.2 GB of disk): a ~600 MB Latin-1 file — larger than the longest string V8
 * can hold — is re-encoded to UTF-8 by streaming, in a child process whose peak memory must stay
 * far below the file's size. Run on its own: `npx vitest run src/ingest/readers.slow.test.ts`.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { REPO, tempDir } from './test-support/workspace.js';

const MB = 1024 * 1024;

/** Writes `lines` numbered Latin-1 lines; returns the UTF-8 size they must have once re-encoded. */
function writeLatin1(path: string, lines: number): { utf8Bytes: number; last: string } {
  const fd = openSync(path, 'w');
  let utf8Bytes = 0;
  let last = '';
  try {
    const header = 'customer_id,name,city,note\n';
    writeSync(fd, header);
    utf8Bytes += Buffer.byteLength(header);
    const batch = 50_000;
    for (let from = 1; from <= lines; from += batch) {
      const text: string[] = [];
      for (let i = from; i < Math.min(from + batch, lines + 1); i++) {
        last = `c${i},Müller ${i},Zürich,café crème brûlée for customer number ${i} of many`;
        text.push(last);
      }
      const chunk = `${text.join('\n')}\n`;
      writeSync(fd, iconv.encode(chunk, 'latin1'));
      utf8Bytes += Buffer.byteLength(chunk);
    }
  } finally {
    closeSync(fd);
  }
  return { utf8Bytes, last };
}

describe('re-encoding a file over 512 MB', () => {
  it('streams: the UTF-8 copy is exact and peak memory stays under 1 GB', { timeout: 900_000 }, () => {
    const dir = tempDir();
    const file = join(dir, 'big-latin1.csv');
    const lines = 8_000_000;
    const { utf8Bytes, last } = writeLatin1(file, lines);
    expect(statSync(file).size).toBeGreaterThan(512 * MB);

    const script = join(dir, 'open.mts');
    writeFileSync(
      script,
      `import { openSource } from ${JSON.stringify(join(REPO, 'src/ingest/sources.ts'))};
       const started = Date.now();
       const src = await openSource(process.argv[2], { columns: {}, rejectIf: [] }, process.argv[3]);
       process.stdout.write(JSON.stringify({ src, seconds: (Date.now() - started) / 1000,
         maxRssMB: process.resourceUsage().maxRSS / 1024 }));`,
    );
    const run = spawnSync(process.execPath, ['--import', 'tsx', script, file, dir], {
      cwd: REPO,
      encoding: 'utf8',
      maxBuffer: 16 * MB,
    });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout);
    console.log(
      `re-encoded ${Math.round(statSync(file).size / MB)} MB in ${out.seconds} s, peak RSS ${Math.round(out.maxRssMB)} MB`,
    );
    expect(out.src).toMatchObject({ format: 'csv', encoding: 'windows-1252', header: true });
    expect(out.src.columns).toEqual(['customer_id', 'name', 'city', 'note']);
    expect(out.src.temp).toEqual([out.src.path]);
    expect(out.maxRssMB).toBeLessThan(1024);

    // The copy is exactly the UTF-8 text: its size, and its last line.
    expect(statSync(out.src.path).size).toBe(utf8Bytes);
    const tail = Buffer.alloc(Buffer.byteLength(`${last}\n`));
    const fd = openSync(out.src.path, 'r');
    readSync(fd, tail, 0, tail.length, utf8Bytes - tail.length);
    closeSync(fd);
    expect(tail.toString('utf8')).toBe(`${last}\n`);
  });
});

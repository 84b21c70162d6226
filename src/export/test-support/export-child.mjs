// Runs one export in its own process from the built code (dist/, as the CLI runs it) and prints
// {"rows","peakRssBytes"}, so that a test measures the export's memory alone.
// Usage: node export-child.mjs WORKSPACE TABLE RUN FORMAT OUT
import { exportTable } from '../../../dist/export/index.js';
import { openWorkspace } from '../../../dist/workspace/index.js';

const [dir, table, run, format, out] = process.argv.slice(2);
const ws = await openWorkspace(dir);
try {
  const r = await exportTable(ws.db, { table, runId: Number(run), format, out });
  process.stdout.write(
    `${JSON.stringify({ rows: r.rows, peakRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`,
  );
} finally {
  await ws.close();
}

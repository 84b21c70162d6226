/**
 * `clientele report`: a self-contained HTML report of one analysis run (charts as inline SVG,
 * rendered on the server; English or Chinese) and an Excel workbook with a sheet per result table.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunRow } from '../analyses/run.js';
import { checkOutDir } from '../export/out-path.js';
import { openSink } from '../export/sink.js';
import type { Engine } from '../store/engine.js';
import { reportContext } from './context.js';
import type { Language, Translator } from './i18n/index.js';
import { page } from './page.js';
import { chooseRun } from './runs.js';
import { renderSection } from './section.js';
import { SECTIONS } from './sections/index.js';
import { writeWorkbook } from './workbook.js';

export { reportContext } from './context.js';
export { LANGUAGES, type Language, languageFromEnvironment } from './i18n/index.js';

/**
 * The report of `run` as one HTML page, and the translator used (its `missing` keys should be none).
 *
 * @example const { html } = await renderReport(db, await chooseRun(db, undefined), 'zh');
 */
export async function renderReport(
  db: Engine,
  run: RunRow,
  language: Language,
): Promise<{ html: string; t: Translator }> {
  const ctx = await reportContext(db, run, language);
  const sections = [];
  for (const section of SECTIONS) sections.push({ section, html: await renderSection(ctx, section) });
  return { html: await page(ctx, sections), t: ctx.t };
}

export interface ReportOptions {
  /** The run to report (`--run`); the latest finished run when absent. */
  run?: string | number;
  /** The folder to write into (created if needed). */
  outDir: string;
  language: Language;
}

export interface ReportFiles {
  runId: number;
  html: string;
  workbook: string;
  /** Tables cut at Excel's row limit in the workbook (each says so in its last row). */
  cutTables: string[];
}

/**
 * Writes `clientele-run-N.LANG.html` and `clientele-run-N.xlsx` into `outDir`.
 *
 * @example const files = await writeReport(ws.db, { outDir: 'reports', language: 'en' });
 */
export async function writeReport(db: Engine, options: ReportOptions): Promise<ReportFiles> {
  const run = await chooseRun(db, options.run);
  checkOutDir(options.outDir);
  const dir = resolve(options.outDir);
  mkdirSync(dir, { recursive: true });
  const { html } = await renderReport(db, run, options.language);
  const htmlPath = join(dir, `clientele-run-${run.runId}.${options.language}.html`);
  const sink = openSink(htmlPath);
  try {
    await sink.write(html);
    await sink.done();
  } catch (e) {
    sink.abandon();
    throw e;
  }
  const workbookPath = join(dir, `clientele-run-${run.runId}.${options.language}.xlsx`);
  const { cutTables } = await writeWorkbook(db, run, options.language, workbookPath);
  return { runId: run.runId, html: htmlPath, workbook: workbookPath, cutTables };
}

/**
 * The report as a reader sees it: opened from disk in headless Chromium (Debian's `chromium`,
 * driven by playwright-core), in both languages, with no console error, every section heading
 * present, and screenshots in bench/out/ to look at (charts drawn, Chinese glyphs, no boxes).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, tempDir } from '../ingest/test-support/workspace.js';
import type { Workspace } from '../workspace/index.js';
import { LANGUAGES, translator } from './i18n/index.js';
import { writeReport } from './index.js';
import { SECTIONS } from './sections/index.js';
import { demoRun } from './test-support/demo.js';

const CHROMIUM = '/usr/bin/chromium';
const missing = !existsSync(CHROMIUM);
const title = missing
  ? `report in Chromium — SKIPPED: ${CHROMIUM} not found (apt-get install chromium fonts-wqy-microhei; .ci/run installs it)`
  : 'report in Chromium';

describe.skipIf(missing)(title, () => {
  let ws: Workspace;
  let browser: Browser;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    const demo = await demoRun(1000);
    ws = demo.ws;
    const dir = tempDir();
    for (const language of LANGUAGES) {
      files[language] = (await writeReport(ws.db, { run: demo.runId, outDir: dir, language })).html;
    }
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });
  afterAll(async () => {
    await browser?.close();
    await ws?.close();
  });

  it.each(LANGUAGES)(
    'opens offline in %s without errors, with every section and its charts',
    async (language) => {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(String(e)));
      const requests: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      await page.goto(pathToFileURL(files[language]).href);
      const t = translator(language);
      const headings = await page.locator('h2').allTextContents();
      for (const s of SECTIONS) expect(headings).toContain(t(s.title));
      expect(headings).toContain(t('section.kpis'));
      // Every section has at least one chart or table; charts are inline SVG with text drawn.
      for (const s of SECTIONS) {
        const parts = await page.locator(`section#${s.id} svg, section#${s.id} table`).count();
        expect(parts, s.id).toBeGreaterThan(0);
      }
      expect(await page.locator('svg text').count()).toBeGreaterThan(100);
      // The page asks first for a font with Chinese glyphs, and the system has it.
      const font = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
      expect(font.startsWith('"WenQuanYi Micro Hei"')).toBe(true);
      expect(spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' }).stdout).toContain(
        'WenQuanYi Micro Hei',
      );
      expect(errors).toEqual([]);
      expect(requests).toEqual([pathToFileURL(files[language]).href]); // nothing fetched besides the file
      const out = join(REPO, 'bench', 'out');
      mkdirSync(out, { recursive: true });
      await page.screenshot({ path: join(out, `report-${language}.png`), fullPage: true });
      await page.close();
    },
  );
});

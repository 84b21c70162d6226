import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tempWorkspace } from '../ingest/test-support/workspace.js';
import type { Workspace } from '../workspace/index.js';
import { CATALOGUES, LANGUAGES } from './i18n/index.js';
import { renderReport, reportContext, writeReport } from './index.js';
import { chooseRun } from './runs.js';
import { clvHistogram } from './sections/clv.js';
import { SECTIONS } from './sections/index.js';
import { retentionCurve } from './sections/retention.js';
import { rfmGridCells, segmentSizes } from './sections/rfm.js';
import { addRows, addRun } from './test-support/runs.js';
import { writeWorkbook } from './workbook.js';

let ws: Workspace;

// Run 1: hand-made results in most tables; run 2: RFM and KPIs only, so every other section is empty.
beforeAll(async () => {
  ws = await tempWorkspace(); // Asia/Shanghai, CNY
  await addRun(ws, 1);
  await addRun(ws, 2);
  const rfm = (id: string, r: number, f: number, monetary: number, segment: string) => ({
    customer_id: id,
    recency_days: 1,
    frequency: f,
    monetary: String(monetary),
    r_score: r,
    f_score: f,
    m_score: 3,
    segment,
  });
  await addRows(ws, 'rfm', 1, [
    rfm('a', 5, 5, 100, 'Champions'),
    rfm('b', 5, 5, 200, 'Champions'),
    rfm('c', 5, 4, 300, 'Champions'),
    rfm('d', 1, 1, 10, 'Lost'),
    rfm('e', 3, 2, 50, 'At risk'),
  ]);
  await addRows(ws, 'rfm', 2, [rfm('z', 2, 2, 20, 'Hibernating')]);
  // CLV 0, 1, …, 100 for customers v0 … v100.
  await addRows(
    ws,
    'customer_value',
    1,
    Array.from({ length: 101 }, (_, i) => ({ customer_id: `v${i}`, clv_12m: i })),
  );
  await addRows(ws, 'customer_equity', 1, [
    { dimension: 'total', value: 'all', customers: 101, equity: 12345.6, mean_clv: 122.2, share: 1 },
    { dimension: 'rfm_segment', value: 'Champions', customers: 3, equity: 9000, share: 0.729 },
    { dimension: 'acquisition_channel', value: 'referral', customers: 50, equity: 6000, share: 0.486 },
  ]);
  const cohort = (c: string, period: number, size: number, active: number, revenue: number) => ({
    cohort: c,
    period,
    cohort_size: size,
    active,
    retention: active / size,
    revenue: String(revenue),
  });
  await addRows(ws, 'cohort_retention', 1, [
    cohort('2024-01-01', 0, 10, 10, 1000),
    cohort('2024-01-01', 1, 10, 4, 300),
    cohort('2024-01-01', 2, 10, 2, 150),
    cohort('2024-02-01', 0, 20, 20, 1500),
    cohort('2024-02-01', 1, 20, 6, 600),
  ]);
  await addRows(ws, 'model_fits', 1, [
    { model: 'pnbd', stage: 'final', params: '{}', converged: true, chosen: true, log_likelihood: -100.25 },
  ]);
  await addRows(ws, 'kpis', 1, [
    { kpi: 'customer_equity', value: 12345.6, unit: 'CNY' },
    { kpi: 'repeat_purchase_rate', value: 0.25, unit: 'share' },
  ]);
  await addRows(ws, 'kpis', 2, [{ kpi: 'customers_with_purchases', value: 1, unit: 'customers' }]);
});
afterAll(async () => {
  await ws.close();
});

const context = async (run: number, language: 'en' | 'zh' = 'en') =>
  reportContext(ws.db, await chooseRun(ws.db, run), language);

describe('report parts, from SQL to chart data', () => {
  it('RFM grid: customers per recency and frequency score', async () => {
    // (5,5) twice, (5,4), (1,1), (3,2): cells are [R − 1, F − 1, customers].
    const cells = await rfmGridCells(await context(1));
    expect(cells.sort()).toEqual([
      [0, 0, 1],
      [2, 1, 1],
      [4, 3, 1],
      [4, 4, 2],
    ]);
  });

  it('segments: customers and mean spend, best segment first', async () => {
    // Champions 100, 200, 300 → mean 200; At risk before Lost in the segment order.
    expect(await segmentSizes(await context(1))).toEqual([
      { segment: 'Champions', customers: 3, meanMonetary: 200 },
      { segment: 'At risk', customers: 1, meanMonetary: 50 },
      { segment: 'Lost', customers: 1, meanMonetary: 10 },
    ]);
  });

  it('CLV histogram: round bins up to the 99th percentile, the tail in the last bar', async () => {
    // CLV 0…100: p99 = 99 (0.99 × 100), median 50, mean 50. 99 / 30 = 3.3 → round width 4,
    // ceil(99 / 4) = 25 bins: 24 bins of four values (0–3 … 92–95), then 96–98, then 99 and 100 in the tail.
    const h = await clvHistogram(await context(1));
    expect(h).toEqual({
      customers: 101,
      mean: 50,
      median: 50,
      p99: 99,
      edges: [...Array.from({ length: 25 }, (_, i) => 4 * i), 99],
      counts: [...new Array(24).fill(4), 3, 2],
      tail: true,
    });
    expect(await clvHistogram(await context(2))).toBeNull();
  });

  it('retention curves: cohorts pooled over those that reached each month', async () => {
    // Month 1: (4 + 6) / (10 + 20) customers, (300 + 600) / (1000 + 1500) revenue;
    // month 2: only January reached it: 2 / 10 and 150 / 1000.
    const points = await retentionCurve(await context(1));
    expect(points.map((p) => p.period)).toEqual([0, 1, 2]);
    expect(points[0]).toEqual({ period: 0, customers: 1, revenue: 1 });
    expect(points[1].customers).toBeCloseTo(1 / 3, 12);
    expect(points[1].revenue).toBeCloseTo(0.36, 12);
    expect(points[2].customers).toBeCloseTo(0.2, 12);
    expect(points[2].revenue).toBeCloseTo(0.15, 12);
  });
});

describe('report page', () => {
  it.each(LANGUAGES)('in %s: every section, no raw key, no NaN, no script', async (language) => {
    for (const run of [1, 2]) {
      const { html, t } = await renderReport(ws.db, await chooseRun(ws.db, run), language);
      expect([...t.missing]).toEqual([]);
      for (const key of Object.keys(CATALOGUES[language])) expect(html).not.toContain(key);
      expect(html).not.toMatch(/undefined|NaN|\[object Object\]/);
      expect(html).not.toMatch(/<script/i);
      expect(html).toContain(`<html lang="${language === 'zh' ? 'zh-CN' : 'en-US'}">`);
      expect(html).toContain("default-src 'none'");
      for (const s of SECTIONS) expect(html).toContain(`<section id="${s.id}"><h2>${t(s.title)}</h2>`);
      expect(html).toContain('WenQuanYi Micro Hei');
    }
  });

  it('shows the figures of the run and says which sections have no data', async () => {
    const one = (await renderReport(ws.db, await chooseRun(ws.db, 1), 'en')).html;
    expect(one).toContain('CN¥12,346'); // customer equity 12,345.6
    expect(one).toContain('Repeat-purchase rate: 25.0%.');
    expect(one).toContain('Pareto/NBD (chosen by holdout error)');
    expect(one).toContain('<dt>Data as of</dt><dd>2024-06-30</dd>');
    expect(one).toContain('No data for this section in run 1: <code>acquisition</code> has no rows for it.');
    expect(one).not.toContain('<code>rfm</code>');

    const two = (await renderReport(ws.db, await chooseRun(ws.db, 2), 'zh')).html;
    for (const table of [
      'customer_value',
      'customer_equity',
      'model_fits',
      'cohort_retention',
      'data_quality',
    ]) {
      expect(two).toContain(`第 2 次分析中本节没有数据：<code>${table}</code> 中没有相应的行。`);
    }
    expect(two).toContain('休眠客户'); // run 2's only segment, in Chinese
    expect(two.match(/<svg/g)).toHaveLength(2); // the RFM grid and the segment chart
  });
});

describe('report files', () => {
  it('writes the HTML and the workbook into the folder', async () => {
    const dir = join(tempDir(), 'reports');
    const files = await writeReport(ws.db, { run: 1, outDir: dir, language: 'zh' });
    expect(files).toEqual({
      runId: 1,
      html: join(dir, 'clientele-run-1.zh.html'),
      workbook: join(dir, 'clientele-run-1.zh.xlsx'),
      cutTables: [],
    });
    expect(readdirSync(dir).sort()).toEqual(['clientele-run-1.zh.html', 'clientele-run-1.zh.xlsx']);
    expect(readFileSync(files.html, 'utf8')).toContain('<title>客户价值报告 · 1</title>');
  });

  it('workbook: parameters, KPIs first, a sheet per result table, a note where a table is cut', async () => {
    const path = join(tempDir(), 'w.xlsx');
    // Three data rows per sheet: customer_value (101 rows) and rfm (5) are cut after two rows and a note.
    const { sheets, cutTables } = await writeWorkbook(ws.db, await chooseRun(ws.db, 1), 'en', path, {
      maxDataRows: 3,
    });
    expect(sheets.slice(0, 3)).toEqual(['run', 'kpis', 'rfm']);
    expect(sheets).toContain('data_quality');
    expect(cutTables).toEqual(['rfm', 'customer_value', 'cohort_retention']);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(path);
    const values = (name: string) =>
      book
        .getWorksheet(name)!
        .getSheetValues()
        .slice(1)
        .map((r) => (r as unknown[]).slice(1));
    expect(values('run')[0]).toEqual(['Parameter', 'Value']);
    expect(values('run')).toContainEqual(['Data as of', '2024-06-30']);
    expect(values('kpis')).toEqual([
      ['run_id', 'kpi', 'value', 'unit'],
      [1, 'customer_equity', 12345.6, 'CNY'],
      [1, 'repeat_purchase_rate', 0.25, 'share'],
    ]);
    const cv = values('customer_value');
    expect(cv).toHaveLength(4);
    expect(cv[3]).toEqual([
      'The table customer_value has 101 rows; this sheet shows the first 2 (Excel’s row limit). Get every row with: clientele export customer_value --run 1 --format csv',
    ]);
  });
});

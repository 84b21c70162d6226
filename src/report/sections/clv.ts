/** Lifetime value: the distribution of the predictive 12-month CLV, binned in SQL. */
import { svgChart } from '../chart.js';
import { emptyChart, figure, type Part, paragraph, type ReportContext, type Section } from '../section.js';

/** About this many bars (of a round width) up to the 99th percentile, then one for the tail above it. */
export const CLV_BINS = 30;

export interface ClvHistogram {
  customers: number;
  mean: number;
  median: number;
  p99: number;
  /** Lower edge of each bin; the last bin is `[p99, max]`. */
  edges: number[];
  counts: number[];
  /** True when the last bar is the open tail at or above the 99th percentile. */
  tail: boolean;
}

/**
 * The CLV histogram of the run: bins of a round width (about `CLV_BINS` of them) from the minimum
 * to the 99th percentile, and one bar for the tail at or above it (one bar when every customer
 * has the same CLV).
 */
export async function clvHistogram(ctx: ReportContext): Promise<ClvHistogram | null> {
  const d = ctx.db.dialect;
  const [s] = await ctx.query<{
    n: number;
    lo: number | null;
    hi: number | null;
    mean: number | null;
    q: number[] | null;
  }>(
    `SELECT count(*) AS n, min(clv_12m) AS lo, max(clv_12m) AS hi, avg(clv_12m) AS mean, ${d.quantiles('clv_12m', [0.5, 0.99])} AS q
     FROM customer_value WHERE run_id = $1 AND clv_12m IS NOT NULL`,
  );
  if (!s || Number(s.n) === 0 || s.lo === null || s.hi === null || !s.q) return null;
  const [median, p99] = s.q;
  const tail = p99 > s.lo && p99 < s.hi;
  const top = tail ? p99 : s.hi;
  const width = top > s.lo ? niceStep((top - s.lo) / CLV_BINS) : 1;
  const lo = Math.floor(s.lo / width) * width;
  const bins = Math.max(1, Math.ceil((top - lo) / width));
  const rows = await ctx.query<{ bin: number; n: number }>(
    `SELECT bin, count(*) AS n FROM (
       SELECT CASE WHEN clv_12m >= $2 THEN $3 ELSE CAST(floor((clv_12m - $4) / $5) AS INTEGER) END AS bin
       FROM customer_value WHERE run_id = $1 AND clv_12m IS NOT NULL) b
     GROUP BY bin`,
    [tail ? p99 : Number.MAX_VALUE, bins, lo, width],
  );
  const counts = new Array(bins + (tail ? 1 : 0)).fill(0);
  // Values exactly at the top edge (no tail) fall into the last bin.
  for (const r of rows) counts[Math.min(Number(r.bin), counts.length - 1)] += Number(r.n);
  const edges = counts.map((_, i) => (i < bins ? lo + i * width : p99));
  return { customers: Number(s.n), mean: s.mean ?? 0, median, p99, edges, counts, tail };
}

/** The smallest round step (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^k) at least `raw`, so that bin edges read well. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  return ([1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= raw * (1 - 1e-12)) as number) * power;
}

const clvChart: Part = async (ctx) => {
  const h = await clvHistogram(ctx);
  if (!h) return emptyChart(ctx);
  const labels = h.edges.map((e, i) =>
    h.tail && i === h.edges.length - 1 ? `≥ ${ctx.f.compact(e)}` : ctx.f.compact(e),
  );
  const svg = svgChart({
    grid: { left: 70, right: 30, top: 30, bottom: 60 },
    xAxis: {
      type: 'category',
      data: labels,
      name: ctx.t('clv.axis', { currency: ctx.currency }),
      nameLocation: 'middle',
      nameGap: 35,
    },
    yAxis: { type: 'value', name: ctx.t('clv.customers'), axisLabel: { formatter: ctx.f.compact } },
    series: [{ type: 'bar', data: h.counts, barCategoryGap: '8%' }],
  });
  const notes = [
    ctx.t('clv.summary', {
      n: ctx.f.integer(h.customers),
      mean: ctx.f.money(h.mean),
      median: ctx.f.money(h.median),
    }),
  ];
  if (h.tail) notes.push(ctx.t('clv.tail', { p99: ctx.f.money(h.p99) }));
  return figure(ctx.t('clv.title'), svg) + paragraph(notes.join(ctx.t.language === 'zh' ? '' : ' '));
};

export const clvSection: Section = {
  id: 'clv',
  title: 'section.clv',
  tables: ['customer_value'],
  parts: [clvChart],
};

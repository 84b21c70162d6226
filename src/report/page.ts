/**
 * The report page: one self-contained HTML file — inline CSS and SVG, no script (a Content
 * Security Policy forbids any), no external resource — with the headline KPIs, the run's
 * parameters and a table of contents first. Printable: sections avoid page breaks inside charts.
 */
import { HEADLINE } from '../analyses/headline.js';
import { FONT_FAMILY } from './chart.js';
import { LOCALES } from './i18n/index.js';
import { escapeHtml, type ReportContext, type Section } from './section.js';

const CSS = `
*{box-sizing:border-box}
body{font-family:${FONT_FAMILY};color:#222;margin:0;background:#f4f6f8;line-height:1.5}
main{max-width:980px;margin:0 auto;padding:24px 28px 48px;background:#fff}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:36px 0 12px;padding-bottom:4px;border-bottom:2px solid #2f6f9f}
h3{font-size:16px;margin:20px 0 8px}
.sub{color:#555;margin:0 0 20px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:10px}
.card{border:1px solid #d9e2ea;border-radius:6px;padding:10px 12px;background:#f9fbfd}
.card .label{font-size:13px;color:#555}.card .value{font-size:22px;font-weight:bold;color:#1d4f75}
dl.params{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:0}
dl.params dt{color:#555}dl.params dd{margin:0}
nav ol{columns:2;margin:0;padding-left:22px}nav a{color:#1d4f75;text-decoration:none}
figure{margin:16px 0;break-inside:avoid;page-break-inside:avoid}
figcaption{font-weight:bold;margin-bottom:6px}
figure svg{max-width:100%;height:auto;display:block}
table{border-collapse:collapse;width:100%;font-size:13px;margin:10px 0;break-inside:auto}
th,td{border-bottom:1px solid #e3e8ee;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f0f4f8}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.note{color:#555;font-size:13px}.empty{color:#8a5a00;background:#fff8e6;border-left:3px solid #e0a300;padding:6px 10px}
footer{margin-top:40px;color:#777;font-size:12px}
@page{size:A4;margin:14mm}
@media print{body{background:#fff}main{max-width:none;padding:0}h2{break-after:avoid}nav{break-after:page}}
`;

/** The headline KPI cards, in the order `clientele runs` shows them. */
export function kpiCards(ctx: ReportContext): string {
  const cards = HEADLINE.filter((h) => ctx.kpis[h.kpi] !== undefined).map((h) => {
    const k = ctx.kpis[h.kpi];
    const value = ctx.f.kpi(k.value, h.percent ? 'share' : k.unit);
    return `<div class="card"><div class="label">${escapeHtml(ctx.t.name('kpi', h.kpi))}</div><div class="value">${escapeHtml(value)}</div></div>`;
  });
  return cards.length
    ? `<div class="cards">${cards.join('')}</div>`
    : `<p class="empty">${escapeHtml(ctx.t('report.emptyChart', { run: ctx.run.runId }))}</p>`;
}

/** The run's parameters: as-of date, calibration, model, time unit, currency, discounting. */
export async function parameterList(ctx: ReportContext): Promise<[string, string][]> {
  const { t, f, run } = ctx;
  const p = run.parameters;
  const [chosen] = await ctx.query<{ model: string }>(
    `SELECT model FROM model_fits WHERE run_id = $1 AND chosen AND stage = 'final'`,
  );
  const model = chosen?.model ?? (p.model !== 'auto' ? p.model : null);
  const modelText = model
    ? `${t.name('model', model)}${p.model === 'auto' && chosen && p.calibrationEnd ? ` (${t('model.auto')})` : ''}`
    : t('model.auto');
  return [
    [t('param.run'), String(run.runId)],
    [t('param.asOf'), f.date(p.asOf)],
    [t('param.calibrationEnd'), p.calibrationEnd ? f.date(p.calibrationEnd) : t('param.noCalibration')],
    [t('param.model'), modelText],
    [t('param.timeUnit'), t.name('timeUnit', p.timeUnit)],
    [t('param.currency'), p.currency],
    [t('param.discountRate'), f.percent(p.discountRate)],
    [t('param.horizon'), t('param.horizonMonths', { months: p.horizonMonths })],
    [t('param.timeZone'), p.timeZone],
    [t('param.started'), f.dateTime(run.startedAt)],
    [t('param.finished'), f.dateTime(run.finishedAt)],
  ];
}

/** The whole page from its rendered sections. */
export async function page(
  ctx: ReportContext,
  sections: readonly { section: Section; html: string }[],
): Promise<string> {
  const { t, run } = ctx;
  const title = t('report.title');
  const params = await parameterList(ctx);
  const toc = [
    ['kpis', t('section.kpis')],
    ['parameters', t('section.parameters')],
    ...sections.map((s) => [s.section.id, t(s.section.title)]),
  ]
    .map(([id, text]) => `<li><a href="#${id}">${escapeHtml(text)}</a></li>`)
    .join('');
  const dl = params.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  return `<!DOCTYPE html>
<html lang="${LOCALES[t.language]}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${title} · ${run.runId}`)}</title>
<style>${CSS}</style>
</head>
<body><main>
<header><h1>${escapeHtml(title)}</h1>
<p class="sub">${escapeHtml(t('report.subtitle', { run: run.runId, asOf: ctx.f.date(run.parameters.asOf), currency: ctx.currency }))}</p></header>
<section id="kpis"><h2>${escapeHtml(t('section.kpis'))}</h2>${kpiCards(ctx)}</section>
<section id="parameters"><h2>${escapeHtml(t('section.parameters'))}</h2><dl class="params">${dl}</dl></section>
<nav><h2>${escapeHtml(t('report.toc'))}</h2><ol>${toc}</ol></nav>
${sections.map((s) => s.html).join('\n')}
<footer>${escapeHtml(t('report.footer', { run: run.runId, finished: ctx.f.dateTime(run.finishedAt) }))}</footer>
</main></body></html>
`;
}

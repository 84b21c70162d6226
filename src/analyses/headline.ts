/** The headline KPIs of a run, as the CLI and the report show them first. */

/** KPI names in display order, with their labels. */
export const HEADLINE: readonly { kpi: string; label: string; percent?: boolean }[] = [
  { kpi: 'customers_with_purchases', label: 'customers with purchases' },
  { kpi: 'revenue', label: 'revenue' },
  { kpi: 'customer_equity', label: 'customer equity (Σ 12-month CLV)' },
  { kpi: 'mean_clv', label: 'mean 12-month CLV' },
  { kpi: 'at_risk_customers', label: 'customers at risk' },
  { kpi: 'churn_cost', label: 'churn cost (CLV at risk)' },
  { kpi: 'repeat_purchase_rate', label: 'repeat-purchase rate', percent: true },
  { kpi: 'top20_profit_share', label: 'profit share of the top 20 %', percent: true },
  { kpi: 'referral_rate', label: 'referral rate', percent: true },
  { kpi: 'data_quality_score', label: 'data-quality score (0–100)' },
];

export const HEADLINE_KPIS = HEADLINE.map((h) => h.kpi);

const format = (v: number, percent?: boolean) =>
  percent
    ? `${(v * 100).toFixed(1)} %`
    : Math.abs(v) >= 1000
      ? Math.round(v).toLocaleString('en-US')
      : String(Number(v.toFixed(2)));

/**
 * Lines `label: value` for the headline KPIs present, with the change since `previous` when given.
 * @example headline({ revenue: 1200 }) // ['revenue: 1,200']
 */
export function headline(
  kpis: Record<string, number | null | { value: number | null }>,
  previous?: Record<string, number | null>,
): string[] {
  const value = (v: number | null | { value: number | null } | undefined) =>
    v !== null && typeof v === 'object' ? v.value : (v ?? null);
  const lines: string[] = [];
  for (const h of HEADLINE) {
    const v = value(kpis[h.kpi]);
    if (v === null) continue;
    const before = previous ? value(previous[h.kpi]) : null;
    const change =
      before === null
        ? ''
        : ` (${v - before >= 0 ? '+' : '−'}${format(Math.abs(v - before), h.percent)} since the previous run)`;
    lines.push(`${h.label}: ${format(v, h.percent)}${change}`);
  }
  return lines;
}

/**
 * The migration matrix and its rates, from the moves counted in SQL: every customer known in a
 * period is in exactly one row of it (`new` for those first known in it).
 */
import type { PeriodCalendar } from './periods.js';

/** Moves counted in SQL: customers going from `from_class` in period idx − 1 to `to_class` in idx. */
export type Move = {
  idx: number;
  from_class: string;
  to_class: string;
  customers: number;
};

export interface MigrationRow {
  [column: string]: string | number;
  from_period: string;
  to_period: string;
  from_class: string;
  to_class: string;
  customers: number;
}

/** The rows of `banking_migration` from period 2 on (from period 1: the first listed one). */
export function migrationRows(calendar: PeriodCalendar, moves: readonly Move[]): MigrationRow[] {
  return moves
    .filter((m) => Number(m.idx) >= 2 && Number(m.customers) > 0)
    .sort((a, b) => Number(a.idx) - Number(b.idx))
    .map((m) => ({
      from_period: calendar.start(Number(m.idx) - 1),
      to_period: calendar.start(Number(m.idx)),
      from_class: m.from_class,
      to_class: m.to_class,
      customers: Number(m.customers),
    }));
}

export interface RateRow {
  [column: string]: string | number | null;
  period: string;
  flow_before: number;
  flow_to_incremental: number;
  flow_conversion: number | null;
  stock_before: number;
  stock_lost: number;
  stock_attrition: number | null;
}

/**
 * Per period: the flow customers of the period before and how many became incremental; the stock
 * customers of the period before and how many no longer hold (flow or dormant). The pooled rates
 * (Σ converted ÷ Σ flow before, Σ lost ÷ Σ stock before) are the KPIs: the mean rate per period.
 */
export function rateRows(
  calendar: PeriodCalendar,
  migration: readonly MigrationRow[],
): { rows: RateRow[]; conversion: number | null; attrition: number | null } {
  const rows: RateRow[] = [];
  const total = { flow: 0, converted: 0, stock: 0, lost: 0 };
  for (let k = 2; k <= calendar.last; k++) {
    const period = calendar.start(k);
    const of = (from: string, to?: string) =>
      migration
        .filter(
          (m) => m.to_period === period && m.from_class === from && (to === undefined || m.to_class === to),
        )
        .reduce((s, m) => s + m.customers, 0);
    const flow = of('flow');
    const converted = of('flow', 'incremental');
    const stock = of('stock');
    const lost = of('stock', 'flow') + of('stock', 'dormant');
    rows.push({
      period,
      flow_before: flow,
      flow_to_incremental: converted,
      flow_conversion: flow > 0 ? converted / flow : null,
      stock_before: stock,
      stock_lost: lost,
      stock_attrition: stock > 0 ? lost / stock : null,
    });
    total.flow += flow;
    total.converted += converted;
    total.stock += stock;
    total.lost += lost;
  }
  return {
    rows,
    conversion: total.flow > 0 ? total.converted / total.flow : null,
    attrition: total.stock > 0 ? total.lost / total.stock : null,
  };
}

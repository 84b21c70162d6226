import { describe, expect, it } from 'vitest';
import { formats } from './format.js';

describe('report formats', () => {
  const en = formats('en', 'CNY', 'Asia/Shanghai');
  const zh = formats('zh', 'CNY', 'Asia/Shanghai');

  it('money in the workspace currency, without decimals from 1,000 up', () => {
    expect(en.money(12345.6)).toBe('CN¥12,346');
    expect(en.money(401.626)).toBe('CN¥401.63');
    expect(zh.money(12345.6)).toBe('¥12,346');
  });

  it('shares as percentages; a tiny share keeps two significant digits', () => {
    expect(en.percent(0.6189)).toBe('61.9%');
    expect(en.percent(1 / 3105)).toBe('0.032%');
    expect(en.percent(0)).toBe('0.0%');
  });

  it('KPIs by unit', () => {
    expect(en.kpi(953462.4, 'CNY')).toBe('CN¥953,462');
    expect(en.kpi(0.648, 'share')).toBe('64.8%');
    expect(en.kpi(4.2409, 'ratio')).toBe('4.24');
    expect(en.kpi(99.06, 'score')).toBe('99.1');
    expect(en.kpi(2374, 'customers')).toBe('2,374');
    expect(en.kpi(12, 'USD')).toBe('12 USD');
  });

  it('a dash, never NaN or undefined, for missing values', () => {
    for (const v of [null, undefined, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(en.number(v)).toBe('—');
      expect(en.money(v)).toBe('—');
      expect(en.percent(v)).toBe('—');
      expect(en.kpi(v, 'share')).toBe('—');
    }
    expect(en.date(null)).toBe('—');
    expect(en.dateTime('not a time')).toBe('—');
  });

  it('dates and times in the workspace time zone, from ISO instants and from the engine', () => {
    // 15:59:59.999 UTC is 23:59:59.999 in Shanghai (UTC+8), still 30 June.
    expect(en.date('2024-06-30T15:59:59.999Z')).toBe('2024-06-30');
    expect(en.date('2024-06-30T16:00:00.000Z')).toBe('2024-07-01');
    expect(en.dateTime('2024-07-01 09:05:00.123+08')).toBe('2024-07-01 09:05');
    expect(formats('en', 'EUR', 'Europe/Berlin').dateTime('2024-07-01 09:05:00+08')).toBe('2024-07-01 03:05');
  });
});

import { describe, expect, it } from 'vitest';
import { HEADLINE } from '../../analyses/headline.js';
import { SEGMENTS } from '../../analyses/rfm/index.js';
import { CATALOGUES, LANGUAGES, languageFromEnvironment, type MessageKey, translator } from './index.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('report catalogues', () => {
  it('have exactly the same keys in every language', () => {
    const keys = Object.keys(CATALOGUES.en).sort();
    for (const language of LANGUAGES) expect(Object.keys(CATALOGUES[language]).sort()).toEqual(keys);
  });

  it('have the same placeholders for each key, and no empty message', () => {
    for (const key of Object.keys(CATALOGUES.en) as MessageKey[]) {
      for (const language of LANGUAGES) {
        expect(CATALOGUES[language][key].trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(CATALOGUES[language][key]), `${language} ${key}`).toEqual(
          placeholders(CATALOGUES.en[key]),
        );
      }
    }
  });

  it('name every headline KPI and every RFM segment', () => {
    for (const language of LANGUAGES) {
      const t = translator(language);
      for (const { kpi } of HEADLINE) expect(t.name('kpi', kpi, '?'), `${language} ${kpi}`).not.toBe('?');
      for (const s of SEGMENTS) expect(t.name('segment', s, '?'), `${language} ${s}`).not.toBe('?');
    }
  });

  it('fill placeholders, fall back to data names, and record keys they do not have', () => {
    const t = translator('zh');
    expect(t('report.subtitle', { run: 3, asOf: '2024-06-30', currency: 'CNY' })).toBe(
      '第 3 次分析 · 数据截至 2024-06-30 · CNY',
    );
    expect(t.name('segment', 'Champions')).toBe('冠军客户');
    expect(t.name('check', 'new_check')).toBe('new_check');
    expect(t('no.such.key' as MessageKey)).toBe('no.such.key');
    expect([...t.missing]).toEqual(['no.such.key']);
  });

  it('take Chinese from a Chinese locale, English otherwise', () => {
    expect(languageFromEnvironment({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(languageFromEnvironment({ LC_ALL: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(languageFromEnvironment({})).toBe('en');
  });
});

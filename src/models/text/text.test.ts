import { describe, expect, it } from 'vitest';
import { topKeywords, wordLanguage, words } from './index.js';

describe('words', () => {
  it('segments Chinese with jieba and splits English, without stop words, digits or single characters', () => {
    // jieba (HMM on): 客服 / 态度 / 差 / ， / 等 / 了 / 很久没 / 人 / 回复 — 差, 等, 了, 人 are single characters.
    expect(words('客服态度差，等了很久没人回复')).toEqual(['客服', '态度', '很久没', '回复']);
    // 一直 is a stop word; 打 is one character.
    expect(words('电话一直打不通，服务太慢')).toEqual(['电话', '不通', '服务', '太慢']);
    // English: lower case; "never", "my" and "is" are stop words; the phone number is dropped.
    expect(words('Support never answered my ticket')).toEqual(['support', 'answered', 'ticket']);
    expect(words("My phone 13812345678 is broken, can't call")).toEqual(['phone', 'broken', 'call']);
    // Mixed: full-width letters are normalised (NFKC) before segmenting.
    expect(words('ＡＰＰ 经常闪退')).toEqual(['app', '闪退']);
  });

  it('tells Chinese from English words', () => {
    expect(wordLanguage('闪退')).toBe('zh');
    expect(wordLanguage('refund')).toBe('en');
    expect(wordLanguage('café')).toBe('other');
  });
});

describe('topKeywords', () => {
  // A fixed sample of complaints; each text counts once per word, times its count.
  const SAMPLE = [
    { text: '物流太慢，等了三天才到', count: 2 }, // 物流, 太慢, 三天
    { text: '客服态度很差', count: 1 }, // 客服, 态度
    { text: '客服回复太慢', count: 1 }, // 客服, 回复, 太慢
    { text: '物流太慢太慢了', count: 1 }, // 物流, 太慢 (once for the text)
    { text: 'Delivery was slow, slow, slow', count: 2 }, // delivery, slow
    { text: 'Slow delivery and rude support', count: 1 }, // slow, delivery, rude, support
    { text: 'The refund took three weeks', count: 1 }, // refund, took, weeks
  ];

  it('ranks words by the texts that contain them, ties by the word', () => {
    // 太慢: 2 + 1 + 1 = 4; delivery: 2 + 1 = 3; slow: 3; 物流: 2 + 1 = 3; 客服: 2; then 1-count words.
    const top = topKeywords(SAMPLE, { limit: 5 });
    expect(top).toEqual([
      { word: '太慢', language: 'zh', documents: 4 },
      { word: 'delivery', language: 'en', documents: 3 },
      { word: 'slow', language: 'en', documents: 3 },
      { word: '物流', language: 'zh', documents: 3 },
      { word: '三天', language: 'zh', documents: 2 },
    ]);
  });

  it('leaves out words found in fewer texts than minDocuments', () => {
    const words = topKeywords(SAMPLE, { limit: 100, minDocuments: 2 }).map((k) => k.word);
    expect(words).toEqual(['太慢', 'delivery', 'slow', '物流', '三天', '客服']);
    expect(topKeywords([], {})).toEqual([]);
  });
});

/**
 * Words of a feedback text, in Chinese and English: the text is normalised (NFKC, lower case) and
 * segmented by jieba (`@node-rs/jieba` with its default dictionary and HMM for unknown words),
 * which also splits Latin text at spaces and punctuation. A token is kept when it is made of
 * letters only (no digits: phone numbers, order and ID numbers never become keywords), is not a
 * stop word, and is at least two characters long (jieba's own keyword extraction drops single
 * characters too: in Chinese they are mostly particles; 差 "poor" is lost with them, 态度差 keeps 态度).
 */
import { segmenter } from './segmenter.js';
import { CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from './stop-words.js';

/** The language of a word: Chinese when it has a Han character, English when it is Latin letters. */
export type WordLanguage = 'zh' | 'en' | 'other';

const LETTERS_ONLY = /^[\p{L}\p{M}]+$/u;
const HAN = /\p{Script=Han}/u;
const LATIN = /^[a-z]+$/;

/** The language of a kept word. */
export function wordLanguage(word: string): WordLanguage {
  if (HAN.test(word)) return 'zh';
  return LATIN.test(word) ? 'en' : 'other';
}

/**
 * The keyword candidates of `text`, in order, repeats included.
 *
 * @example words('客服态度差，Support never answered my ticket') // ['客服', '态度', 'support', 'answered', 'ticket']
 */
export function words(text: string): string[] {
  const normal = text.normalize('NFKC').toLowerCase().replace(/[’']/g, '');
  const out: string[] = [];
  for (const token of segmenter().cut(normal, true)) {
    if ([...token].length < 2 || !LETTERS_ONLY.test(token)) continue;
    if (ENGLISH_STOP_WORDS.has(token) || CHINESE_STOP_WORDS.has(token)) continue;
    out.push(token);
  }
  return out;
}

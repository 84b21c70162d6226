/** Text of feedback: words in Chinese and English (jieba), stop words, keyword counts. */
export {
  distinctWords,
  type Keyword,
  KeywordCounter,
  type KeywordOptions,
  type TextCount,
  topKeywords,
} from './keywords.js';
export { type Segmenter, segmenterProblem } from './segmenter.js';
export { CHINESE_STOP_WORDS, ENGLISH_STOP_WORDS } from './stop-words.js';
export { type WordLanguage, wordLanguage, words } from './tokenize.js';

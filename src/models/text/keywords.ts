/**
 * Keywords of a set of texts: each word counts once per text it occurs in (document frequency),
 * weighted by how many times that text was given (identical texts are passed once with a count).
 * Ranked by that count, ties by the word (code-point order) so that the result is deterministic.
 */
import { type WordLanguage, wordLanguage, words } from './tokenize.js';

export interface TextCount {
  text: string;
  /** How many feedback items have exactly this text (≥ 1). */
  count: number;
}

export interface Keyword {
  word: string;
  language: WordLanguage;
  /** Texts (counted with their counts) that contain the word. */
  documents: number;
}

export interface KeywordOptions {
  /** At most this many keywords (default 20). */
  limit?: number;
  /** Leave out words found in fewer texts than this (default 1). */
  minDocuments?: number;
}

/** Counts words over texts, a text at a time; `top` ranks them. */
export class KeywordCounter {
  private readonly counts = new Map<string, number>();
  /** Texts added, with their counts. */
  documents = 0;

  /** Adds `count` copies of a text whose distinct words are `distinct` (see `distinctWords`). */
  add(distinct: readonly string[], count: number): void {
    this.documents += count;
    for (const w of distinct) this.counts.set(w, (this.counts.get(w) ?? 0) + count);
  }

  /** The most frequent words, best first. */
  top({ limit = 20, minDocuments = 1 }: KeywordOptions = {}): Keyword[] {
    return [...this.counts]
      .filter(([, n]) => n >= minDocuments)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .slice(0, limit)
      .map(([word, documents]) => ({ word, language: wordLanguage(word), documents }));
  }
}

/** The distinct keyword candidates of a text. */
export function distinctWords(text: string): string[] {
  return [...new Set(words(text))];
}

/**
 * The top keywords of `texts`.
 *
 * @example topKeywords([{ text: '物流太慢', count: 3 }, { text: '物流很快', count: 1 }])
 * // [{ word: '物流', language: 'zh', documents: 4 }, { word: '太慢', language: 'zh', documents: 3 }, …]
 */
export function topKeywords(texts: Iterable<TextCount>, options: KeywordOptions = {}): Keyword[] {
  const counter = new KeywordCounter();
  for (const { text, count } of texts) counter.add(distinctWords(text), count);
  return counter.top(options);
}

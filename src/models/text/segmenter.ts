/**
 * The Chinese word segmenter: jieba (`@node-rs/jieba`, prebuilt native code) with its default
 * dictionary, loaded once on first use (the dictionary takes about a quarter of a second). It is
 * loaded with `require` so that a platform without the package still runs every other analysis:
 * `segmenterProblem()` then says why keywords cannot be extracted.
 */
import { createRequire } from 'node:module';

/** What Clientele uses of jieba. */
export interface Segmenter {
  /** The words of `sentence`, with HMM for words not in the dictionary when `hmm` is true. */
  cut(sentence: string, hmm?: boolean): string[];
}

interface JiebaModule {
  Jieba: { withDict(dict: Uint8Array): Segmenter };
}

const require = createRequire(import.meta.url);
let loaded: { segmenter: Segmenter } | { problem: string } | null = null;

function load(): { segmenter: Segmenter } | { problem: string } {
  if (loaded) return loaded;
  try {
    const { Jieba } = require('@node-rs/jieba') as JiebaModule;
    const { dict } = require('@node-rs/jieba/dict.js') as { dict: Uint8Array };
    loaded = { segmenter: Jieba.withDict(dict) };
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    loaded = { problem: `the Chinese word segmenter @node-rs/jieba could not be loaded (${why})` };
  }
  return loaded;
}

/** Why the segmenter cannot be used here, or null when it can. */
export function segmenterProblem(): string | null {
  const l = load();
  return 'problem' in l ? l.problem : null;
}

/** The segmenter; throws when it cannot be loaded (see `segmenterProblem`). */
export function segmenter(): Segmenter {
  const l = load();
  if ('problem' in l) throw new Error(l.problem);
  return l.segmenter;
}

/**
 * Keywords of feedback texts (issue 8 item 2): the texts up to as_of of items with a tone
 * (`tone.ts`) are segmented into Chinese and English words without stop words
 * (`models/text`); per dimension ("all" for every dimension) and tone, the top words by the number
 * of texts that contain them. Identical texts are segmented once (grouped in SQL). Privacy: a word
 * found in fewer than `MIN_KEYWORD_TEXTS` texts is not reported, and words with digits never are.
 * Above `MAX_DISTINCT_TEXTS` distinct texts, a deterministic sample (by a hash of the text) is used
 * and the run says so.
 */
import { distinctWords, KeywordCounter, segmenterProblem } from '../../models/text/index.js';
import type { SqlValue } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { TONE_SQL } from './tone.js';

/** Keywords per dimension and tone. */
export const KEYWORDS_PER_GROUP = 20;
/** A word must occur in at least this many texts to be shown (rare words can identify someone). */
export const MIN_KEYWORD_TEXTS = 3;
/** At most about this many distinct texts are segmented per run. */
export const MAX_DISTINCT_TEXTS = 100_000;

/** Writes `needs_keywords`; returns the number of texts read (0 when none or no segmenter). */
export async function writeKeywords(ctx: RunContext): Promise<number> {
  const { sql, db } = ctx;
  const texts = `SELECT dimension, tone, text, count(*) AS n
    FROM (SELECT dimension, ${TONE_SQL} AS tone, text FROM feedback
          WHERE text IS NOT NULL AND trim(text) <> '' AND occurred_at <= ${sql.timestamp('$1')}) f
    WHERE tone IS NOT NULL GROUP BY dimension, tone, text`;
  const [{ n_texts }] = await db.query<{ n_texts: number }>(`SELECT count(*) AS n_texts FROM (${texts}) t`, [
    ctx.params.asOf,
  ]);
  if (Number(n_texts) === 0) {
    ctx.warn('no texts of complaints, praise or suggestions up to the observation date: no keywords');
    return 0;
  }
  const problem = segmenterProblem();
  if (problem) {
    ctx.warn(`${problem}: feedback keywords not extracted (needs_keywords is empty)`);
    return 0;
  }
  const every = Math.ceil(Number(n_texts) / MAX_DISTINCT_TEXTS);
  const params: SqlValue[] = [ctx.params.asOf];
  let sample = '';
  if (every > 1) {
    sample = `WHERE ${sql.hash('text')} % ${every} = 0`;
    ctx.warn(
      `${n_texts} distinct feedback texts: keywords are counted on a sample of about 1 in ${every} of them`,
      Number(n_texts),
    );
  }
  const counters = new Map<string, KeywordCounter>();
  const counter = (dimension: string, tone: string) => {
    const key = `${dimension}\u0000${tone}`;
    const c = counters.get(key) ?? new KeywordCounter();
    counters.set(key, c);
    return c;
  };
  let read = 0;
  for await (const batch of db.stream<{ dimension: string | null; tone: string; text: string; n: number }>(
    `SELECT dimension, tone, text, n FROM (${texts}) t ${sample}`,
    params,
  )) {
    for (const row of batch) {
      const n = Number(row.n);
      const words = distinctWords(row.text);
      counter('all', row.tone).add(words, n);
      if (row.dimension !== null) counter(row.dimension, row.tone).add(words, n);
      read += n;
    }
  }
  const rows: Record<string, SqlValue>[] = [];
  for (const [key, c] of [...counters].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const [dimension, tone] = key.split('\u0000');
    c.top({ limit: KEYWORDS_PER_GROUP, minDocuments: MIN_KEYWORD_TEXTS }).forEach((k, i) => {
      rows.push({
        dimension,
        tone,
        rank: i + 1,
        keyword: k.word,
        language: k.language,
        documents: k.documents,
        share: k.documents / c.documents,
        texts: c.documents,
      });
    });
  }
  await ctx.writeRows('needs_keywords', rows);
  return read;
}

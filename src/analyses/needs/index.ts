/**
 * Needs (SPEC §2 seed 004 §7; issue 8 item 2): what customers talk about. Feedback topic counts by
 * dimension and segment (`topics.ts`) and the top keywords of feedback texts in Chinese and
 * English per dimension, for complaints, praise and suggestions (`keywords.ts`). See
 * docs/metrics/needs.md.
 */
import type { RunContext } from '../context.js';
import { writeKeywords } from './keywords.js';
import { writeTopics } from './topics.js';

/**
 * Writes `needs_topics` and `needs_keywords` for the run and the KPIs `feedback_with_topic` and
 * `feedback_texts`. Needs `_voice_customers`.
 *
 * @example await needs(ctx); // after voiceCustomers
 */
export async function needs(ctx: RunContext): Promise<void> {
  const topics = await writeTopics(ctx);
  if (topics === 0) ctx.warn('no feedback with a topic up to the observation date: no topic counts');
  const texts = await writeKeywords(ctx);
  ctx.kpi('feedback_with_topic', topics, 'feedback');
  ctx.kpi('feedback_texts', texts, 'feedback');
}

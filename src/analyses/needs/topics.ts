/**
 * Feedback topic counts (issue 8 item 2): every feedback item up to as_of with a topic, except
 * churn reasons (see competition), counted per topic (trimmed, lower case) by dimension ("all" for
 * every dimension) and by segment — overall ("all"), per RFM segment and per region — with its
 * complaints, suggestions and praise (`tone.ts`), distinct customers, and its share of the
 * group's feedback with a topic.
 */
import type { SqlValue } from '../../store/engine.js';
import type { RunContext } from '../context.js';
import { VOICE_CUSTOMERS } from '../satisfaction/customers.js';
import { TONE_SQL } from './tone.js';

const ITEMS = '_needs_items';

const SEGMENTS = [
  { segmentBy: 'all', column: null },
  { segmentBy: 'rfm', column: 'segment' },
  { segmentBy: 'region', column: 'region' },
] as const;

/** Writes `needs_topics`; returns the number of feedback items with a topic. */
export async function writeTopics(ctx: RunContext): Promise<number> {
  const { sql, db } = ctx;
  // One row per customer, dimension and topic: per-dimension rows then count customers without DISTINCT.
  await ctx.materialize(
    ITEMS,
    `SELECT f.customer_id, f.dimension, f.topic, v.segment, v.region, count(*) AS feedback,
       sum(CASE WHEN f.tone = 'complaint' THEN 1 ELSE 0 END) AS complaints,
       sum(CASE WHEN f.tone = 'suggestion' THEN 1 ELSE 0 END) AS suggestions,
       sum(CASE WHEN f.tone = 'praise' THEN 1 ELSE 0 END) AS praise
     FROM (SELECT customer_id, dimension, lower(trim(topic)) AS topic, ${TONE_SQL} AS tone FROM feedback
           WHERE kind <> 'churn_reason' AND topic IS NOT NULL AND trim(topic) <> '' AND occurred_at <= ${sql.timestamp('$1')}) f
     LEFT JOIN ${VOICE_CUSTOMERS} v ON v.customer_id = f.customer_id
     GROUP BY f.customer_id, f.dimension, f.topic, v.segment, v.region`,
    [ctx.params.asOf],
  );
  const [{ n }] = await db.query<{ n: number | null }>(`SELECT sum(feedback) AS n FROM ${ITEMS}`);
  if (!n) return 0;
  const rows: Record<string, SqlValue>[] = [];
  for (const s of SEGMENTS) {
    for (const perDimension of [false, true]) {
      const groups = [...(perDimension ? ['dimension'] : []), ...(s.column ? [s.column] : [])];
      const where = groups.map((g) => `${g} IS NOT NULL`);
      // Over all dimensions a customer may have the same topic in several: count them once.
      const customers = perDimension ? 'count(*)' : 'count(DISTINCT customer_id)';
      const topics = await db.query<TopicRow>(
        `SELECT ${perDimension ? 'dimension' : `'all'`} AS dimension, ${s.column ?? `'all'`} AS segment, topic,
           sum(feedback) AS feedback, sum(complaints) AS complaints, sum(suggestions) AS suggestions,
           sum(praise) AS praise, ${customers} AS customers
         FROM ${ITEMS} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
         GROUP BY ${[...groups, 'topic'].join(', ')}`,
      );
      const totals = new Map<string, number>();
      const group = (t: TopicRow) => `${t.dimension}\u0000${t.segment}`;
      for (const t of topics) totals.set(group(t), (totals.get(group(t)) ?? 0) + Number(t.feedback));
      for (const t of topics) {
        rows.push({
          dimension: t.dimension,
          segment_by: s.segmentBy,
          segment: t.segment,
          topic: t.topic,
          feedback: Number(t.feedback),
          complaints: Number(t.complaints),
          suggestions: Number(t.suggestions),
          praise: Number(t.praise),
          customers: Number(t.customers),
          share: Number(t.feedback) / totals.get(group(t))!,
        });
      }
    }
  }
  await ctx.writeRows('needs_topics', rows);
  return Number(n);
}

type TopicRow = {
  dimension: string;
  segment: string;
  topic: string;
  feedback: number;
  complaints: number;
  suggestions: number;
  praise: number;
  customers: number;
};

/** Needs: what customers talk about — topics by tone, and the top keywords of complaints and praise per dimension. */
import { htmlTable, type Part, paragraph, type ReportContext, type Section } from '../section.js';

/** The topics over all feedback (dimension and segment "all"), most feedback first. */
export async function topTopics(ctx: ReportContext, limit = 15) {
  const rows = await ctx.query<{
    topic: string;
    feedback: number;
    complaints: number;
    suggestions: number;
    praise: number;
    customers: number;
    share: number | null;
  }>(
    `SELECT topic, feedback, complaints, suggestions, praise, customers, share FROM needs_topics
     WHERE run_id = $1 AND dimension = 'all' AND segment_by = 'all'`,
  );
  return rows
    .sort((a, b) => Number(b.feedback) - Number(a.feedback) || a.topic.localeCompare(b.topic))
    .slice(0, limit);
}

const topics: Part = async (ctx) => {
  const rows = await topTopics(ctx);
  if (rows.length === 0) return '';
  const { t, f } = ctx;
  return (
    `<h3>${t('needs.topicsTitle')}</h3>` +
    htmlTable(
      [
        t('needs.topic'),
        t('needs.feedback'),
        t('needs.share'),
        t('needs.tone.complaint'),
        t('needs.tone.suggestion'),
        t('needs.tone.praise'),
        t('needs.customers'),
      ],
      rows.map((r) => [
        t.name('satisfaction.dimension', r.topic),
        f.integer(Number(r.feedback)),
        f.percent(r.share),
        f.integer(Number(r.complaints)),
        f.integer(Number(r.suggestions)),
        f.integer(Number(r.praise)),
        f.integer(Number(r.customers)),
      ]),
      [1, 2, 3, 4, 5, 6],
    )
  );
};

/** The top `limit` keywords per dimension and tone: `{ dimension → { tone → "word (share)" list } }`. */
export async function keywordLists(ctx: ReportContext, limit = 6) {
  const rows = await ctx.query<{
    dimension: string;
    tone: string;
    rank: number;
    keyword: string;
    share: number | null;
  }>(`SELECT dimension, tone, rank, keyword, share FROM needs_keywords WHERE run_id = $1 AND rank <= $2`, [
    limit,
  ]);
  const lists = new Map<string, Map<string, { keyword: string; share: number | null; rank: number }[]>>();
  for (const r of rows) {
    const byTone = lists.get(r.dimension) ?? new Map();
    lists.set(r.dimension, byTone);
    byTone.set(r.tone, [
      ...(byTone.get(r.tone) ?? []),
      { keyword: r.keyword, share: r.share, rank: Number(r.rank) },
    ]);
  }
  for (const byTone of lists.values())
    for (const list of byTone.values()) list.sort((a, b) => a.rank - b.rank);
  return lists;
}

const ORDER = ['all', 'product_quality', 'service_quality', 'user_experience', 'after_sales', 'other'];

const keywords: Part = async (ctx) => {
  const lists = await keywordLists(ctx);
  if (lists.size === 0) return '';
  const { t, f } = ctx;
  const dimensions = [...lists.keys()].sort(
    (a, b) => (ORDER.indexOf(a) + 1 || 99) - (ORDER.indexOf(b) + 1 || 99) || a.localeCompare(b),
  );
  const cell = (d: string, tone: string) =>
    (lists.get(d)?.get(tone) ?? []).map((k) => `${k.keyword} (${f.percent(k.share, 0)})`).join(', ') ||
    t('report.none');
  // Suggestions get a column only when there are some.
  const tones = ['complaint', 'praise', 'suggestion'].filter(
    (tone) => tone !== 'suggestion' || [...lists.values()].some((byTone) => byTone.has(tone)),
  );
  return (
    `<h3>${t('needs.keywordsTitle')}</h3>` +
    htmlTable(
      [t('satisfaction.dimension'), ...tones.map((tone) => t.name('needs.tone', tone))],
      dimensions.map((d) => [t.name('satisfaction.dimension', d), ...tones.map((tone) => cell(d, tone))]),
    ) +
    paragraph(t('needs.keywordsNote'))
  );
};

export const needsSection: Section = {
  id: 'needs',
  title: 'needs.section',
  tables: ['needs_topics', 'needs_keywords'],
  parts: [topics, keywords],
};

/**
 * The tone of a feedback item, for needs: a `complaint` (kind complaint, an NPS of 0–6 or a CSAT
 * or rating of 1–2), `praise` (NPS 9–10, CSAT or rating 4–5) or a `suggestion` (kind suggestion);
 * anything else (passives, CSAT 3, items without a score, churn reasons) has none.
 */

/** The tones, in report order. */
export const TONES = ['complaint', 'praise', 'suggestion'] as const;
export type Tone = (typeof TONES)[number];

/** SQL: the tone of a `feedback` row (columns `kind`, `score`), or NULL. */
export const TONE_SQL = `CASE
  WHEN kind = 'complaint' THEN 'complaint'
  WHEN kind = 'suggestion' THEN 'suggestion'
  WHEN kind = 'nps' AND score <= 6 THEN 'complaint'
  WHEN kind = 'nps' AND score >= 9 THEN 'praise'
  WHEN kind IN ('csat', 'rating') AND score <= 2 THEN 'complaint'
  WHEN kind IN ('csat', 'rating') AND score >= 4 THEN 'praise'
END`;

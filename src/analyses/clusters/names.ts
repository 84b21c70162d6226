/**
 * Readable cluster names from centroids. A centroid coordinate (a z-score: the cluster's mean
 * distance from all customers' mean, in standard deviations) of at least +0.5 or at most −0.5 is a
 * trait — "recent" for a low recency, "high spend" for a high monetary value, and so on. A name is
 * up to three traits, the most marked first; a cluster with none is "typical". Names are stored as
 * trait codes (`recent+high_spend`), which the report translates, and as an English name for the
 * `clusters` table; two clusters with the same traits get their number appended.
 */
import type { FeatureDef } from './features.js';

/** |z| from which a centroid coordinate names a trait. */
export const TRAIT_THRESHOLD = 0.5;
/** Traits in a name at most. */
export const MAX_TRAITS = 3;

/** The trait of a feature that is low (z ≤ −0.5) and high (z ≥ +0.5). */
export const TRAITS: Record<FeatureDef['name'], { low: string; high: string }> = {
  recency: { low: 'recent', high: 'lapsed' },
  frequency: { low: 'occasional', high: 'frequent' },
  monetary: { low: 'low_spend', high: 'high_spend' },
  clv: { low: 'low_value', high: 'high_value' },
  engagement: { low: 'disengaged', high: 'engaged' },
  satisfaction: { low: 'dissatisfied', high: 'satisfied' },
};

/** English words of each trait code (the report's catalogues translate the codes). */
export const TRAIT_WORDS: Record<string, string> = {
  recent: 'recent',
  lapsed: 'lapsed',
  occasional: 'occasional',
  frequent: 'frequent',
  low_spend: 'low spend',
  high_spend: 'high spend',
  low_value: 'low value',
  high_value: 'high value',
  disengaged: 'disengaged',
  engaged: 'engaged',
  dissatisfied: 'dissatisfied',
  satisfied: 'satisfied',
  typical: 'typical',
};

/** The trait codes of a centroid (z-scores of `features`), most marked first; ['typical'] when none. */
export function centroidTraits(features: readonly FeatureDef[], centroid: ArrayLike<number>): string[] {
  const marked = features
    .map((f, i) => ({ f, z: centroid[i] }))
    .filter(({ z }) => Math.abs(z) >= TRAIT_THRESHOLD)
    .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
    .slice(0, MAX_TRAITS)
    .map(({ f, z }) => (z < 0 ? TRAITS[f.name].low : TRAITS[f.name].high));
  return marked.length > 0 ? marked : ['typical'];
}

export interface ClusterName {
  /** Trait codes joined by '+', e.g. `recent+high_spend`. */
  traits: string;
  /** English name, e.g. "Recent, high spend" (with " (2)" when another cluster has the same traits). */
  name: string;
}

/**
 * Names of clusters 1 … k from their centroids (k × features.length, row-major).
 *
 * @example clusterNames(FEATURES, centroids) // [{ traits: 'recent+high_spend', name: 'Recent, high spend' }, …]
 */
export function clusterNames(features: readonly FeatureDef[], centroids: Float64Array): ClusterName[] {
  const d = features.length;
  const k = centroids.length / d;
  const names = Array.from({ length: k }, (_, c) => {
    const traits = centroidTraits(features, centroids.subarray(c * d, c * d + d));
    const words = traits.map((t) => TRAIT_WORDS[t]).join(', ');
    return { traits: traits.join('+'), name: words.charAt(0).toUpperCase() + words.slice(1) };
  });
  return names.map((n, c) =>
    names.some((o, j) => j !== c && o.traits === n.traits) ? { ...n, name: `${n.name} (${c + 1})` } : n,
  );
}

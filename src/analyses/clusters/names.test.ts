import { describe, expect, it } from 'vitest';
import { FEATURES } from './features.js';
import { centroidTraits, clusterNames } from './names.js';

describe('cluster names', () => {
  it('name up to three traits at |z| ≥ 0.5, most marked first; typical otherwise; duplicates numbered', () => {
    // Features: recency, frequency, monetary, clv, engagement, satisfaction.
    expect(centroidTraits(FEATURES, [-1.2, 0.6, 2.0, 0.49, -0.7, 0])).toEqual([
      'high_spend',
      'recent',
      'disengaged',
    ]);
    expect(centroidTraits(FEATURES, [0.5, 0, 0, 0, 0, -0.5])).toEqual(['lapsed', 'dissatisfied']);
    const centroids = Float64Array.of(
      ...[-1, 1, 0, 0, 0, 0],
      ...[0.1, 0, 0, 0, 0, 0.2],
      ...[0, 0, 0, 0, 0, 0],
    );
    expect(clusterNames(FEATURES, centroids)).toEqual([
      { traits: 'recent+frequent', name: 'Recent, frequent' },
      { traits: 'typical', name: 'Typical (2)' },
      { traits: 'typical', name: 'Typical (3)' },
    ]);
    // Only the features used count: without recency the first column is frequency.
    expect(centroidTraits(FEATURES.slice(1), [-0.8, 0, 0, 0, 0])).toEqual(['occasional']);
  });
});

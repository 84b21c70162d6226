/**
 * The behavioural features that clustering and factor analysis share, one row per customer with a
 * completed purchase (the `rfm` rows of the run):
 *
 * | feature      | from                                   | transform     |
 * | ------------ | -------------------------------------- | ------------- |
 * | recency      | `rfm.recency_days`                     | none          |
 * | frequency    | `rfm.frequency` (distinct orders)      | ln(1 + x)     |
 * | monetary     | `rfm.monetary` (net spend)             | ±ln(1 + │x│)  |
 * | clv          | `customer_value.clv_12m`               | ±ln(1 + │x│)  |
 * | engagement   | `loyalty.engagement_score` (0 if none) | ln(1 + x)     |
 * | satisfaction | mean feedback score scaled to 0–1      | none          |
 *
 * (gathered in `_segment_customers` by `customer-figures.ts`).
 *
 * Money, order counts and engagement are skewed (a few customers spend or act hundreds of times
 * more than the median) and would decide every cluster on their own: their logarithm is used
 * (signed, for net spend that refunds can make negative). Satisfaction is the customer's mean over
 * NPS answers (score / 10) and CSAT and rating answers ((score − 1) / 4) up to as_of, read from the
 * canonical feedback table. A customer missing a feature (no answer, no CLV) gets the feature's
 * median (a counted warning); a feature present for under 10 % of the customers, or the same for
 * all, is left out (warned). Then z-scores (population sd). Rows are read in customer_id order, so
 * that the seeded sampling — and so the whole result — is the same on every run.
 */
import { type FeatureStats, featureStats, zScores } from '../../models/cluster/index.js';
import type { RunContext } from '../context.js';
import { customerFigures, FIGURES_TABLE } from './customer-figures.js';

export interface FeatureDef {
  /** The feature's name in results (`factor_loadings.feature`, `<name>_z` in `cluster_profiles`). */
  name: 'recency' | 'frequency' | 'monetary' | 'clv' | 'engagement' | 'satisfaction';
  /** Its column in `cluster_profiles` (natural units). */
  column: string;
  /** Its value in natural units, in SQL over `_segment_customers`. */
  value: string;
  /** Signed ln(1 + |x|) before standardising. */
  log: boolean;
}

export const FEATURES: readonly FeatureDef[] = [
  { name: 'recency', column: 'recency_days', value: 'recency_days', log: false },
  { name: 'frequency', column: 'frequency', value: 'frequency', log: true },
  { name: 'monetary', column: 'monetary', value: 'monetary', log: true },
  { name: 'clv', column: 'clv_12m', value: 'clv_12m', log: true },
  { name: 'engagement', column: 'engagement_score', value: 'coalesce(engagement_score, 0)', log: true },
  { name: 'satisfaction', column: 'satisfaction', value: 'satisfaction', log: false },
];

/** A feature present for fewer customers than this share is left out. */
export const MIN_COVERAGE = 0.1;
/** Fewer customers than this are not clustered or factored. */
export const MIN_CUSTOMERS = 20;

export interface BehaviourFeatures {
  customers: number;
  /** The features used, in column order of `z`. */
  used: FeatureDef[];
  /** What standardising each used feature took (median imputed, mean, sd of the transformed values). */
  stats: FeatureStats[];
  /** customers × used.length z-scores, row-major, rows in customer_id order. */
  z: Float64Array;
}

/** The SQL value of feature `f` as standardised (a float): its value, logged when the feature is. */
export function transformed(ctx: RunContext, f: FeatureDef): string {
  const x = ctx.sql.toFloat(f.value);
  return f.log ? `CASE WHEN ${x} < 0 THEN -${ctx.sql.ln(`1 - ${x}`)} ELSE ${ctx.sql.ln(`1 + ${x}`)} END` : x;
}

const loaded = new WeakMap<RunContext, Promise<BehaviourFeatures | null>>();

/**
 * The run's standardised behavioural features (made once per run, shared by clusters and factors);
 * null, with a warning, when there are too few customers or features.
 */
export function behaviourFeatures(ctx: RunContext): Promise<BehaviourFeatures | null> {
  let features = loaded.get(ctx);
  if (!features) {
    features = loadFeatures(ctx);
    loaded.set(ctx, features);
  }
  return features;
}

/** Lets the run's features go (the z-scores are 8 bytes × features per customer): after the last reader. */
export function forgetFeatures(ctx: RunContext): void {
  loaded.delete(ctx);
}

async function loadFeatures(ctx: RunContext): Promise<BehaviourFeatures | null> {
  await customerFigures(ctx);
  const columns = await ctx.db.columns(
    `SELECT ${FEATURES.map((f) => `${transformed(ctx, f)} AS ${f.name}`).join(', ')}
     FROM ${FIGURES_TABLE} WHERE buyer = 1 ORDER BY customer_id`,
  );
  const n = columns.recency?.length ?? 0;
  if (n < MIN_CUSTOMERS) {
    ctx.warn(`${n} customers with a completed purchase: clusters and factors need at least ${MIN_CUSTOMERS}`);
    return null;
  }
  const used: FeatureDef[] = [];
  const stats: FeatureStats[] = [];
  for (const f of FEATURES) {
    const s = featureStats(columns[f.name]);
    if (s.present < MIN_COVERAGE * n) {
      ctx.warn(
        `${f.name}: known for ${s.present} of ${n} customers (under ${MIN_COVERAGE * 100} %): left out of clusters and factors`,
      );
    } else if (!(s.sd > 1e-12)) {
      ctx.warn(`${f.name}: the same for every customer: left out of clusters and factors`);
    } else {
      if (s.present < n) {
        ctx.warn(
          `${f.name}: unknown for some customers, who get the median in clusters and factors`,
          n - s.present,
        );
      }
      used.push(f);
      stats.push(s);
    }
  }
  if (used.length < 2) {
    ctx.warn('fewer than two behavioural features vary between customers: no clusters or factors');
    return null;
  }
  const z = zScores(
    used.map((f) => columns[f.name]),
    stats,
  );
  return { customers: n, used, stats, z };
}

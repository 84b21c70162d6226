/**
 * PageRank on the relations graph: edges read from SQL as typed arrays of dense node indices,
 * ranked by `models/graph`, and written back as a scratch table `_influence_rank (customer_id,
 * pagerank)`. Customer ids are numbered in SQL (`_influence_nodes`), so no id becomes a JS object.
 *
 * Edges: a referral from A to B credits A (edge B → A: the referred customer "votes" for the
 * referrer); friend, family and colleague ties credit both ways. Relations after as_of and a
 * customer's relations to themself are left out; an edge repeated under several kinds counts once.
 */
import { pageRank } from '../../models/graph/index.js';
import type { RunContext } from '../context.js';

/** PageRank's damping factor: the probability of following a relation rather than jumping. */
export const DAMPING = 0.85;

/** Rows appended to the database per batch. */
const BATCH = 65_536;

/** Relations that count up to as_of (`$1`), as SQL conditions. */
export function relationsUpToAsOf(ctx: RunContext): string {
  return `from_id <> to_id AND (occurred_at IS NULL OR occurred_at <= ${ctx.sql.timestamp('$1')})`;
}

/**
 * Ranks the customers of the relations graph; returns the node count, iterations and whether the
 * iteration converged (a warning says so when not).
 *
 * @example const { nodes } = await rankRelations(ctx);
 */
export async function rankRelations(
  ctx: RunContext,
): Promise<{ nodes: number; edges: number; iterations: number }> {
  const { sql, db } = ctx;
  const upTo = relationsUpToAsOf(ctx);
  await ctx.materialize(
    '_influence_edges',
    `SELECT src, dst FROM (
       SELECT to_id AS src, from_id AS dst FROM relations WHERE kind = 'referral' AND ${upTo}
       UNION ALL
       SELECT from_id AS src, to_id AS dst FROM relations WHERE kind <> 'referral' AND ${upTo}
       UNION ALL
       SELECT to_id AS src, from_id AS dst FROM relations WHERE kind <> 'referral' AND ${upTo}) e
     GROUP BY src, dst`,
    [ctx.params.asOf],
  );
  await ctx.materialize(
    '_influence_nodes',
    `SELECT customer_id, ${sql.rowIndex()} AS idx FROM (
       SELECT src AS customer_id FROM _influence_edges UNION SELECT dst AS customer_id FROM _influence_edges) n`,
  );
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*) AS n FROM _influence_nodes');
  const nodes = Number(n);
  await ctx.materialize(
    '_influence_rank',
    `SELECT customer_id, ${sql.toFloat('0')} AS pagerank FROM _influence_nodes WHERE 1 = 0`,
  );
  if (nodes === 0) return { nodes: 0, edges: 0, iterations: 0 };
  const edges = await db.columns(
    `SELECT a.idx AS src, t.idx AS dst
     FROM (SELECT e.dst, s.idx FROM _influence_edges e JOIN _influence_nodes s ON s.customer_id = e.src) a
     JOIN _influence_nodes t ON t.customer_id = a.dst`,
  );
  const ranked = pageRank(nodes, edges.src, edges.dst, { damping: DAMPING });
  if (!ranked.converged) {
    ctx.warn(
      `PageRank did not settle within ${ranked.iterations} iterations (last change ${ranked.change.toExponential(2)}): the ranks are approximate`,
    );
  }
  await ctx.materialize(
    '_influence_scores',
    `SELECT idx, ${sql.toFloat('0')} AS pagerank FROM _influence_nodes WHERE 1 = 0`,
  );
  for (let from = 0; from < nodes; from += BATCH) {
    const to = Math.min(nodes, from + BATCH);
    await db.append('_influence_scores', ['idx', 'pagerank'], batch(ranked.ranks, from, to));
  }
  await ctx.materialize(
    '_influence_rank',
    `SELECT n.customer_id, s.pagerank FROM _influence_scores s JOIN _influence_nodes n ON n.idx = s.idx`,
  );
  return { nodes, edges: edges.src.length, iterations: ranked.iterations };
}

function* batch(ranks: Float64Array, from: number, to: number): Generator<[number, number]> {
  for (let i = from; i < to; i++) yield [i, ranks[i]];
}

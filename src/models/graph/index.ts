/** Graph algorithms on typed arrays: pure functions, no I/O. */
export { type PageRankOptions, type PageRankResult, pageRank } from './pagerank.js';

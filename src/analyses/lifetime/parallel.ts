/**
 * Predictions per unique row on every core: the rows are split between this thread and worker
 * threads (`predict-worker.ts`), which read and write shared arrays, so nothing is copied back.
 * Small inputs, or code run from TypeScript sources (tests), stay on this thread.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PurchaseModel, PurchaseModelName } from '../../models/index.js';
import { type ClvHorizon, predictRows, type RowPredictions, type SummaryRows } from './horizons.js';

/** Fewer rows than this are predicted on this thread (a worker costs some 50 ms to start). */
export const PARALLEL_ROWS = 100_000;

/** What a worker is given: its rows, the model, and where to write. */
export interface WorkerTask {
  model: PurchaseModelName;
  params: Record<string, number>;
  rows: SummaryRows;
  horizons: readonly number[];
  clv?: ClvHorizon;
  out: { pAlive: Float64Array; expected: Float64Array[]; discounted: Float64Array | null };
}

const shared = (n: number) => new Float64Array(new SharedArrayBuffer(n * 8));
const sharedCopy = (a: Float64Array) => {
  const s = shared(a.length);
  s.set(a);
  return s;
};

/**
 * `predictRows` split over the machine's cores; the same numbers (each row is computed alone).
 *
 * @example const p = await predictRowsInParallel(model, rows, [52], clv);
 */
/** A worker script next to this module, when running compiled (else null: stay on this thread). */
function workerScript(name: string): URL | null {
  const url = new URL(`./${name}.js`, import.meta.url);
  return import.meta.url.endsWith('.js') && existsSync(fileURLToPath(url)) ? url : null;
}

/** Runs a worker script on `data` and waits for its message. */
function _runWorker(script: URL, data: unknown): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const w = new Worker(script, { workerData: data });
    w.once('message', () => resolve());
    w.once('error', reject);
    w.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}`))));
  });
}

export async function predictRowsInParallel(
  model: PurchaseModel,
  rows: SummaryRows,
  horizons: readonly number[],
  clv?: ClvHorizon,
): Promise<RowPredictions> {
  const worker = workerScript('predict-worker');
  const threads = Math.min(availableParallelism(), Math.floor(rows.size / PARALLEL_ROWS));
  if (threads < 2 || !worker) return predictRows(model, rows, horizons, clv);
  const out: RowPredictions = {
    pAlive: shared(rows.size),
    expected: horizons.map(() => shared(rows.size)),
    discounted: clv ? shared(rows.size) : null,
  };
  // Slice k of `threads`: rows [from, to). Slices 1… go to workers; slice 0 stays here.
  const bounds = Array.from({ length: threads + 1 }, (_, k) => Math.round((k * rows.size) / threads));
  const slice = (a: Float64Array, k: number) => a.subarray(bounds[k], bounds[k + 1]);
  const running = bounds.slice(1, -1).map((_, i) => {
    const k = i + 1;
    const task: WorkerTask = {
      model: model.name,
      params: model.params,
      rows: {
        size: bounds[k + 1] - bounds[k],
        x: sharedCopy(slice(rows.x, k)),
        tx: sharedCopy(slice(rows.tx, k)),
        T: sharedCopy(slice(rows.T, k)),
      },
      horizons,
      clv,
      out: {
        pAlive: slice(out.pAlive, k),
        expected: out.expected.map((e) => slice(e, k)),
        discounted: out.discounted ? slice(out.discounted, k) : null,
      },
    };
    return new Promise<void>((resolve, reject) => {
      const w = new Worker(worker, { workerData: task });
      w.once('message', () => resolve());
      w.once('error', reject);
      w.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`prediction worker exited with ${code}`)),
      );
    });
  });
  predictRows(
    model,
    { size: bounds[1], x: slice(rows.x, 0), tx: slice(rows.tx, 0), T: slice(rows.T, 0) },
    horizons,
    clv,
    {
      pAlive: slice(out.pAlive, 0),
      expected: out.expected.map((e) => slice(e, 0)),
      discounted: out.discounted ? slice(out.discounted, 0) : null,
    },
  );
  await Promise.all(running);
  return out;
}

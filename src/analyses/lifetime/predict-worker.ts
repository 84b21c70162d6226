/**
 * A worker thread's share of `predictRowsInParallel`: predictions for a slice of the unique rows,
 * written into the shared arrays it was given (see parallel.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { purchaseModel } from '../../models/index.js';
import { predictRows } from './horizons.js';
import type { WorkerTask } from './parallel.js';

const task = workerData as WorkerTask;
predictRows(purchaseModel(task.model, task.params), task.rows, task.horizons, task.clv, task.out);
parentPort?.postMessage('done');

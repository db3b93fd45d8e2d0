/**
 * The open-loop sender in a worker thread of its own (lib/paced.ts): its heap then holds only the
 * run, so its garbage collections stay short. In the orchestrator's thread it shared a heap with
 * everything the bench had kept so far, and the sender's pauses count as the server's latency.
 * Both the warm-up and the measured run happen here, so the JIT the measured run uses is warm.
 */
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { LoadRequest } from './load.ts';
import { paced, type PacedMeasurement, type PacedSettings } from './paced.ts';
import { readTicks, type Ticks } from './steal.ts';

export interface PacedJob {
  readonly load: Pick<LoadRequest, 'url' | 'method' | 'headers' | 'body'>;
  readonly warmupSeconds: number;
  readonly settings: Omit<PacedSettings, 'onStretch'>;
}

export interface PacedResult {
  readonly m: PacedMeasurement;
  /** Both cores' clock ticks as each stretch started and as the last request went out. */
  readonly marks: readonly Ticks[];
}

/**
 * The worker's first code: a worker thread does not inherit tsx's loader from `node --import tsx`
 * on Node 20, so it registers the loader before importing this file (as a module, which then runs
 * the job below). Paths are resolved here, so the worker's working directory does not matter.
 */
const BOOT = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}); });`;

type Message = { readonly kind: 'measuring' } | { readonly kind: 'result'; readonly result: PacedResult };

/**
 * Runs `job` in a fresh worker thread and resolves with its measurement; `onMeasuring` is called
 * as the warm-up ends and the measured run begins (what the caller watches starts there).
 */
export function pacedInWorker(job: PacedJob, onMeasuring: () => void): Promise<PacedResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, { eval: true, workerData: job });
    let result: PacedResult | undefined;
    worker.on('message', (message: Message) => {
      if (message.kind === 'measuring') onMeasuring();
      else result = message.result;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (result !== undefined ? resolve(result) : reject(new Error(`paced sender exited with code ${code} and no result`))));
  });
}

if (parentPort !== null && workerData !== undefined) {
  const job = workerData as PacedJob;
  const { load, settings } = job;
  // The same rate as the measured run: cold, a sender falls behind for its first half second.
  await paced(load, { ...settings, seconds: job.warmupSeconds, windows: 1 });
  parentPort.postMessage({ kind: 'measuring' } satisfies Message);
  const marks: Ticks[] = [];
  const m = await paced(load, { ...settings, onStretch: () => marks.push(readTicks()) });
  parentPort.postMessage({ kind: 'result', result: { m, marks } } satisfies Message);
}

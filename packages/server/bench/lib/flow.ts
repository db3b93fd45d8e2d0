/**
 * Load made of multi-request flows (a payment from initiate to capture) rather than one request
 * repeated: each worker runs its flow in a loop, one at a time, until the time is up. Requests go
 * through fetch (undici, keep-alive) from this process, pinned to the load core like autocannon.
 * Reported as a Measurement whose "requests" are whole flows.
 */
import type { Measurement } from './load.ts';

/** One run of a flow; rejects when any of its requests does not answer 2xx. */
export type FlowRun = () => Promise<void>;

/** A failed HTTP answer inside a flow, so it is counted as non-2xx rather than as an error. */
export class FlowStatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Sends one JSON request of a flow; anything but 2xx throws FlowStatusError with the body. */
export async function call(url: string, init: { method: string; headers: Record<string, string>; body?: unknown }): Promise<string> {
  const res = await fetch(url, {
    method: init.method,
    headers: init.body === undefined ? init.headers : { ...init.headers, 'content-type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  if (res.status < 200 || res.status > 299) throw new FlowStatusError(res.status, `${init.method} ${url} answered ${res.status}: ${text.slice(0, 300)}`);
  return text;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/**
 * Runs every worker's flow in a loop for `seconds`. A run with no completed flow fails, like a
 * request scenario with no 2xx answer; the first failure's message is kept to say why.
 */
export async function measureFlows(workers: readonly FlowRun[], seconds: number): Promise<Measurement> {
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let firstFailure: string | undefined;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    workers.map(async (run) => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await run();
          latencies.push(performance.now() - t0);
        } catch (err) {
          if (err instanceof FlowStatusError) non2xx += 1;
          else errors += 1;
          firstFailure ??= err instanceof Error ? err.message : String(err);
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const m: Measurement = {
    rps: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    ok: latencies.length,
    non2xx,
    errors,
  };
  if (m.ok === 0) throw new Error(`no flow completed (${non2xx} non-2xx, ${errors} errors): ${firstFailure ?? 'no attempt'}`);
  return m;
}

/**
 * Open-loop load at a steady rate, for latency "at 80% of the maximum rate" (as wrk2 measures it).
 *
 * autocannon's own rate limit lets each connection send its quota for the second as fast as the
 * server answers and then wait for the next second: at "80%" the server sees full-speed bursts with
 * every connection queued, so the latencies are those of full load. Here request i is due at
 * start + i / rate whatever the answers so far, goes out on a free keep-alive connection (or waits
 * for one), and its latency counts from when it was due, so a stalled server cannot hide the stall
 * by slowing the sender (coordinated omission).
 */
import { Agent, request as httpRequest } from 'node:http';
import { PerformanceObserver } from 'node:perf_hooks';
import type { LoadRequest, Measurement } from './load.ts';

export interface PacedSettings {
  readonly seconds: number;
  /** Requests per second, evenly spaced. */
  readonly rate: number;
  /** Keep-alive connections at most; a due request waits for one to free up. */
  readonly connections: number;
  /**
   * Also the p99 of each of this many equal stretches of the run (by due time). On these machines
   * one stall of the host (half a second with no CPU, a few times a minute) makes the p99 of the
   * stretch it falls in, whatever the server does; the median over stretches shows the server's.
   */
  readonly windows?: number;
  /**
   * Called as each stretch's first request goes out and once more as the run's last request goes
   * out (windows + 1 calls): what the caller samples between two calls (lib/steal.ts) belongs to
   * one stretch.
   */
  readonly onStretch?: () => void;
}

export interface PacedMeasurement extends Measurement {
  /** The p99 of each stretch, in order, when `windows` was asked for. */
  readonly p99ByWindow: readonly number[];
  /**
   * The sender's own stalls, by stretch: the latest any request went out after it fell due (ms),
   * and the longest garbage-collection pause of the sending process (ms). A request sent late
   * still counts its latency from when it was due, so a stalled sender reads as a slow server.
   */
  readonly senderLateByWindow: readonly number[];
  readonly senderGcByWindow: readonly number[];
}

/** The value below which `share` of the sorted values lie (nearest rank). */
function percentile(sorted: Float64Array, share: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)]!;
}

export async function paced(load: LoadRequest, settings: PacedSettings): Promise<PacedMeasurement> {
  const url = new URL(String(load.url));
  const method = load.method ?? 'GET';
  const headers = load.headers ?? {};
  const body = typeof load.body === 'string' ? load.body : undefined;
  const total = Math.max(1, Math.floor(settings.seconds * settings.rate));
  const agent = new Agent({ keepAlive: true, maxSockets: settings.connections });
  const windows = Math.max(1, settings.windows ?? 1);
  const byWindow: number[][] = Array.from({ length: windows }, () => []);
  /** The stretch a request belongs to, by its index (so by when it was due). */
  const stretchOf = (i: number) => Math.min(windows - 1, Math.floor((i * windows) / total));
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  const start = performance.now() + 20;
  const dueAt = (i: number) => start + (i * 1000) / settings.rate;
  const senderLate = new Array<number>(windows).fill(0);
  const senderGc = new Array<number>(windows).fill(0);
  const stretchAt = (t: number) => Math.max(0, Math.min(windows - 1, Math.floor(((t - start) * windows) / (settings.seconds * 1000))));
  const gcs = new PerformanceObserver((list) => {
    for (const gc of list.getEntries()) {
      const w = stretchAt(gc.startTime);
      senderGc[w] = Math.max(senderGc[w]!, gc.duration);
    }
  });
  gcs.observe({ entryTypes: ['gc'] });

  await new Promise<void>((resolve) => {
    let sent = 0;
    let finished = 0;
    const settle = () => {
      finished += 1;
      if (finished === total) resolve();
    };
    const send = (i: number) => {
      const due = dueAt(i);
      const req = httpRequest({ agent, host: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method, headers, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          byWindow[stretchOf(i)]!.push(performance.now() - due);
          if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) ok += 1;
          else non2xx += 1;
          settle();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors += 1;
        settle();
      });
      req.end(body);
    };
    // Timers fire about every millisecond at best: each tick sends whatever has fallen due.
    const tick = () => {
      const now = performance.now();
      while (sent < total && dueAt(sent) <= now) {
        if (sent === 0 || stretchOf(sent) !== stretchOf(sent - 1)) settings.onStretch?.();
        const w = stretchOf(sent);
        senderLate[w] = Math.max(senderLate[w]!, now - dueAt(sent));
        send(sent++);
        if (sent === total) settings.onStretch?.();
      }
      if (sent < total) setTimeout(tick, Math.max(0, dueAt(sent) - performance.now()));
    };
    setTimeout(tick, Math.max(0, start - performance.now()));
  });
  agent.destroy();
  gcs.disconnect();

  const sorted = Float64Array.from(byWindow.flat()).sort();
  const elapsedSeconds = (performance.now() - start) / 1000;
  const p99ByWindow = settings.windows === undefined ? [] : byWindow.map((w) => percentile(Float64Array.from(w).sort(), 0.99));
  return {
    rps: ok / Math.max(settings.seconds, elapsedSeconds),
    p50: percentile(sorted, 0.5),
    p99: percentile(sorted, 0.99),
    ok,
    non2xx,
    errors,
    p99ByWindow,
    senderLateByWindow: senderLate,
    senderGcByWindow: senderGc,
  };
}

/**
 * One load run with autocannon, in this process (pinned to the load core), reduced to the numbers
 * the report needs. A run that got no 2xx answer at all fails: a scenario that broke must not be
 * reported as a fast one.
 */
import autocannon, { type AutocannonOptions } from 'autocannon';

/** What a scenario asks for: everything but how long and how hard. */
export type LoadRequest = Omit<AutocannonOptions, 'duration' | 'amount' | 'connections' | 'overallRate'>;

/** As fast as the server answers (closed loop); a steady rate is lib/paced.ts's job. */
export interface LoadSettings {
  readonly seconds: number;
  readonly connections: number;
}

export interface Measurement {
  /** Mean 2xx responses per second. */
  readonly rps: number;
  /** Latency percentiles in milliseconds. */
  readonly p50: number;
  readonly p99: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
}

export async function measure(request: LoadRequest, settings: LoadSettings): Promise<Measurement> {
  const result = await autocannon({
    ...request,
    duration: settings.seconds,
    connections: settings.connections,
    timeout: 10,
  });
  const ok = result['2xx'];
  const m: Measurement = {
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  if (ok === 0) throw new Error(`no 2xx response from ${request.method ?? 'GET'} ${request.url} (${m.non2xx} non-2xx, ${m.errors} errors)`);
  return m;
}

/** A probe before the load: the request must succeed once, with its body shown when it does not. */
export async function probe(request: LoadRequest): Promise<void> {
  const res = await fetch(request.url, {
    method: request.method ?? 'GET',
    ...(request.headers !== undefined ? { headers: request.headers } : {}),
    ...(request.body !== undefined ? { body: request.body } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${request.method ?? 'GET'} ${request.url} answered ${res.status}: ${text.slice(0, 300)}`);
}

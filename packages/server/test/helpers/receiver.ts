/**
 * A notification endpoint for tests: a node:http server on loopback that records every request
 * (headers, raw body, arrival time) and answers the statuses a test queues. Nothing here touches a
 * database, so tests that use only this run once (see test/files.ts).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  readonly headers: IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  readonly body: string;
  /** performance.now() when it arrived. */
  readonly at: number;
}

export interface Receiver {
  readonly url: string;
  readonly port: number;
  readonly received: Received[];
  /** Statuses to answer, first first; 200 once they run out. */
  readonly statuses: number[];
  /** Milliseconds to wait before answering. */
  delayMs: number;
  /** Resolves once `count` notifications have arrived, or rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A notification endpoint on 127.0.0.1 (port 0 = any free one). */
export async function startReceiver(port = 0): Promise<Receiver> {
  const received: Received[] = [];
  const statuses: number[] = [];
  const waiters = new Set<() => void>();
  const state = { delayMs: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: performance.now() });
      for (const w of waiters) w();
      const status = statuses.shift() ?? 200;
      setTimeout(() => res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'not now'), state.delayMs);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}/notify`,
    port: bound,
    received,
    statuses,
    get delayMs() {
      return state.delayMs;
    },
    set delayMs(ms: number) {
      state.delayMs = ms;
    },
    waitFor: (count, timeoutMs = 5000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (received.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`${received.length} of ${count} notifications arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

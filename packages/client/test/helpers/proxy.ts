/**
 * A faulty network between the SDK and the server: a node:http proxy on loopback that forwards
 * every request, records it, and on request drops answers (after the server acted), answers 500 or
 * 429 itself (before it did), or delays requests.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the proxy saw it. */
export interface Seen {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage['headers'];
  /** When it arrived, and when its answer was sent (or dropped), in performance.now() ms. */
  readonly at: number;
  answeredAt: number | undefined;
}

type Fault = { kind: 'drop' } | { kind: 'status'; status: number; headers: Record<string, string> } | { kind: 'delay'; ms: number };

interface Rule {
  readonly method: string;
  readonly path: RegExp;
  readonly fault: Fault;
  times: number;
}

export class FaultyProxy {
  readonly seen: Seen[] = [];
  readonly #rules: Rule[] = [];
  readonly #server: Server;
  readonly #target: URL;
  url = '';

  private constructor(target: string) {
    this.#target = new URL(target);
    this.#server = createServer((req, res) => {
      const seen: Seen = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, at: performance.now(), answeredAt: undefined };
      this.seen.push(seen);
      const fault = this.#take(seen);
      if (fault?.kind === 'status') {
        req.resume();
        res
          .writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers })
          .end(JSON.stringify({ code: 'proxy', message: 'injected', correlationId: 'proxy' }));
        seen.answeredAt = performance.now();
        return;
      }
      // The whole request is read first, so a held request still reaches the server complete even
      // if the client gave up on it meanwhile (an upstream request left unended would hold the
      // server's shutdown).
      const body: Buffer[] = [];
      req.on('data', (c: Buffer) => body.push(c));
      const forward = () => {
        const upstream = httpRequest(
          {
            host: this.#target.hostname,
            port: this.#target.port,
            method: req.method,
            path: req.url,
            headers: { ...req.headers, connection: 'close' },
            agent: false,
          },
          (answer) => {
            const chunks: Buffer[] = [];
            answer.on('data', (c: Buffer) => chunks.push(c));
            answer.on('end', () => {
              seen.answeredAt = performance.now();
              // The server acted and answered; the client never hears of it.
              if (fault?.kind === 'drop') req.socket.destroy();
              else if (!res.destroyed) res.writeHead(answer.statusCode ?? 502, answer.headers).end(Buffer.concat(chunks));
            });
          },
        );
        upstream.on('error', () => req.socket.destroy());
        upstream.end(Buffer.concat(body));
      };
      req.on('end', () => {
        if (fault?.kind === 'delay') setTimeout(forward, fault.ms);
        else forward();
      });
    });
  }

  static async start(target: string): Promise<FaultyProxy> {
    const proxy = new FaultyProxy(target);
    await new Promise<void>((resolve) => proxy.#server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(proxy.#server.address() as AddressInfo).port}`;
    return proxy;
  }

  /** Forwards the next `times` matching requests but drops their answers (the connection is cut). */
  dropAnswer(method: string, path: RegExp, times = 1): void {
    this.#rules.push({ method, path, fault: { kind: 'drop' }, times });
  }

  /** Answers the next `times` matching requests with `status` without forwarding them. */
  answer(method: string, path: RegExp, status: number, times = 1, headers: Record<string, string> = {}): void {
    this.#rules.push({ method, path, fault: { kind: 'status', status, headers }, times });
  }

  /** Holds the next `times` matching requests for `ms` before forwarding them. */
  delay(method: string, path: RegExp, ms: number, times = 1): void {
    this.#rules.push({ method, path, fault: { kind: 'delay', ms }, times });
  }

  /** The requests seen so far with this method and a path matching `path`. */
  requests(method: string, path: RegExp): Seen[] {
    return this.seen.filter((s) => s.method === method && path.test(s.path));
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #take(seen: Seen): Fault | undefined {
    const rule = this.#rules.find((r) => r.times > 0 && r.method === seen.method && r.path.test(seen.path));
    if (rule === undefined) return undefined;
    rule.times -= 1;
    return rule.fault;
  }
}

/** The token endpoint's path. */
export const TOKEN = /^\/integrator-authentication\/connect\/token$/;

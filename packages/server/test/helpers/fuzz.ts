/**
 * Fuzzing over real HTTP: fast-check generators of malformed requests and a raw sender with a
 * per-request timeout. The pieces are separate so the PoS API's fuzz test can combine its own
 * paths, headers and JSON bodies with the same sender and the same hostile building blocks.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import fc from 'fast-check';
import { FORM } from './platform.ts';

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer | undefined;
}

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** A keep-alive agent for a fuzz run (thousands of requests should not mean thousands of sockets). */
export function fuzzAgent(): Agent {
  return new Agent({ keepAlive: true, maxSockets: 4 });
}

/**
 * Sends one request to `origin` and reads the whole response; rejects when no complete response
 * arrives within `timeoutMs` (a hang is a failure, not a wait).
 */
export function sendRaw(origin: URL, req: RawRequest, options: { timeoutMs: number; agent?: Agent }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...req.headers };
    if (req.body !== undefined) headers['content-length'] = String(req.body.length);
    const outgoing = httpRequest(
      { host: origin.hostname, port: origin.port, method: req.method, path: req.path, headers, agent: options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    outgoing.setTimeout(options.timeoutMs, () => outgoing.destroy(new Error(`no response within ${options.timeoutMs} ms: ${req.method} ${req.path}`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** Any character node's HTTP client will put in a header value, Latin-1 high bytes included. */
export const headerChar = fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f).map((c) => String.fromCharCode(c));
export const headerValue = (maxLength = 200) => fc.array(headerChar, { maxLength }).map((a) => a.join(''));

/** Bytes that are not valid UTF-8 (lone continuation bytes, overlong forms, 0xFF). */
export const nonUtf8Bytes = fc.array(fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xe0, 0xf5, 0xfe, 0xff, 0xed), { minLength: 1, maxLength: 8 }).map((a) => Buffer.from(a));

/** A credential-ish string: plausible, percent-garbled, non-UTF-8 when decoded, or long. */
export const credentialPart = fc.oneof(
  fc.uuid(),
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', '%', '%zz', '%2D%2d', '%C3%28', '%FF', '+', ':', '%3A', 'a:b'),
  nonUtf8Bytes.map((b) => b.toString('latin1')),
  fc.integer({ min: 100, max: 4000 }).map((n) => 'x'.repeat(n)),
);

export interface FuzzCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

const b64 = (s: string | Buffer) => (typeof s === 'string' ? Buffer.from(s, 'latin1') : s).toString('base64');

/** Authorization headers: absent, valid (when credentials are given), and every way Basic goes wrong. */
export function authorizationHeader(valid?: FuzzCredentials): fc.Arbitrary<string | undefined> {
  const pieces: fc.WeightedArbitrary<string | undefined>[] = [
    fc.constant(undefined),
    fc.tuple(credentialPart, credentialPart).map(([id, secret]) => `Basic ${b64(`${id}:${secret}`)}`),
    credentialPart.map((noColon) => `Basic ${b64(noColon.replace(/:/g, ''))}`),
    nonUtf8Bytes.map((bytes) => `Basic ${b64(Buffer.concat([bytes, Buffer.from(':'), bytes]))}`),
    headerValue().map((junk) => `Basic ${junk}`),
    fc.constantFrom('Basic', 'Basic ', 'basic ===', 'Basic =abc', 'BASIC Og==', 'Bearer abc', 'Digest x', 'Basic ' + 'QUFB'.repeat(1000)),
    headerValue(),
  ].map((arbitrary) => ({ weight: 1, arbitrary }));
  if (valid !== undefined) {
    const id = encodeURIComponent(valid.clientId);
    const secret = encodeURIComponent(valid.clientSecret);
    pieces.push(
      { weight: 4, arbitrary: fc.constant(`Basic ${b64(`${id}:${secret}`)}`) },
      { weight: 1, arbitrary: credentialPart.map((wrong) => `Basic ${b64(`${id}:${wrong}`)}`) },
      { weight: 1, arbitrary: fc.constant(`Basic ${b64(`${id}:${secret}`)}`.replace('Basic', 'basic')) },
    );
  }
  return fc.oneof(...pieces);
}

/** Form parameter names: the ones the endpoints read (so duplicates hit them) and random ones. */
const paramName = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('grant_type', 'client_id', 'client_secret', 'scope', 'merchant_vat', 'token', 'token_type_hint') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
);

function paramValue(valid?: FuzzCredentials): fc.Arbitrary<string> {
  const known = ['client_credentials', 'password', 'integrator_scope', 'openid', 'DK12345678', 'FI1234567', 'access_token', 'refresh_token'];
  if (valid !== undefined) known.push(valid.clientId, valid.clientSecret);
  return fc.oneof(fc.constantFrom(...known), credentialPart);
}

/** A form body: a list of parameters (names may repeat), percent-encoded or raw, sometimes huge or not UTF-8. */
export function formBody(valid?: FuzzCredentials): fc.Arbitrary<Buffer | undefined> {
  const pair = fc.tuple(paramName, paramValue(valid), fc.boolean()).map(([n, v, encode]) => (encode ? `${encodeURIComponent(n)}=${encodeURIComponent(v)}` : `${n}=${v}`));
  return fc.oneof(
    // Well-formed bodies now and then, so requests also reach the steps after client authentication.
    { weight: 3, arbitrary: fc.constantFrom('grant_type=client_credentials', 'grant_type=client_credentials&scope=integrator_scope&merchant_vat=DK12345678', 'token=a.b.c&token_type_hint=access_token').map((b) => Buffer.from(b)) },
    { weight: 6, arbitrary: fc.array(pair, { maxLength: 8 }).map((pairs) => Buffer.from(pairs.join('&'), 'latin1')) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
    { weight: 1, arbitrary: fc.integer({ min: 8000, max: 12_000 }).map((n) => Buffer.from(`grant_type=client_credentials&pad=${'a'.repeat(n)}`)) },
    { weight: 1, arbitrary: fc.tuple(nonUtf8Bytes, nonUtf8Bytes).map(([a, b]) => Buffer.concat([Buffer.from('grant_type='), a, Buffer.from('&client_id='), b])) },
  );
}

export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(FORM, `${FORM}; charset=UTF-8`, `${FORM};charset=latin1`, FORM.toUpperCase()) },
  { weight: 2, arbitrary: fc.constantFrom(undefined, 'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/xml', '*/*', '', ';') },
  { weight: 1, arbitrary: headerValue(60) },
);

/** Methods llhttp accepts; most requests are POSTs so they reach the handlers. */
export const method = fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 2, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') });

/**
 * A malformed (or now and then valid) request to one of the client-authenticating endpoints of
 * the Integrator Authentication API.
 */
export function clientAuthRequest(paths: readonly string[], valid?: FuzzCredentials): fc.Arbitrary<RawRequest> {
  return fc
    .record({
      method,
      path: fc.tuple(fc.constantFrom(...paths), fc.option(fc.constantFrom('?client_secret=x', '?a=b&a=c', '?%zz', '?grant_type=client_credentials'), { nil: '' })),
      authorization: authorizationHeader(valid),
      contentType,
      body: formBody(valid),
      extra: fc.option(fc.tuple(fc.constantFrom('x-correlation-id', 'accept', 'x-forwarded-for', 'content-encoding'), headerValue(80)), { nil: undefined }),
    })
    .map(({ method: m, path: [p, query], authorization, contentType: ct, body, extra }) => {
      const headers: Record<string, string> = {};
      if (authorization !== undefined) headers.authorization = authorization;
      if (ct !== undefined) headers['content-type'] = ct;
      if (extra !== undefined) headers[extra[0]] = extra[1];
      return { method: m, path: p + query, headers, body };
    });
}

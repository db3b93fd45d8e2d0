/**
 * Fuzzing over real HTTP: fast-check generators of malformed requests and a raw sender with a
 * per-request timeout. Form bodies and Basic credentials serve the Integrator Authentication API;
 * JSON operations (`jsonOperationRequest`) serve the PoS V10 and admin APIs, with the same sender
 * and the same hostile building blocks.
 */
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import fc from 'fast-check';
import { FORM } from './platform.ts';

/**
 * How many cases a fuzz test runs: all `full` of them under POSV10_TEST_FUZZ=full (`npm run
 * test:all`, CI), else `quick` (`npm test`), chosen so that each file's "the generator reached
 * every kind of answer" checks still hold without fail.
 */
export function fuzzRuns(full: number, quick: number): number {
  return process.env.POSV10_TEST_FUZZ === 'full' ? full : quick;
}

/**
 * fast-check's seed: fixed for the quick runs of `npm test`, so that its sample, and the "the
 * generator reached every kind of answer" checks on it, are the same on every machine (a rare
 * answer such as a successful create could otherwise be missed by chance, a flaky failure); random
 * for the full runs, which explore (fast-check prints the seed of a failure to replay it).
 */
export function fuzzSeed(): { seed?: number } {
  return process.env.POSV10_TEST_FUZZ === 'full' ? {} : { seed: 20261202 };
}

export interface RawRequest {
  readonly method: string;
  readonly path: string;
  /** An array value sends the header once per element (a duplicated header). */
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
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
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) headers[name] = typeof value === 'string' ? value : [...value];
    if (req.body !== undefined) headers['content-length'] = String(req.body.length);
    const outgoing = httpRequest({ host: origin.hostname, port: origin.port, method: req.method, path: req.path, headers, agent: options.agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    outgoing.setTimeout(options.timeoutMs, () => outgoing.destroy(new Error(`no response within ${options.timeoutMs} ms: ${req.method} ${req.path}`)));
    outgoing.on('error', reject);
    outgoing.end(req.body);
  });
}

/** Any character node's HTTP client will put in a header value, Latin-1 high bytes included. */
export const headerChar = fc
  .integer({ min: 0x20, max: 0xff })
  .filter((c) => c !== 0x7f)
  .map((c) => String.fromCharCode(c));
export const headerValue = (maxLength = 200) => fc.array(headerChar, { maxLength }).map((a) => a.join(''));

/** Bytes that are not valid UTF-8 (lone continuation bytes, overlong forms, 0xFF). */
export const nonUtf8Bytes = fc
  .array(fc.constantFrom(0x80, 0xbf, 0xc0, 0xc1, 0xe0, 0xf5, 0xfe, 0xff, 0xed), { minLength: 1, maxLength: 8 })
  .map((a) => Buffer.from(a));

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
  const pair = fc
    .tuple(paramName, paramValue(valid), fc.boolean())
    .map(([n, v, encode]) => (encode ? `${encodeURIComponent(n)}=${encodeURIComponent(v)}` : `${n}=${v}`));
  return fc.oneof(
    // Well-formed bodies now and then, so requests also reach the steps after client authentication.
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(
          'grant_type=client_credentials',
          'grant_type=client_credentials&scope=integrator_scope&merchant_vat=DK12345678',
          'token=a.b.c&token_type_hint=access_token',
        )
        .map((b) => Buffer.from(b)),
    },
    { weight: 6, arbitrary: fc.array(pair, { maxLength: 8 }).map((pairs) => Buffer.from(pairs.join('&'), 'latin1')) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) },
    { weight: 1, arbitrary: fc.integer({ min: 8000, max: 12_000 }).map((n) => Buffer.from(`grant_type=client_credentials&pad=${'a'.repeat(n)}`)) },
    {
      weight: 1,
      arbitrary: fc.tuple(nonUtf8Bytes, nonUtf8Bytes).map(([a, b]) => Buffer.concat([Buffer.from('grant_type='), a, Buffer.from('&client_id='), b])),
    },
  );
}

export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(FORM, `${FORM}; charset=UTF-8`, `${FORM};charset=latin1`, FORM.toUpperCase()) },
  { weight: 2, arbitrary: fc.constantFrom(undefined, 'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/xml', '*/*', '', ';') },
  { weight: 1, arbitrary: headerValue(60) },
);

/** Methods llhttp accepts; most requests are POSTs so they reach the handlers. */
export const method = fc.oneof(
  { weight: 8, arbitrary: fc.constant('POST') },
  { weight: 2, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD') },
);

/**
 * A malformed (or now and then valid) request to one of the client-authenticating endpoints of
 * the Integrator Authentication API.
 */
export function clientAuthRequest(paths: readonly string[], valid?: FuzzCredentials): fc.Arbitrary<RawRequest> {
  return fc
    .record({
      method,
      path: fc.tuple(
        fc.constantFrom(...paths),
        fc.option(fc.constantFrom('?client_secret=x', '?a=b&a=c', '?%zz', '?grant_type=client_credentials'), { nil: '' }),
      ),
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

/** A JSON operation to fuzz: its method, its path template (`{name}` placeholders) and a valid request. */
export interface JsonOperation {
  readonly method: string;
  readonly template: string;
  /** A valid body, mutated field by field; absent when the operation takes none. */
  readonly body?: Readonly<Record<string, unknown>>;
  /** Valid query parameters, mutated the same way. */
  readonly query?: Readonly<Record<string, string>>;
}

/** Values the validators must refuse (or accept) without falling over: wrong types, odd numbers, overlong strings. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    -0,
    0.001,
    12.345,
    1e308,
    -1e308,
    2 ** 53 + 2,
    1e-7,
    '',
    ' ',
    '0',
    '-1',
    '1e3',
    '0x10',
    'NaN',
    'Infinity',
    '12.345',
    '١٢',
    '{}',
    '[]',
    'null',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.integer({ min: 37, max: 3000 }).map((n) => 'x'.repeat(n)),
  fc.double(),
  fc.integer(),
  fc.uuid(),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const OMIT = Symbol('omit');

/** An object with each field of `valid` kept (mostly), dropped or replaced, and sometimes a field too many. */
export function mutatedObject(valid: Readonly<Record<string, unknown>>): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(
    Object.entries(valid).map(([k, v]) => [
      k,
      fc.oneof(
        { weight: 6, arbitrary: fc.constant<unknown>(v) },
        { weight: 1, arbitrary: fc.constant<unknown>(OMIT) },
        { weight: 2, arbitrary: hostileJsonValue },
      ),
    ]),
  );
  return fc
    .tuple(
      fc.record(fields),
      fc.option(fc.tuple(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...Object.keys(valid), 'id', 'status')), hostileJsonValue), { nil: undefined }),
    )
    .map(([record, extra]) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(record)) if (v !== OMIT) out[k] = v;
      if (extra !== undefined) out[extra[0]] = extra[1];
      return out;
    });
}

/** Text that is not (acceptable) JSON: truncated, trailing commas, single quotes, prototype pollution. */
const badJsonText = fc.constantFrom(
  '{',
  '}',
  '{"a":}',
  "{'a':1}",
  '{"a":1,}',
  '[1,2',
  'NaN',
  'undefined',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"amount":1,"amount":"x"}',
  '\u0000',
  '"\ud800"',
  `${'['.repeat(3000)}${']'.repeat(3000)}`,
  `{"a":${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}}`,
);

/** A JSON body for an operation whose valid body is `valid` (or none): valid, mutated, broken or huge. */
export function jsonBody(valid: Readonly<Record<string, unknown>> | undefined): fc.Arbitrary<Buffer | undefined> {
  const base = valid ?? {};
  const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(valid === undefined ? undefined : json(valid)) },
    { weight: 6, arbitrary: mutatedObject(base).map(json) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
    { weight: 1, arbitrary: hostileJsonValue.map(json) },
    { weight: 2, arbitrary: badJsonText.map((t) => Buffer.from(t, 'utf8')) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 30 }).map((n) => json(base).subarray(0, n)) },
    { weight: 1, arbitrary: nonUtf8Bytes.map((bytes) => Buffer.concat([Buffer.from('{"x":"'), bytes, Buffer.from('"}')])) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)) },
    // Over the 64 KiB body limit, and just under it.
    { weight: 1, arbitrary: fc.integer({ min: 60 * 1024, max: 200 * 1024 }).map((n) => json({ ...base, pad: 'a'.repeat(n) })) },
  );
}

export const jsonContentType: fc.Arbitrary<string | undefined> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/json', 'application/problem+json', 'application/json-patch+json'),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined,
      'text/plain',
      FORM,
      'multipart/form-data; boundary=x',
      'application/xml',
      '',
      ';',
      'application/json; charset=latin1',
      'application/jsonx',
      'APPLICATION/JSON',
    ),
  },
  { weight: 1, arbitrary: headerValue(40) },
);

/** A value for a path placeholder: a known id (mostly), another GUID, or something that is no id at all. */
export function pathSegment(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...known) },
    { weight: 1, arbitrary: fc.constantFrom(...known).map((id) => id.toUpperCase()) },
    { weight: 2, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('%zz', '%00', '%2F', '..', '.', '%E0%A4%A', 'null', '0', '-1', '00000000-0000-0000-0000-000000000000', '{posid}', '%20', '%'),
    },
    { weight: 1, arbitrary: fc.integer({ min: 37, max: 3000 }).map((n) => 'a'.repeat(n)) },
  );
}

/** A query string from valid parameters: mutated values, duplicates, junk. */
function queryString(valid: Readonly<Record<string, string>> | undefined): fc.Arbitrary<string> {
  const names = Object.keys(valid ?? {});
  const pair = fc.tuple(
    fc.oneof(
      { weight: 4, arbitrary: names.length > 0 ? fc.constantFrom(...names) : fc.string({ maxLength: 8 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
    ),
    fc.oneof(fc.constantFrom(...Object.values(valid ?? { x: '' })), credentialPart),
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant(valid === undefined ? '' : `?${new URLSearchParams(valid as Record<string, string>).toString()}`) },
    {
      weight: 3,
      arbitrary: fc
        .array(pair, { maxLength: 4 })
        .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`)),
    },
    { weight: 1, arbitrary: fc.constantFrom('?', '?%zz', '?a', '?=&=', '?posId=%00', `?orderId=${'o'.repeat(3000)}`) },
  );
}

/** Methods for a request aimed at `operation`: its own mostly, sometimes another. */
const otherMethod = fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'OPTIONS', 'HEAD');

export interface JsonRequestParts {
  /** Values for the path placeholders, by name. */
  readonly ids: Readonly<Record<string, readonly string[]>>;
  /** Headers of the request (authorization and the API's own), generated per request. */
  readonly headers: fc.Arbitrary<Record<string, string | readonly string[]>>;
}

/** A request aimed at one of `operations`, malformed in any of the ways above (or valid now and then). */
export function jsonOperationRequest(operations: readonly JsonOperation[], parts: JsonRequestParts): fc.Arbitrary<RawRequest> {
  return fc.constantFrom(...operations).chain((op) => {
    const placeholders = [...op.template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    const segments = placeholders.map((name) => pathSegment(parts.ids[name] ?? ['x']));
    return fc
      .record({
        method: fc.oneof({ weight: 9, arbitrary: fc.constant(op.method) }, { weight: 1, arbitrary: otherMethod }),
        segments: fc.tuple(...segments),
        query: queryString(op.query),
        headers: parts.headers,
        contentType: jsonContentType,
        body: jsonBody(op.body),
      })
      .map(({ method: m, segments: values, query, headers, contentType: ct, body }) => {
        let i = 0;
        const path = op.template.replace(/\{\w+\}/g, () => values[i++]!) + query;
        const all: Record<string, string | readonly string[]> = { ...headers };
        if (ct !== undefined && body !== undefined) all['content-type'] = ct;
        return { method: m, path, headers: all, body: m === 'GET' || m === 'HEAD' ? undefined : body };
      });
  });
}

/** A header sent correctly (mostly), left out, sent twice, or garbled. */
export function fuzzedHeader(valid: fc.Arbitrary<string>, wrong: readonly string[]): fc.Arbitrary<string | readonly string[] | undefined> {
  return fc.oneof(
    { weight: 12, arbitrary: valid },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: valid.map((v) => [v, v] as const) },
    { weight: 1, arbitrary: wrong.length > 0 ? fc.constantFrom(...wrong) : headerValue(40) },
    { weight: 1, arbitrary: headerValue(60) },
  );
}

/** Bearer tokens: valid ones (mostly), and every way a bearer token goes wrong. */
export function bearerHeader(validTokens: readonly string[]): fc.Arbitrary<string | readonly string[] | undefined> {
  const token = fc.constantFrom(...validTokens);
  return fc.oneof(
    { weight: 14, arbitrary: token.map((t) => `Bearer ${t}`) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('Bearer', 'Bearer ', 'Bearer a.b.c', 'Bearer ...', 'Basic Og==', 'bearer', 'Bearer a b', `Bearer ${'a'.repeat(3000)}`),
    },
    // A valid token with one character changed, cut short, or with its signature dropped.
    {
      weight: 1,
      arbitrary: fc
        .tuple(token, fc.nat(), fc.constantFrom('A', 'x', '-', '_'))
        .map(([t, at, c]) => `Bearer ${t.slice(0, at % t.length)}${c}${t.slice((at % t.length) + 1)}`),
    },
    { weight: 1, arbitrary: token.map((t) => `Bearer ${t.split('.').slice(0, 2).join('.')}.`) },
    { weight: 1, arbitrary: token.map((t) => [`Bearer ${t}`, `Bearer ${t}`] as const) },
    { weight: 1, arbitrary: headerValue(80) },
  );
}

/** Drops the undefined entries of a header record. */
export function definedHeaders(headers: Record<string, string | readonly string[] | undefined>): Record<string, string | readonly string[]> {
  const out: Record<string, string | readonly string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) out[k] = v;
  return out;
}

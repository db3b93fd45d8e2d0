/**
 * Every setting posv10 reads, with its default and its meaning, in one list: `posv10 serve --help`
 * prints it and docs/configuration.md's table is its copy (test/config/configuration.docs.test.ts
 * checks both against it, and against the variables loadConfig really reads, and their defaults).
 * A new setting is a `read(…)` in loadConfig, a row here and the same row in the document.
 * Meanings are Markdown (code in backticks), shown as plain text in the help.
 */
export interface SettingInfo {
  readonly name: string;
  /** As documented; undefined when the setting is unset by default. */
  readonly default: string | undefined;
  readonly meaning: string;
}

export const SETTINGS: readonly SettingInfo[] = [
  {
    name: 'PORT',
    default: undefined,
    meaning:
      'the port hosting platforms (Heroku, Render, Cloud Run, …) give the app (0–65535): used when `POSV10_PORT` is not set, and then the default host is `0.0.0.0`',
  },
  {
    name: 'POSV10_PORT',
    default: '8080',
    meaning: 'TCP port to listen on (0–65535); `0` picks a free one. Wins over `PORT`; `posv10 serve --port` wins over both',
  },
  {
    name: 'POSV10_HOST',
    default: '127.0.0.1',
    meaning:
      'address to bind; `0.0.0.0` to serve other machines (in a container). `0.0.0.0` when `PORT` is set (a hosting platform). `posv10 serve --host` wins',
  },
  {
    name: 'POSV10_PUBLIC_URL',
    default: 'http://localhost:<port>',
    meaning:
      'public base URL; every published URL (issuer, token endpoint, JWKS) is built from it. Defaults to the port served on (and the host, when it is a name other than a loopback or wildcard address). The server records it in the database at start, and CLI commands that do not set it use the recorded one in the credentials they send',
  },
  {
    name: 'POSV10_DATABASE_URL',
    default: 'sqlite:./data/posv10.sqlite',
    meaning:
      '`sqlite:<path>` or `postgres://user@host:port/db[?schema=name]` (tables in that schema, created if missing). A relative SQLite path is relative to the project root, not the current folder. Only `serve` creates a missing SQLite file; other commands refuse unless given `--create-database`',
  },
  { name: 'POSV10_MODE', default: 'sandbox', meaning: '`sandbox` or `production`' },
  { name: 'POSV10_TOKEN_TTL_SECONDS', default: '3700', meaning: 'access token lifetime (60–86400)' },
  {
    name: 'POSV10_KEY_ENCRYPTION_SECRET',
    default: undefined,
    meaning: 'when set (≥ 16 characters), private signing keys are encrypted at rest (AES-256-GCM, scrypt-derived key); **required in production**',
  },
  { name: 'POSV10_SIGNING_ALG', default: 'RS256', meaning: '`RS256`, `ES256` or `EdDSA`: algorithm of newly generated signing keys' },
  { name: 'POSV10_AUDIENCE', default: '<public URL>/pos/v10', meaning: "`aud` of access tokens: the PoS V10 API's identifier" },
  { name: 'POSV10_LOG_LEVEL', default: 'info', meaning: '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`' },
  {
    name: 'POSV10_METRICS_PUBLIC',
    default: 'false',
    meaning:
      '`true` lets `GET /metrics` answer without the admin token (for a Prometheus scraper on a private network); otherwise it needs `Authorization: Bearer <admin token>`',
  },
  {
    name: 'POSV10_LOG_REQUESTS',
    default: 'false',
    meaning:
      '`true` writes two info lines per request (incoming, completed, with the correlation id); off by default because they cost token throughput (see BENCHMARKS.md); errors are logged either way',
  },
  {
    name: 'POSV10_CLIENT_CACHE_SECONDS',
    default: '5',
    meaning:
      'how long the token endpoint and the PoS API may serve a client lookup or merchant grant from memory (0–300); a disabled client stops getting tokens and its tokens stop working, and a revoked merchant grant stops working, within this time (at once in the instance that made the change)',
  },
  { name: 'POSV10_KEY_REFRESH_SECONDS', default: '5', meaning: 'how often an instance re-reads signing keys, so a rotation elsewhere reaches it (1–3600)' },
  {
    name: 'POSV10_AUTH_ISSUER',
    default: undefined,
    meaning:
      "when set (an http(s) URL), the PoS API verifies access tokens of this remote issuer (its discovery document and JWKS) instead of this instance's keys; tokens must carry `aud` = `POSV10_AUDIENCE`. A remote issuer's disabled clients are not seen: their tokens work until they expire",
  },
  {
    name: 'POSV10_REDIS_URL',
    default: undefined,
    meaning:
      '`redis://…` or `rediss://…`: rate-limit counters and a revocation counter live there, shared by every instance (a token revoked on one instance is refused by all at once); unset, each instance counts in its own memory (right for one instance only)',
  },
  { name: 'POSV10_REDIS_PREFIX', default: 'posv10:', meaning: 'prefix of every Redis key posv10 writes, so deployments sharing a Redis stay apart' },
  { name: 'POSV10_AUTH_FAILURE_WINDOW_SECONDS', default: '300', meaning: 'sliding window over which failed client authentications are counted (1–86400)' },
  {
    name: 'POSV10_AUTH_FAILURES_PER_ADDRESS',
    default: '100',
    meaning:
      'failed client authentications allowed per source address per window (0–1000000); over it, 429 `slow_down` + `Retry-After` without checking the secret; `0` = off',
  },
  {
    name: 'POSV10_AUTH_FAILURES_PER_CLIENT_ADDRESS',
    default: '10',
    meaning: 'the same per client id + source address (0–1000000); `0` = off. There is deliberately no limit per client id alone (see docs/security.md)',
  },
  {
    name: 'POSV10_TOKEN_QUOTA_PER_MINUTE',
    default: '600',
    meaning:
      'tokens one client may obtain per minute (0–1000000): a client that caches its tokens needs about one an hour; over it, 429 `slow_down` + `Retry-After`; `0` = off',
  },
  {
    name: 'POSV10_REVOCATION_CACHE_SECONDS',
    default: '2',
    meaning:
      "how stale an instance's view of revoked tokens (and of imported certificates) may be: a revocation made on any instance is honoured everywhere within this time (0–60); at once with `POSV10_REDIS_URL`",
  },
  {
    name: 'POSV10_MAX_HEADER_BYTES',
    default: '16384',
    meaning: "largest accepted request line + headers (node's `maxHeaderSize`); larger heads get 431 (1024–65536)",
  },
  {
    name: 'POSV10_ADMIN_TOKEN',
    default: undefined,
    meaning:
      'bearer token of the admin API `/admin/v1` (≥ 32 characters); **required in production**. Unset in the sandbox: a token is generated on the first start, printed once to stdout, and only its SHA-256 digest is stored',
  },
  {
    name: 'POSV10_OUTBOX_DIR',
    default: './data/outbox',
    meaning:
      "where the sandbox's offline delivery writes credential e-mails (`mail/*.eml`) and text messages (`sms.jsonl`, one JSON object per line: `to`, `body`, `sentAt`); a relative path is relative to the project root",
  },
  {
    name: 'POSV10_SMTP_URL',
    default: undefined,
    meaning:
      '`smtp://user:pass@host:port` or `smtps://…`: when set, credential e-mails go out through this SMTP server instead of the outbox; needed in production',
  },
  { name: 'POSV10_MAIL_FROM', default: 'posv10 Developer Support <developer-support@localhost>', meaning: 'sender of credential e-mails' },
  {
    name: 'POSV10_SMS_URL',
    default: undefined,
    meaning:
      'HTTP(S) endpoint of the SMS provider: when set, zip passwords are sent as a JSON POST `{"to": "+45…", "body": "…"}` (any 2xx is success) instead of the outbox; needed in production',
  },
  { name: 'POSV10_SMS_TOKEN', default: undefined, meaning: 'bearer token sent to the SMS provider (`Authorization: Bearer …`)' },
  {
    name: 'POSV10_DATABASE_POOL_SIZE',
    default: '10',
    meaning: 'PostgreSQL connections per instance (2–200); N instances open up to N × this many (see [operations.md](operations.md))',
  },
  {
    name: 'POSV10_DATABASE_PREPARED_STATEMENTS',
    default: 'true',
    meaning:
      'PostgreSQL: send each query as a named prepared statement, parsed once per connection; set `false` behind PgBouncer in transaction mode unless it is 1.21+ with `max_prepared_statements` set (see [operations.md](operations.md))',
  },
  {
    name: 'POSV10_EXPIRY_SWEEP_SECONDS',
    default: '30',
    meaning:
      'how often the background sweep ends payments and refunds past their deadline (1–3600); requests also expire what they read, so the sweep only bounds how long an unread payment looks alive in lists',
  },
  {
    name: 'POSV10_NOTIFICATION_RETRIES',
    default: '3',
    meaning:
      'retries of a check-in notification after its first attempt, on any answer but `200` (0–10); then it is `failed` until resent (see [notifications.md](notifications.md))',
  },
  {
    name: 'POSV10_NOTIFICATION_BACKOFF_MS',
    default: '2000',
    meaning: "delay before a notification's first retry, in milliseconds (1–60000); each later retry waits three times longer (2 s, 6 s, 18 s)",
  },
  {
    name: 'POSV10_REQUIRE_CERTIFIED_CLIENTS',
    default: 'false',
    meaning:
      '`true` or `false`; unset it is `true` in production mode and `false` in the sandbox. When true, a PoS call is refused with 403 `1412` unless its client holds an imported, unrevoked self-certification certificate for the Major.Minor of its `x-mobilepay-client-system-version` (see [certification-production.md](certification-production.md)); instances see an import or revocation elsewhere within `POSV10_REVOCATION_CACHE_SECONDS`, at once with `POSV10_REDIS_URL`',
  },
  {
    name: 'POSV10_CERTIFICATION_ISSUER',
    default: undefined,
    meaning:
      'the issuer URL of the sandbox whose self-certification signs certificates (e.g. `https://sandbox.example/integrator-authentication`): `posv10 certificate import` reads its discovery document and JWKS and accepts only certificates its keys signed',
  },
];

/** The documentation's table row of a setting. */
export function markdownRow(s: SettingInfo): string {
  return `| \`${s.name}\` | ${s.default === undefined ? 'unset' : `\`${s.default}\``} | ${s.meaning} |`;
}

/** The settings as plain text for a terminal: name, default, then the meaning indented beneath. */
export function settingsHelp(width = 100): string {
  const lines = ['Settings (environment variables, or lines of the .env file in the project root; the environment wins):', ''];
  for (const s of SETTINGS) {
    lines.push(`  ${s.name}  (default: ${s.default ?? 'unset'})`);
    lines.push(...wrap(plain(s.meaning), width - 6).map((l) => `      ${l}`));
  }
  return lines.join('\n');
}

/** Markdown code spans and links as plain text. */
function plain(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replaceAll('`', '');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

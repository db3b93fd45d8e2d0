/**
 * Parsing of the token endpoint's form body and of HTTP Basic client credentials.
 */
import { OAuthError } from './oauth.errors.ts';

/**
 * An application/x-www-form-urlencoded body as a map. RFC 6749 §3.2: a parameter sent more than
 * once is an error; one with an empty value counts as absent.
 */
export function parseTokenForm(body: string): Map<string, string> {
  const params = new Map<string, string>();
  const seen = new Set<string>();
  for (const [name, value] of new URLSearchParams(body)) {
    if (seen.has(name)) throw new OAuthError('invalid_request', `Parameter "${name.slice(0, 40)}" was sent more than once`);
    seen.add(name);
    if (value !== '') params.set(name, value);
  }
  return params;
}

export interface BasicCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Form-urlencoding decode: '+' is a space, then percent-escapes. Undefined when malformed. */
function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

/**
 * `Authorization: Basic …` → client credentials, or undefined when the header is not Basic or is
 * malformed. RFC 6749 §2.3.1: client id and secret are form-urlencoded before base64, so they
 * are decoded after it. Clients that send them raw (curl, most Python libraries) still work,
 * because our ids and secrets contain no characters that decoding would change.
 * @see RFC 6749 §2.3.1, RFC 7617 §2
 */
export function parseBasic(header: string): BasicCredentials | undefined {
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space).toLowerCase() !== 'basic') return undefined;
  const encoded = header.slice(space + 1).trim();
  if (encoded.length > 2048 || !BASE64.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const clientId = formDecode(decoded.slice(0, colon));
  const clientSecret = formDecode(decoded.slice(colon + 1));
  if (clientId === undefined || clientSecret === undefined || clientId === '' || clientSecret === '') return undefined;
  return { clientId, clientSecret };
}

/** Whether an Authorization header uses the Basic scheme at all (well-formed or not). */
export function isBasicScheme(header: string | undefined): boolean {
  return header !== undefined && /^basic(\s|$)/i.test(header);
}

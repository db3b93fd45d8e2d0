/**
 * The session cookie: `HttpOnly` (no script reads it), `SameSite=Strict` (no other site's page
 * sends it), `Secure` with the `__Secure-` prefix when the console is served over https, scoped to
 * /console, and expiring with the session's absolute limit.
 * @see RFC 6265bis §4.1.3 (cookie prefixes), §5.4.7 (SameSite)
 */
import { SESSION_ABSOLUTE_SECONDS } from './console-session.service.ts';

export interface CookieSettings {
  readonly name: string;
  readonly secure: boolean;
}

export function cookieSettings(publicUrl: string): CookieSettings {
  const secure = publicUrl.startsWith('https:');
  return { name: secure ? '__Secure-posv10_console' : 'posv10_console', secure };
}

const attributes = (s: CookieSettings, maxAge: number) => `Path=/console; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${s.secure ? '; Secure' : ''}`;

export function sessionCookie(s: CookieSettings, sessionId: string): string {
  return `${s.name}=${sessionId}; ${attributes(s, SESSION_ABSOLUTE_SECONDS)}`;
}

/** A cookie that makes the browser forget the session cookie at once. */
export function clearedCookie(s: CookieSettings): string {
  return `${s.name}=; ${attributes(s, 0)}`;
}

/** The value of cookie `name` in a Cookie header, if present once. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  let found: string | undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    // Two cookies of one name (one planted for a wider path or a sibling domain): trust neither.
    if (found !== undefined) return undefined;
    found = part.slice(eq + 1).trim();
  }
  return found;
}

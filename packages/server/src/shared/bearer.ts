const BEARER = /^Bearer +(\S+) *$/i;

/**
 * The token of an `Authorization: Bearer <token>` header, or undefined when the header is absent or
 * not of that form. The scheme is case-insensitive and followed by one or more spaces (RFC 6750
 * §2.1 `"Bearer" 1*SP b64token`). The token is taken as any run of visible characters, a superset
 * of b64token: what a token may look like is the verifier's business (an operator's configured
 * admin token may hold any character), and anything it does not know is refused there.
 * @example bearerToken('Bearer abc.def') // 'abc.def'
 * @example bearerToken('Basic abc')      // undefined
 * @see RFC 6750 §2.1
 */
export function bearerToken(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  return BEARER.exec(header)?.[1];
}

/**
 * Which API a path (or a route template) belongs to. One answer for every place that asks: the
 * shape of a not-found or malformed-URL error (not-found.ts, app.ts) and the `surface` label of
 * the HTTP metrics (metrics.ts).
 */
export type Surface = 'pos' | 'sandbox' | 'admin' | 'oauth' | 'other';

export function surfaceOf(url: string): Surface {
  const path = url.split('?', 1)[0]!;
  // The sandbox's user simulation answers in the PoS shape but is measured apart from the PoS API.
  if (path.startsWith('/pos/app/')) return 'sandbox';
  const first = path.split('/', 2)[1];
  if (first === 'pos') return 'pos';
  if (first === 'admin') return 'admin';
  if (first === 'integrator-authentication' || path.startsWith('/.well-known/oauth-authorization-server')) return 'oauth';
  return 'other';
}

// The sandbox app's calls: sign-in at the platform's token endpoint (as any client signs in),
// and the app's JSON API with the bearer token. The session lives in sessionStorage: it ends
// with the tab, and holds the token only, never the client secret.

const SESSION_KEY = 'posv10.sandboxApp';

/** A failed call: HTTP status, the PoS error code when there is one, and a message for people. */
export class ApiError extends Error {
  constructor(status, message, code) {
    super(message);
    this.status = status;
    this.code = code ?? null;
  }
}

export function loadSession() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? '{}');
    return typeof stored === 'object' && stored !== null ? stored : {};
  } catch {
    return {};
  }
}

export function saveSession(session) {
  sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
}

/** The claims of a JWT, read for display only (the server verifies it). */
export function tokenClaims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part));
  } catch {
    return {};
  }
}

/** client_secret_post at the token endpoint; resolves to {token, expiresAt (ms), clientId}. */
export async function signIn(clientId, clientSecret) {
  const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret });
  const res = await fetch('/integrator-authentication/connect/token', { method: 'POST', body, cache: 'no-store' });
  const json = await res.json().catch(() => ({}));
  if (!res.ok) {
    const message =
      res.status === 401
        ? 'Unknown client id or wrong secret.'
        : res.status === 429
          ? 'Too many attempts. Wait a moment and try again.'
          : (json.error_description ?? `Sign-in failed (${res.status}).`);
    throw new ApiError(res.status, message, json.error);
  }
  return { token: json.access_token, expiresAt: Date.now() + json.expires_in * 1000, clientId };
}

/** A call to /sandbox/app/api with the bearer token; resolves to the JSON answer. */
export async function call(token, method, path, body) {
  const headers = { authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`/sandbox/app/api${path}`, {
    method,
    headers,
    cache: 'no-store',
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, json?.message ?? `Request failed (${res.status}).`, json?.code);
  return json;
}

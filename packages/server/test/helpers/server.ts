/**
 * A real posv10 server listening on a free loopback port, for end-to-end tests with third-party
 * clients. The public URL matches the port, so discovery documents are usable as-is.
 */
import { startTestPlatform, type TestPlatform } from './platform.ts';
import { freePort } from './ports.ts';

export { freePort };

export interface ListeningPlatform extends TestPlatform {
  readonly baseUrl: string;
  readonly issuer: string;
}

export async function startListening(env: Record<string, string> = {}): Promise<ListeningPlatform> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const t = await startTestPlatform({ POSV10_PUBLIC_URL: baseUrl, ...env });
  await t.app.listen({ port, host: '127.0.0.1' });
  return { ...t, baseUrl, issuer: `${baseUrl}/integrator-authentication` };
}

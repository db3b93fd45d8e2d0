/**
 * `posv10 serve`: config → platform (the composition root) → HTTP → listen, and a graceful stop.
 */
import type { Config } from './config/config.ts';
import { createPlatform } from './platform.ts';
import { buildApp } from './http/app.ts';
import { ensureAdminToken } from './admin/admin-token.service.ts';
import { recordPublicUrl } from './config/recorded-public-url.ts';
import { startupLines } from './http/startup-lines.ts';
import { POSV10_VERSION } from './shared/version.ts';

export async function runServer(config: Config): Promise<{ url: string; close: () => Promise<void> }> {
  const platform = await createPlatform(config);
  const app = await buildApp(platform);
  const generatedAdminToken = await ensureAdminToken(platform.db, platform.clock, config);
  if (generatedAdminToken !== undefined) {
    // Straight to stdout, never through pino: the token must not end up in collected logs.
    process.stdout.write(
      `\nposv10 admin API token (shown once; only its digest is stored): ${generatedAdminToken}\nUse it as "Authorization: Bearer <token>" on /admin/v1, or set POSV10_ADMIN_TOKEN.\n\n`,
    );
  }
  platform.oauth.keys.startRefreshing(config.keyRefreshSeconds, (err) => platform.log.error({ err }, 'signing key refresh failed'));
  const stopSweep = platform.pos.expiry.start(config.expirySweepSeconds, (err) => platform.log.error({ err }, 'expiry sweep failed'));
  // Check-in notifications go out from here on; platform.close() stops the deliverer.
  platform.notifications.deliverer.start();
  const address = await app.listen({ port: config.port, host: config.host });
  // Only once it listens (CLI commands build the URLs they send, credentials readmes, from it), and
  // before it says it serves, so whoever waits for that line finds the URL recorded.
  await recordPublicUrl(platform.db, platform.clock, config.publicUrl);
  app.log.info({ address, mode: config.mode, issuer: platform.oauth.issuer }, 'posv10 serving');
  if (process.stdout.isTTY) {
    process.stdout.write(startupLines({ version: POSV10_VERSION, mode: config.mode, address, publicUrl: config.publicUrl, issuer: platform.oauth.issuer }));
  }
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      app.log.info('posv10 stopping: finishing requests in flight');
      // Stops accepting, lets requests in flight finish, then closes the database pool.
      await stopSweep();
      await app.close();
      await platform.close();
      app.log.info('posv10 stopped');
    })();
    return closing;
  };
  return { url: address, close };
}

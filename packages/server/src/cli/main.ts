/**
 * The `posv10` command. The only reader of process.env and of the project's .env file: they are
 * read once, validated, and handed to the commands as a frozen Config.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config.ts';
import { loadEnvironment } from '../config/environment.ts';
import { POSV10_VERSION } from '../shared/version.ts';
import { DomainError } from '../shared/errors.ts';
import { commandContext, type CommandContext } from './context.ts';
import { registerServe } from './commands/serve.ts';
import { registerIntegratorAdd } from './commands/integrator/add.ts';
import { registerClientAdd } from './commands/client/add.ts';
import { registerKeysList } from './commands/keys/list.ts';
import { registerKeysRotate } from './commands/keys/rotate.ts';
import { registerIntegratorList } from './commands/integrator/list.ts';
import { registerIntegratorShow } from './commands/integrator/show.ts';
import { registerClientList } from './commands/client/list.ts';
import { registerClientRotateSecret } from './commands/client/rotate-secret.ts';
import { registerClientDisable } from './commands/client/disable.ts';
import { registerClientEnable } from './commands/client/enable.ts';
import { registerMerchantAdd } from './commands/merchant/add.ts';
import { registerMerchantList } from './commands/merchant/list.ts';
import { registerMerchantGrant } from './commands/merchant/grant.ts';
import { registerMerchantRevoke } from './commands/merchant/revoke.ts';
import { registerStoreAdd } from './commands/store/add.ts';
import { registerStoreList } from './commands/store/list.ts';
import { registerAuditList } from './commands/audit/list.ts';
import { registerCallbackAdd } from './commands/callback/add.ts';
import { registerCallbackList } from './commands/callback/list.ts';
import { registerCallbackSetUrl } from './commands/callback/set-url.ts';
import { registerCallbackRemove } from './commands/callback/remove.ts';
import { registerCallbackDeliveries } from './commands/callback/deliveries.ts';
import { registerCallbackResend } from './commands/callback/resend.ts';
import { registerIntegratorUpdate } from './commands/integrator/update.ts';
import { registerIntegratorRemove } from './commands/integrator/remove.ts';
import { registerClientDelete } from './commands/client/delete.ts';
import { registerMerchantRemove } from './commands/merchant/remove.ts';
import { registerStoreRemove } from './commands/store/remove.ts';
import { registerCertificateImport } from './commands/certificate/import.ts';
import { registerCertificateList } from './commands/certificate/list.ts';
import { registerCertificateRevoke } from './commands/certificate/revoke.ts';

const program = new Command('posv10')
  .description('posv10 — the MobilePay PoS V10 platform: Integrator Authentication, onboarding and the PoS V10 API')
  .version(POSV10_VERSION, '-V, --version', 'print the version of posv10')
  .option('--create-database', 'let a command other than serve create a missing SQLite database (it refuses by default, naming the path)')
  .showHelpAfterError()
  .exitOverride();

let context: CommandContext | undefined;
/** Settings are loaded when a command runs, not for --help, so help works with a broken environment. */
const ctx = (): CommandContext =>
  (context ??= commandContext(loadEnvironment(process.env, process.cwd()), {
    createDatabase: program.opts<{ createDatabase?: boolean }>().createDatabase === true,
  }));

registerServe(program, ctx);
const integrator = program.command('integrator').description('Integrators (PoS vendors)');
registerIntegratorAdd(integrator, ctx);
registerIntegratorList(integrator, ctx);
registerIntegratorShow(integrator, ctx);
registerIntegratorUpdate(integrator, ctx);
registerIntegratorRemove(integrator, ctx);
const client = program.command('client').description("Integrators' OAuth clients");
registerClientAdd(client, ctx);
registerClientList(client, ctx);
registerClientRotateSecret(client, ctx);
registerClientDisable(client, ctx);
registerClientEnable(client, ctx);
registerClientDelete(client, ctx);
const merchant = program.command('merchant').description('Merchants and the integrators they let act for them');
registerMerchantAdd(merchant, ctx);
registerMerchantList(merchant, ctx);
registerMerchantGrant(merchant, ctx);
registerMerchantRevoke(merchant, ctx);
registerMerchantRemove(merchant, ctx);
const store = program.command('store').description("Merchants' stores");
registerStoreAdd(store, ctx);
registerStoreList(store, ctx);
const callback = program.command('callback').description("Callback aliases: integrators' notification endpoints, and the check-in notifications sent to them");
registerCallbackAdd(callback, ctx);
registerCallbackList(callback, ctx);
registerCallbackSetUrl(callback, ctx);
registerCallbackRemove(callback, ctx);
registerCallbackDeliveries(callback, ctx);
registerCallbackResend(callback, ctx);
registerStoreRemove(store, ctx);
const audit = program.command('audit').description('The operator audit log');
registerAuditList(audit, ctx);
const keys = program.command('keys').description('Token signing keys');
registerKeysList(keys, ctx);
registerKeysRotate(keys, ctx);
const certificate = program.command('certificate').description('Self-certification certificates: which client versions production admits');
registerCertificateImport(certificate, ctx);
registerCertificateList(certificate, ctx);
registerCertificateRevoke(certificate, ctx);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode;
  } else if (err instanceof ConfigError || err instanceof DomainError) {
    process.stderr.write(`posv10: ${err.message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`posv10: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  }
}

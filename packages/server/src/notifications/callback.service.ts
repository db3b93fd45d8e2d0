/**
 * Callback aliases as an operator action (CLI `posv10 callback …`, admin API `/admin/v1/callbacks`):
 * an alias names one integrator's notification endpoint; moving it to a new URL is timed with the
 * integrator (notification-service.md "Migrating to a different notification endpoint"). Each alias
 * has a signing secret that reaches the integrator the way client credentials do (encrypted zip by
 * e-mail, its password by text message) and is never shown to the operator. Every change is audited.
 */
import type { Mode } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { conflict, DomainError, invalid, notFound } from '../shared/errors.ts';
import { displayText } from '../shared/text.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { getIntegrator, type IntegratorRow } from '../integrators/integrator.service.ts';
import type { CredentialsDelivery, Delivery } from '../onboarding/credentials-delivery.ts';
import * as repo from './notification.repository.ts';
import { callbackJson, notificationJson, type CallbackView, type NotificationView } from './callback.views.ts';
import { SIGNATURE_HEADER } from './signature.ts';
import type { SigningSecrets } from './signing-secrets.ts';
import { checkCallbackUrl, checkResolvesPublic } from './url-policy.ts';

export interface CallbackPorts {
  readonly db: Db;
  readonly clock: Clock;
  readonly mode: Mode;
  readonly delivery: CredentialsDelivery;
  readonly secrets: SigningSecrets;
  /** Called after a notification was put back in the queue, so this instance sends it at once. */
  readonly onRequeued: () => void;
}

/** The longest alias: PoS V10 text fields are free text, and an alias is a short name. */
const MAX_ALIAS = 64;
/** Notifications listed by `deliveries`, newest first. */
const DEFAULT_DELIVERIES = 50;
const MAX_DELIVERIES = 500;

export interface AddedCallback extends CallbackView {
  /** Where the signing secret went (never the secret). */
  readonly delivery: Delivery;
}

export class CallbackService {
  constructor(private readonly ports: CallbackPorts) {}

  /** A new alias of `integratorId` for `url`; its signing secret is delivered to the integrator, or nothing is kept. */
  async add(actor: string, integratorId: string, input: { alias: string; url: string }): Promise<AddedCallback> {
    const { db, clock, mode, delivery, secrets } = this.ports;
    const alias = checkAlias(input.alias);
    const url = checkCallbackUrl(input.url, mode);
    delivery.assertAllowed();
    const integrator = await getIntegrator(db, integratorId);
    await checkResolvesPublic(url, mode);
    if ((await repo.findAlias(db, alias)) !== undefined) throw conflict(`callback alias ${alias} exists (aliases are never reused)`);
    const now = clock.now().toISOString();
    const { secret, stored } = secrets.issue(alias);
    const row = { alias, integrator_id: integrator.id, url, signing_secret: stored, created_at: now, updated_at: now, removed_at: null };
    try {
      await repo.insertAlias(db, row);
    } catch (err) {
      // Two operators adding one alias at once: the primary key decides.
      if ((await repo.findAlias(db, alias)) !== undefined) throw conflict(`callback alias ${alias} exists (aliases are never reused)`);
      throw err;
    }
    let sent: Delivery;
    try {
      sent = await delivery.deliverPackage(integrator, signingSecretPackage(integrator, alias, url, secret, mode));
    } catch (err) {
      // The integrator never got the secret: an alias nobody can verify is no use, so it goes.
      await repo.deleteAlias(db, alias);
      const reason = err instanceof Error ? err.message : String(err);
      await recordAudit(db, clock, { actor, action: 'callback.add', subject: alias, outcome: 'failed', detail: { integratorId: integrator.id, url, reason } });
      throw err instanceof DomainError ? err : new DomainError('failed', reason);
    }
    await this.#audited(actor, 'callback.add', alias, { integratorId: integrator.id, url, ...sent });
    return { ...callbackJson(row), delivery: sent };
  }

  async list(integratorId?: string): Promise<CallbackView[]> {
    if (integratorId !== undefined) await getIntegrator(this.ports.db, integratorId);
    return (await repo.listAliases(this.ports.db, integratorId)).map(callbackJson);
  }

  /** Moves an alias to a new URL (the next attempt of every pending notification goes there). */
  async setUrl(actor: string, aliasName: string, rawUrl: string): Promise<CallbackView> {
    const { db, clock, mode } = this.ports;
    const before = await this.#live(aliasName);
    const url = checkCallbackUrl(rawUrl, mode);
    await checkResolvesPublic(url, mode);
    if (!(await repo.updateAliasUrl(db, before.alias, url, clock.now().toISOString()))) throw notFound(`no callback alias ${aliasName}`);
    await this.#audited(actor, 'callback.set-url', before.alias, { integratorId: before.integrator_id, from: before.url, to: url });
    return callbackJson((await repo.findAlias(db, before.alias))!);
  }

  /** Removes an alias: no new notification is queued for it, and pending ones fail at their next attempt. */
  async remove(actor: string, aliasName: string): Promise<void> {
    const { db, clock } = this.ports;
    const before = await this.#live(aliasName);
    if (!(await repo.markAliasRemoved(db, before.alias, clock.now().toISOString()))) throw notFound(`no callback alias ${aliasName}`);
    await this.#audited(actor, 'callback.remove', before.alias, { integratorId: before.integrator_id, url: before.url });
  }

  /** The newest notifications of an alias (removed ones too), each with every attempt. */
  async deliveries(aliasName: string, limit = DEFAULT_DELIVERIES): Promise<NotificationView[]> {
    const { db } = this.ports;
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DELIVERIES) throw invalid(`limit must be a whole number from 1 to ${MAX_DELIVERIES}`);
    const alias = await repo.findAlias(db, aliasName);
    if (alias === undefined) throw notFound(`no callback alias ${aliasName}`);
    const rows = await repo.listNotifications(db, alias.alias, limit);
    const attempts = await repo.listAttempts(
      db,
      rows.map((r) => r.id),
    );
    return rows.map((row) =>
      notificationJson(
        row,
        attempts.filter((a) => a.notification_id === row.id),
      ),
    );
  }

  /** Sends a finished (failed or delivered) notification again, with a fresh set of retries. */
  async resend(actor: string, notificationId: string): Promise<NotificationView> {
    const { db, clock } = this.ports;
    const row = await repo.findNotification(db, notificationId);
    if (row === undefined) throw notFound(`no notification ${notificationId}`);
    if (!(await repo.requeue(db, row.id, clock.now().toISOString()))) throw conflict(`notification ${row.id} is still being delivered`);
    await this.#audited(actor, 'callback.resend', row.alias, { notificationId: row.id, posId: row.pos_id, previousState: row.state });
    this.ports.onRequeued();
    const after = (await repo.findNotification(db, row.id))!;
    return notificationJson(after, await repo.listAttempts(db, [row.id]));
  }

  async #live(aliasName: string): Promise<repo.CallbackAliasRow> {
    const row = await repo.findAlias(this.ports.db, aliasName);
    if (row === undefined || row.removed_at !== null) throw notFound(`no callback alias ${aliasName}`);
    return row;
  }

  #audited(actor: string, action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
    return recordAudit(this.ports.db, this.ports.clock, { actor, action, subject, outcome: 'ok', detail });
  }
}

function checkAlias(raw: string): string {
  const alias = displayText(raw, MAX_ALIAS);
  if (alias === undefined || alias !== raw) throw invalid(`alias must be 1 to ${MAX_ALIAS} printable characters, without spaces around it`);
  return alias;
}

/** The zip the integrator receives: the secret, its alias and URL, and how to check a signature. */
function signingSecretPackage(integrator: IntegratorRow, alias: string, url: string, secret: string, mode: Mode) {
  const json = { callback_alias: alias, url, signing_secret: secret, signature_header: SIGNATURE_HEADER, environment: mode, integrator_name: integrator.name };
  const readme = [
    `MobilePay PoS V10 (${mode}) notification signing secret for callback alias ${alias}`,
    '',
    `Every check-in notification posted to ${url} carries the header`,
    `  ${SIGNATURE_HEADER}: t=<unix seconds>,v1=<hex HMAC-SHA256>`,
    'where v1 is the HMAC-SHA256, keyed with signing_secret from signing-secret.json, of',
    '  <t> "." <the raw request body>',
    'Compute it over the raw body, compare in constant time, and refuse a t more than a few minutes old.',
    'Keep the secret where only your organisation can read it: it cannot be shown again.',
    '',
  ].join('\n');
  return {
    what: `callback alias ${alias} signing secret`,
    name: `posv10-signing-secret-${alias.replace(/[^A-Za-z0-9._-]/g, '_')}`,
    files: [
      ['signing-secret.json', `${JSON.stringify(json, null, 2)}\n`],
      ['README.txt', readme],
    ] as const,
    mailText: `attached is the signing secret of the check-in notifications posv10 sends to your callback alias ${alias} (${url}). The zip is encrypted (AES-256); README.txt inside shows how to verify a notification.`,
  };
}

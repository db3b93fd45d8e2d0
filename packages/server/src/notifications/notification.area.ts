/**
 * The Notification Service, built once in platform.ts: the operator's callback aliases, the
 * outbox the PoS area writes check-in notifications to, and the deliverer that sends them
 * (`posv10 serve` starts it; closing the platform stops it).
 *
 * @example
 * const notifications = createNotificationArea({ db, clock, mode, delivery, keyEncryptionSecret, retries: 3, backoffMs: 2000, onError });
 * const pos = createPosArea({ db, clock, verifier, grants, notifier: notifications.outbox });
 */
import type { Mode } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import type { CredentialsDelivery } from '../onboarding/credentials-delivery.ts';
import type { Clock } from '../shared/clock.ts';
import { CallbackService } from './callback.service.ts';
import { CheckinOutbox } from './checkin-outbox.ts';
import { NotificationDeliverer } from './notification.deliverer.ts';
import { HttpNotificationSender, type NotificationSender } from './notification.sender.ts';
import { SigningSecrets } from './signing-secrets.ts';

export interface NotificationPorts {
  readonly db: Db;
  readonly clock: Clock;
  readonly mode: Mode;
  readonly delivery: CredentialsDelivery;
  readonly keyEncryptionSecret: string | undefined;
  /** POSV10_NOTIFICATION_RETRIES. */
  readonly retries: number;
  /** POSV10_NOTIFICATION_BACKOFF_MS. */
  readonly backoffMs: number;
  /** The HTTP sender; the real one unless a test puts another in. */
  readonly sender?: NotificationSender;
  readonly onError: (err: unknown) => void;
  /** Told each delivery attempt's outcome (metrics). */
  readonly onAttempt?: (outcome: 'delivered' | 'retry' | 'failed') => void;
}

export interface NotificationArea {
  readonly callbacks: CallbackService;
  /** The PoS area's CheckinNotifier. */
  readonly outbox: CheckinOutbox;
  readonly deliverer: NotificationDeliverer;
  /** Stops the deliverer and closes its connections. */
  close(): Promise<void>;
}

export function createNotificationArea(ports: NotificationPorts): NotificationArea {
  const { db, clock, mode } = ports;
  const secrets = new SigningSecrets(ports.keyEncryptionSecret);
  const sender = ports.sender ?? new HttpNotificationSender(mode);
  const deliverer = new NotificationDeliverer({
    db,
    clock,
    sender,
    secrets,
    retries: ports.retries,
    backoffMs: ports.backoffMs,
    onError: ports.onError,
    ...(ports.onAttempt !== undefined ? { onAttempt: ports.onAttempt } : {}),
  });
  const wake = () => deliverer.wake();
  return {
    callbacks: new CallbackService({ db, clock, mode, delivery: ports.delivery, secrets, onRequeued: wake }),
    outbox: new CheckinOutbox({ db, clock, wake }),
    deliverer,
    async close() {
      await deliverer.stop();
      sender.close();
    },
  };
}

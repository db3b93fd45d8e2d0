/**
 * The e-mail port of credential delivery and its adapters: SMTP (nodemailer) for real, an outbox
 * folder of `.eml` files for the offline sandbox, and a recording one for tests.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import type { Clock } from '../shared/clock.ts';
import { newId } from '../shared/random.ts';

export interface MailMessage {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly attachments: readonly { filename: string; content: Uint8Array; contentType: string }[];
}

export interface MailSender {
  /** Short name for audit rows and operator output: `smtp`, `outbox`, … */
  readonly via: string;
  send(message: MailMessage): Promise<void>;
}

function toNodemailer(m: MailMessage) {
  return { ...m, attachments: m.attachments.map((a) => ({ ...a, content: Buffer.from(a.content) })) };
}

export class SmtpMailSender implements MailSender {
  readonly via = 'smtp';
  readonly #transport: Transporter;
  constructor(url: string) {
    // nodemailer waits minutes for a silent server by default; an operator at a terminal should not.
    this.#transport = nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 });
  }
  async send(message: MailMessage): Promise<void> {
    await this.#transport.sendMail(toNodemailer(message));
  }
}

/** Writes each e-mail as a complete MIME message to `<dir>/mail/<time>-<id>.eml`. */
export class OutboxMailSender implements MailSender {
  readonly via = 'outbox';
  // nodemailer's stream transport builds the same MIME message SMTP would carry, without sending it.
  readonly #composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {}
  async send(message: MailMessage): Promise<void> {
    const info = await this.#composer.sendMail(toNodemailer(message));
    const mailDir = join(this.dir, 'mail');
    await mkdir(mailDir, { recursive: true });
    const stamp = this.clock.now().toISOString().replace(/[:.]/g, '-');
    await writeFile(join(mailDir, `${stamp}-${newId()}.eml`), info.message as Buffer, { mode: 0o600 });
  }
}

/** Keeps what it was asked to send; `failWith` makes the next sends fail (delivery failure tests). */
export class RecordingMailSender implements MailSender {
  readonly via = 'recording';
  readonly sent: MailMessage[] = [];
  failWith: Error | undefined;
  async send(message: MailMessage): Promise<void> {
    if (this.failWith !== undefined) throw this.failWith;
    this.sent.push(message);
  }
}

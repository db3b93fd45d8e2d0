/**
 * The one-line confirmations shown after a change. The redirect carries only a code and an id;
 * the text is ours, so nothing a link could carry is ever shown as a message.
 */
import { html, type Html } from '../http/html.ts';
import { formValue } from './console.form.ts';

const NOTICES: Readonly<Record<string, (subject: string) => Html>> = {
  'integrator-added': () => html`Integrator added.`,
  'client-added': (id) =>
    html`Client <code>${id}</code> added. Its credentials went to the integrator: the encrypted zip by e-mail, its password by text message.`,
  'secret-rotated': (id) =>
    html`A new secret for client <code>${id}</code> went to the integrator by e-mail and text message; the old one keeps working for the overlap chosen.`,
  'client-disabled': (id) => html`Client <code>${id}</code> disabled: it gets no new tokens.`,
  'client-enabled': (id) => html`Client <code>${id}</code> enabled.`,
  'merchant-added': (vat) => html`Merchant ${vat} added.`,
  granted: (vat) => html`Integrator granted access to merchant ${vat}.`,
  revoked: (vat) => html`Integrator's access to merchant ${vat} withdrawn.`,
  'store-added': (vat) => html`Store added for merchant ${vat}.`,
  'callback-added': (alias) =>
    html`Callback alias <code>${alias}</code> added. Its signing secret went to the integrator: the encrypted zip by e-mail, its password by text message.`,
  'callback-url-set': (alias) => html`Callback alias <code>${alias}</code> moved: the next attempt of every notification goes to the new URL.`,
  'callback-removed': (alias) =>
    html`Callback alias <code>${alias}</code> removed: no new notification is queued for it, and pending ones fail at their next attempt.`,
  'notification-resent': (id) => html`Notification <code>${id}</code> is queued again, with a fresh set of retries.`,
  'keys-rotated': () => html`Signing keys rotated: the next key now signs, the previous one stays published until its tokens expire.`,
  'signed-out': () => html`You have signed out.`,
  'session-ended': () => html`Your session has ended. Sign in again to continue.`,
};

/** The notice a page's query names, if it is one of ours. */
export function noticeOf(query: unknown): Html | undefined {
  const code = formValue(query, 'notice');
  const make = Object.hasOwn(NOTICES, code) ? NOTICES[code] : undefined;
  // The subject is an id, VAT number or alias (at most 64 characters) we put there; anything longer is not ours.
  const subject = formValue(query, 'subject').slice(0, 64);
  return make?.(subject);
}

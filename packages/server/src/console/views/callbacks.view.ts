/**
 * Callback aliases (the Notification Service's operator actions, as `posv10 callback …` has them):
 * every alias with its integrator and URL, add, change URL, remove; and an alias's recent
 * notifications with each delivery attempt and a Resend button. A signing secret is never shown.
 */
import { html, type Html } from '../../http/html.ts';
import type { CallbackView, NotificationView } from '../../notifications/callback.views.ts';
import type { IntegratorView } from '../../operator/operator.views.ts';
import { field, page, postForm, select, table, time } from './components.ts';
import { stateOf, type FormState } from './form-state.ts';

/** An alias as a path segment of a console URL (an alias may hold spaces, slashes…). */
export const aliasPath = (alias: string): string => `/console/callbacks/${encodeURIComponent(alias)}`;

/**
 * The forms of one alias's row. Aliases are free text, so the form name (which becomes element
 * ids) carries the alias base64url-encoded: two aliases never share an id.
 */
export const urlFormOf = (alias: string): string => `url-${Buffer.from(alias).toString('base64url')}`;
export const removeFormOf = (alias: string): string => `remove-${Buffer.from(alias).toString('base64url')}`;
export const resendFormOf = (notificationId: string): string => `resend-${notificationId}`;

export const FILTER_FORM = 'callbacks-filter';
export const ADD_FORM = 'add-callback';

const URL_HINT = 'https://, or in the sandbox also http://; in production never a loopback, private or link-local address.';

/** The integrator of an alias as a link to its page, by name when known. */
function integratorLink(integratorId: string, names: ReadonlyMap<string, string>): Html {
  return html`<a href="/console/integrators/${integratorId}">${names.get(integratorId) ?? integratorId}</a>`;
}

/** What both pages get: the session's token, the integrators (by name), a refused form and a notice. */
interface PageInput {
  readonly csrfToken: string;
  readonly integrators: readonly IntegratorView[];
  readonly state?: FormState;
  readonly notice?: Html;
}

export interface CallbacksInput extends PageInput {
  readonly callbacks: readonly CallbackView[];
  /** The filter as asked for (an integrator id, or '' for all) and its error, if any. */
  readonly filter: FormState;
}

export function callbacksPage(input: CallbacksInput): string {
  const { csrfToken } = input;
  const names = new Map(input.integrators.map((i) => [i.integratorId, i.name]));
  const integratorOptions = input.integrators.map((i) => [i.integratorId, i.name] as const);
  const chosen = input.filter.values.integrator ?? '';
  const add = stateOf(input.state, ADD_FORM);
  const rows = input.callbacks.map((c) => {
    const move = stateOf(input.state, urlFormOf(c.alias));
    const remove = stateOf(input.state, removeFormOf(c.alias));
    return html`<tr>
      <td>${c.alias}</td>
      <td>${integratorLink(c.integratorId, names)}</td>
      <td class="url"><code>${c.url}</code></td>
      <td class="wrap">${time(c.createdAt)}</td>
      <td class="wrap">${time(c.updatedAt)}</td>
      <td>
        <div class="actions">
          <a href="${aliasPath(c.alias)}/deliveries">Deliveries<span class="visually-hidden"> of ${c.alias}</span></a>
          ${postForm(
            `${aliasPath(c.alias)}/url`,
            csrfToken,
            move,
            html`${field(move, { name: 'url', label: 'New URL', type: 'url', required: true, value: c.url })}
              <button type="submit" class="secondary">Change URL</button>`,
            { label: `Change the URL of ${c.alias}`, className: 'inline move-url' },
          )}
          ${postForm(
            `${aliasPath(c.alias)}/remove`,
            csrfToken,
            remove,
            html`<button type="submit" class="danger">Remove<span class="visually-hidden"> ${c.alias}</span></button>`,
            { label: `Remove ${c.alias}`, className: 'inline' },
          )}
        </div>
      </td>
    </tr>`;
  });
  const chosenName = names.get(chosen) ?? chosen;
  return page({
    title: 'Callbacks',
    section: 'callbacks',
    csrfToken,
    ...(input.notice !== undefined ? { notice: input.notice } : {}),
    body: html`<p>
        A callback alias names one integrator's notification endpoint: a point of sale created with it is notified (signed) at every check-in. Moving an alias
        to a new URL takes effect at the next attempt of every notification, pending ones included, so agree the moment with the integrator. Removing one is
        final: aliases are never reused.
      </p>
      <form method="get" action="/console/callbacks" class="search" role="search" novalidate>
        ${select(input.filter, { name: 'integrator', label: 'Show aliases of', options: [['', 'every integrator'], ...integratorOptions] })}
        <button type="submit" class="secondary">Show</button>
      </form>
      ${table(
        chosen === '' ? 'All callback aliases' : `Callback aliases of ${chosenName}`,
        ['Alias', 'Integrator', 'URL', 'Added', 'Updated', 'Actions'],
        rows,
        chosen === '' ? 'No callback aliases yet.' : `No callback aliases of ${chosenName}.`,
      )}
      <section aria-labelledby="add-callback-heading" class="card">
        <h2 id="add-callback-heading">Add a callback alias</h2>
        <p>
          The alias's signing secret goes to the integrator as client credentials do: an encrypted zip to its e-mail address, the zip's password by text
          message. It is never shown here, not even once.
        </p>
        ${
          input.integrators.length === 0
            ? html`<p class="empty">Add an integrator first: an alias belongs to one.</p>`
            : postForm(
                '/console/callbacks',
                csrfToken,
                add,
                html`${select(add, { name: 'integratorId', label: 'Integrator', options: integratorOptions, value: chosen })}
                  ${field(add, { name: 'alias', label: 'Alias', required: true, hint: '1 to 64 printable characters, e.g. Example Alias; the PoS names it as callbackAlias.' })}
                  ${field(add, { name: 'url', label: 'URL', type: 'url', required: true, hint: URL_HINT })} <button type="submit">Add alias</button>`,
              )
        }
      </section>`,
  });
}

/** One notification's attempts, oldest first: when, the answer (or why there was none) and how long it took. */
function attempts(n: NotificationView): Html {
  if (n.attempts.length === 0) return html`<span class="muted">none yet</span>`;
  return html`<ol class="attempts">
    ${n.attempts.map(
      (a) =>
        html`<li>
          ${time(a.at)}
          <span class="attempt"
            >${a.status !== null ? html`<span class="status ${a.status === 200 ? 'ok' : 'failed'}">${a.status}</span> · ` : ''}${a.durationMs} ms</span
          >
          ${a.error !== null ? html`<span class="attempt-error">${a.error}</span>` : ''}
        </li>`,
    )}
  </ol>`;
}

export interface DeliveriesInput extends PageInput {
  readonly alias: string;
  /** The alias while it is live; undefined once it was removed (its notifications stay listed). */
  readonly callback: CallbackView | undefined;
  readonly notifications: readonly NotificationView[];
  readonly limit: number;
}

export function deliveriesPage(input: DeliveriesInput): string {
  const { csrfToken, alias, callback } = input;
  const names = new Map(input.integrators.map((i) => [i.integratorId, i.name]));
  const rows = input.notifications.map((n) => {
    const resend = stateOf(input.state, resendFormOf(n.notificationId));
    return html`<tr>
      <td class="wrap"><code>${n.notificationId}</code></td>
      <td class="wrap"><code>${n.posId}</code></td>
      <td>${n.merchantPosId}</td>
      <td><span class="status ${n.state}">${n.state}</span></td>
      <td class="wrap">${time(n.createdAt)}</td>
      <td class="wrap">${time(n.finishedAt)}</td>
      <td class="wrap">${time(n.nextAttemptAt)}</td>
      <td class="wrap">${attempts(n)}</td>
      <td>
        ${
          n.state === 'pending'
            ? html`<span class="muted">being delivered</span>${resend.summary !== undefined ? html`<p class="error" role="alert">${resend.summary}</p>` : ''}`
            : postForm(
                `${aliasPath(alias)}/notifications/${n.notificationId}/resend`,
                csrfToken,
                resend,
                html`<button type="submit" class="secondary">Resend<span class="visually-hidden"> notification ${n.notificationId}</span></button>`,
                { label: `Resend notification ${n.notificationId}`, className: 'inline' },
              )
        }
      </td>
    </tr>`;
  });
  const facts =
    callback === undefined
      ? html`<p class="placeholder">This alias was removed: no new notification is queued for it. Its earlier notifications stay listed here.</p>`
      : html`<dl class="facts">
          <dt>Integrator</dt>
          <dd>${integratorLink(callback.integratorId, names)}</dd>
          <dt>URL</dt>
          <dd><code>${callback.url}</code></dd>
          <dt>Added</dt>
          <dd>${time(callback.createdAt)}</dd>
          <dt>Updated</dt>
          <dd>${time(callback.updatedAt)}</dd>
        </dl>`;
  return page({
    title: `Deliveries of ${alias}`,
    section: 'callbacks',
    csrfToken,
    ...(input.notice !== undefined ? { notice: input.notice } : {}),
    body: html`<p><a href="/console/callbacks">← All callback aliases</a></p>
      ${facts}
      <p>
        Each check-in at a point of sale created with this alias makes one notification. A failed attempt is retried with backoff; a notification that ran out
        of retries stays failed until it is resent, with a fresh set of retries.
      </p>
      ${table(
        `Notifications of ${alias}, newest first (at most ${input.limit})`,
        ['Notification', 'PoS id', 'Merchant PoS id', 'State', 'Created', 'Finished', 'Next attempt', 'Attempts', 'Actions'],
        rows,
        'No notifications yet: none of this alias’s points of sale has had a check-in.',
      )}`,
  });
}

import { html, type Html } from '../../http/html.ts';
import type { ClientView, IntegratorView, MerchantView } from '../../operator/operator.views.ts';
import { DEFAULT_OVERLAP_DAYS } from '../../operator/operator.service.ts';
import type { CallbackView } from '../../notifications/callback.views.ts';
import { aliasPath } from './callbacks.view.ts';
import { field, page, postForm, table, time } from './components.ts';
import { stateOf, type FormState } from './form-state.ts';

export function integratorsPage(input: { csrfToken: string; integrators: readonly IntegratorView[]; query: string; state?: FormState; notice?: Html }): string {
  const add = stateOf(input.state, 'add-integrator');
  const rows = input.integrators.map(
    (i) =>
      html`<tr>
        <td><a href="/console/integrators/${i.integratorId}">${i.name}</a></td>
        <td>${i.email}</td>
        <td>${i.phone}</td>
        <td>${time(i.createdAt)}</td>
        <td><code>${i.integratorId}</code></td>
      </tr>`,
  );
  return page({
    title: 'Integrators',
    section: 'integrators',
    csrfToken: input.csrfToken,
    ...(input.notice !== undefined ? { notice: input.notice } : {}),
    body: html`<form method="get" action="/console/integrators" class="search" role="search">
        <label for="integrator-search">Search integrators</label>
        <input id="integrator-search" name="q" type="search" value="${input.query}" aria-describedby="integrator-search-hint" />
        <button type="submit" class="secondary">Search</button>
        <p class="hint" id="integrator-search-hint">By name, e-mail, phone or id.</p>
      </form>
      ${table(
        input.query === '' ? 'All integrators' : `Integrators matching “${input.query}”`,
        ['Name', 'E-mail', 'Phone', 'Added', 'Integrator id'],
        rows,
        input.query === '' ? 'No integrators yet.' : `No integrator matches “${input.query}”.`,
      )}
      <section aria-labelledby="add-integrator-heading" class="card">
        <h2 id="add-integrator-heading">Add an integrator</h2>
        <p>
          The integrator's e-mail address receives its clients' credentials as an encrypted zip; the phone number receives the zip's password by text message.
        </p>
        ${postForm(
          '/console/integrators',
          input.csrfToken,
          add,
          html`${field(add, { name: 'name', label: 'Name', required: true, autocomplete: 'organization' })}
            ${field(add, { name: 'email', label: 'E-mail', type: 'email', required: true, autocomplete: 'email' })}
            ${field(add, { name: 'phone', label: 'Phone', type: 'tel', required: true, autocomplete: 'tel', hint: 'International format, e.g. +4520031801.' })}
            <button type="submit">Add integrator</button>`,
        )}
      </section>`,
  });
}

export function integratorPage(input: {
  csrfToken: string;
  integrator: IntegratorView & { clients: readonly ClientView[] };
  merchants: readonly MerchantView[];
  callbacks: readonly CallbackView[];
  state?: FormState;
  notice?: Html;
}): string {
  const { integrator, csrfToken } = input;
  const addClient = stateOf(input.state, 'add-client');
  const clientRows = integrator.clients.map((c) => {
    const rotate = stateOf(input.state, `rotate-${c.clientId}`);
    const toggle = stateOf(input.state, `toggle-${c.clientId}`);
    const enabled = c.status === 'enabled';
    return html`<tr>
      <td><code>${c.clientId}</code></td>
      <td>
        <span class="status ${c.status}">${c.status}</span>
        ${c.disabledAt !== null ? html`<span class="since">since ${time(c.disabledAt)}</span>` : ''}
      </td>
      <td>${time(c.createdAt)}</td>
      <td>${c.lastTokenAt !== null ? time(c.lastTokenAt) : 'never'}</td>
      <td>
        <div class="actions">
          ${postForm(
            `/console/clients/${c.clientId}/rotate-secret`,
            csrfToken,
            rotate,
            html`${field(rotate, {
                name: 'overlapDays',
                label: 'Old secret works for (days)',
                type: 'number',
                required: true,
                value: String(DEFAULT_OVERLAP_DAYS),
                attrs: html`min="0" max="90" step="1" inputmode="numeric"`,
              })}<button type="submit">Rotate secret</button>`,
            { label: `Rotate the secret of client ${c.clientId}`, className: 'inline' },
          )}
          ${postForm(
            `/console/clients/${c.clientId}/${enabled ? 'disable' : 'enable'}`,
            csrfToken,
            toggle,
            html`<button type="submit" class="${enabled ? 'danger' : 'secondary'}">${enabled ? 'Disable' : 'Enable'}</button>`,
            {
              label: `${enabled ? 'Disable' : 'Enable'} client ${c.clientId}`,
              className: 'inline',
            },
          )}
        </div>
      </td>
    </tr>`;
  });
  const merchantRows = input.merchants.map(
    (m) =>
      html`<tr>
        <td>${m.vat}</td>
        <td>${m.name}</td>
        <td>${time(m.createdAt)}</td>
      </tr>`,
  );
  const callbackRows = input.callbacks.map(
    (c) =>
      html`<tr>
        <td>${c.alias}</td>
        <td class="url"><code>${c.url}</code></td>
        <td>${time(c.updatedAt)}</td>
        <td>
          <a href="${aliasPath(c.alias)}/deliveries">Deliveries<span class="visually-hidden"> of ${c.alias}</span></a>
        </td>
      </tr>`,
  );
  return page({
    title: integrator.name,
    section: 'integrators',
    csrfToken,
    ...(input.notice !== undefined ? { notice: input.notice } : {}),
    body: html`<p><a href="/console/integrators">← All integrators</a></p>
      <dl class="facts">
        <dt>Integrator id</dt>
        <dd><code>${integrator.integratorId}</code></dd>
        <dt>E-mail</dt>
        <dd>${integrator.email}</dd>
        <dt>Phone</dt>
        <dd>${integrator.phone}</dd>
        <dt>Added</dt>
        <dd>${time(integrator.createdAt)}</dd>
      </dl>
      <section aria-labelledby="clients-heading">
        <h2 id="clients-heading">Clients</h2>
        ${table('Clients of this integrator', ['Client id', 'Status', 'Added', 'Last token issued', 'Actions'], clientRows, 'No clients yet.')}
        ${postForm(
          `/console/integrators/${integrator.integratorId}/clients`,
          csrfToken,
          addClient,
          html`<p>
              A new client's id and secret go to ${integrator.email} as an encrypted zip; its password goes to ${integrator.phone}. The secret is never shown
              here.
            </p>
            <button type="submit">Add a client</button>`,
          { label: 'Add a client', className: 'card' },
        )}
      </section>
      <section aria-labelledby="merchants-heading">
        <h2 id="merchants-heading">Merchants</h2>
        ${table('Merchants that granted this integrator access', ['VAT number', 'Name', 'Added'], merchantRows, 'No merchant has granted this integrator access.')}
        <p><a href="/console/merchants">Grant or withdraw access on the Merchants page</a></p>
      </section>
      <section aria-labelledby="callbacks-heading">
        <h2 id="callbacks-heading">Callback aliases</h2>
        ${table('Callback aliases of this integrator', ['Alias', 'URL', 'Updated', 'Deliveries'], callbackRows, 'No callback aliases yet.')}
        <p><a href="/console/callbacks?integrator=${integrator.integratorId}">Add, move or remove this integrator's aliases on the Callbacks page</a></p>
      </section>`,
  });
}

import { html, type Html } from '../../http/html.ts';
import type { IntegratorView, MerchantView, StoreView } from '../../operator/operator.views.ts';
import { field, page, postForm, select, table, time } from './components.ts';
import { stateOf, type FormState } from './form-state.ts';

interface MerchantsInput {
  csrfToken: string;
  merchants: readonly MerchantView[];
  integrators: readonly IntegratorView[];
  state?: FormState;
  notice?: Html;
}

export function merchantsPage(input: MerchantsInput): string {
  const { csrfToken } = input;
  const add = stateOf(input.state, 'add-merchant');
  const grant = stateOf(input.state, 'grant');
  const nameOf = new Map(input.integrators.map((i) => [i.integratorId, i.name]));
  const rows = input.merchants.map((m) => {
    const revoke = stateOf(input.state, `revoke-${m.vat}`);
    const grants =
      m.grantedIntegrators.length === 0
        ? html`<span class="muted">none</span>`
        : html`<ul class="grants">
              ${m.grantedIntegrators.map(
                (id) =>
                  html`<li>
                    <a href="/console/integrators/${id}">${nameOf.get(id) ?? id}</a> ${postForm(
                      `/console/merchants/${m.vat}/grants/${id}/revoke`,
                      csrfToken,
                      revoke,
                      html`<button type="submit" class="link danger">Withdraw<span class="visually-hidden"> access of ${nameOf.get(id) ?? id}</span></button>`,
                      { className: 'inline', label: `Withdraw access of ${nameOf.get(id) ?? id} to ${m.vat}` },
                    )}
                  </li>`,
              )}
            </ul>
            ${revoke.summary !== undefined ? html`<p class="error">${revoke.summary}</p>` : ''}`;
    return html`<tr>
      <td>${m.vat}</td>
      <td>${m.name}</td>
      <td>${time(m.createdAt)}</td>
      <td>${grants}</td>
      <td>
        <a href="/console/stores?vat=${m.vat}">Stores<span class="visually-hidden"> of ${m.name}</span></a>
      </td>
    </tr>`;
  });
  return page({
    title: 'Merchants',
    section: 'merchants',
    csrfToken,
    ...(input.notice !== undefined ? { notice: input.notice } : {}),
    body: html`${table('Merchants and the integrators they granted access', ['VAT number', 'Name', 'Added', 'Integrators with access', 'Stores'], rows, 'No merchants yet.')}
      <div class="columns">
        <section aria-labelledby="add-merchant-heading" class="card">
          <h2 id="add-merchant-heading">Add a merchant</h2>
          ${postForm(
            '/console/merchants',
            csrfToken,
            add,
            html`${field(add, { name: 'vat', label: 'VAT number', required: true, hint: 'DK or FI followed by 8 digits, e.g. DK12345678.' })}
              ${field(add, { name: 'name', label: 'Name', required: true, autocomplete: 'organization' })} <button type="submit">Add merchant</button>`,
          )}
        </section>
        <section aria-labelledby="grant-heading" class="card">
          <h2 id="grant-heading">Grant an integrator access</h2>
          ${postForm(
            '/console/grants',
            csrfToken,
            grant,
            html`${select(grant, { name: 'vat', label: 'Merchant', options: input.merchants.map((m) => [m.vat, `${m.name} (${m.vat})`] as const) })}
              ${select(grant, { name: 'integratorId', label: 'Integrator', options: input.integrators.map((i) => [i.integratorId, i.name] as const) })}
              <button type="submit">Grant access</button>`,
          )}
        </section>
      </div>`,
  });
}

export function storesPage(input: {
  csrfToken: string;
  merchants: readonly MerchantView[];
  stores: readonly StoreView[];
  vat: string;
  state?: FormState;
  notice?: Html;
}): string {
  const { csrfToken } = input;
  const add = stateOf(input.state, 'add-store');
  const merchantOptions = input.merchants.map((m) => [m.vat, `${m.name} (${m.vat})`] as const);
  const rows = input.stores.map(
    (s) =>
      html`<tr>
        <td>${s.vat}</td>
        <td>${s.name}</td>
        <td>${s.brandName} <code>${s.brandId}</code></td>
        <td><code>${s.locationId}</code></td>
        <td>${s.street}, ${s.zipCode} ${s.city}</td>
        <td><code>${s.storeId}</code></td>
      </tr>`,
  );
  return page({
    title: 'Stores',
    section: 'stores',
    csrfToken,
    ...(input.notice !== undefined ? { notice: input.notice } : {}),
    body: html`<form method="get" action="/console/stores" class="search">
        <label for="stores-merchant">Show stores of</label>
        <select id="stores-merchant" name="vat">
          <option value="">every merchant</option>
          ${merchantOptions.map(([vat, label]) => html`<option value="${vat}" ${vat === input.vat ? html` selected` : ''}>${label}</option>`)}
        </select>
        <button type="submit" class="secondary">Show</button>
      </form>
      ${table(input.vat === '' ? 'All stores' : `Stores of ${input.vat}`, ['Merchant', 'Store', 'Brand', 'Location', 'Address', 'Store id'], rows, 'No stores yet.')}
      <section aria-labelledby="add-store-heading" class="card">
        <h2 id="add-store-heading">Add a store</h2>
        ${postForm(
          '/console/stores',
          csrfToken,
          add,
          html`${select(add, { name: 'vat', label: 'Merchant', options: merchantOptions, value: input.vat })}
            <div class="columns">
              ${field(add, { name: 'brandId', label: 'Brand id', required: true, hint: 'MPPOS, POSDK or POSFI and 5 letters or digits.' })}
              ${field(add, { name: 'brandName', label: 'Brand name', required: true })}
              ${field(add, { name: 'locationId', label: 'Location id', required: true, hint: 'Exactly 5 characters, e.g. 00001.' })}
              ${field(add, { name: 'name', label: 'Store name', required: true })}
              ${field(add, { name: 'street', label: 'Street', required: true, autocomplete: 'street-address' })}
              ${field(add, { name: 'zipCode', label: 'Zip code', required: true, autocomplete: 'postal-code' })}
              ${field(add, { name: 'city', label: 'City', required: true, autocomplete: 'address-level2' })}
            </div>
            <button type="submit">Add store</button>`,
        )}
      </section>`,
  });
}

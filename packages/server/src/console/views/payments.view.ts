import { html, type Html } from '../../http/html.ts';
import type { FoundPayment, HistoryStep } from '../../pos/lookup/payment-lookup.service.ts';
import { toAmountNumber } from '../../shared/money.ts';
import { field, page, select, time } from './components.ts';
import type { FormState } from './form-state.ts';

const money = (minor: number | undefined | null, currency: string | null | undefined) =>
  minor === undefined || minor === null ? '—' : `${toAmountNumber(minor).toFixed(2)} ${currency ?? ''}`;

function history(steps: readonly HistoryStep[]): Html {
  return html`<ol class="history">
    ${steps.map((s) => html`<li><span class="status">${s.step}</span> ${time(s.at)}</li>`)}
  </ol>`;
}

function paymentCard(found: FoundPayment): Html {
  const p = found.payment;
  const terms = p.terms;
  return html`<article class="card payment" aria-labelledby="payment-${p.id}">
    <h2 id="payment-${p.id}">Payment <code>${p.id}</code> <span class="status ${p.status}">${p.status}</span></h2>
    <dl class="facts">
      <dt>Order id</dt>
      <dd>${p.orderId}</dd>
      <dt>PoS id</dt>
      <dd><code>${p.posId}</code></dd>
      <dt>Amount</dt>
      <dd>${money(terms?.amount, terms?.currency)}</dd>
      ${
        p.status === 'Captured'
          ? html`<dt>Captured</dt>
              <dd>${money(p.capturedAmount, terms?.currency)}</dd>`
          : ''
      }
      <dt>Integrator</dt>
      <dd>
        <a href="/console/integrators/${p.integratorId}"><code>${p.integratorId}</code></a>
      </dd>
      <dt>Expires</dt>
      <dd>${time(p.expiresAt)}</dd>
    </dl>
    <h3>State history</h3>
    ${history(found.history)}
    ${
      found.refunds.length === 0
        ? html`<p class="muted">No refunds.</p>`
        : html`<h3>Refunds</h3>
            ${found.refunds.map(
              (r) =>
                html`<section class="refund" aria-label="Refund ${r.refund.id}">
                  <p>
                    <strong>Refund <code>${r.refund.id}</code></strong> <span class="status ${r.refund.status}">${r.refund.status}</span> ·
                    ${money(r.refund.amount, r.refund.currency)} · order ${r.refund.refundOrderId}
                  </p>
                  ${history(r.history)}
                </section>`,
            )}`
    }
  </article>`;
}

export const LOOKUP_OPTIONS = [
  ['id', 'Payment or refund id'],
  ['posId', 'PoS id'],
  ['orderId', 'Order id'],
] as const;

export function paymentsPage(input: { csrfToken: string; search: FormState; results: readonly FoundPayment[] | undefined }): string {
  const s = input.search;
  const results =
    input.results === undefined
      ? ''
      : input.results.length === 0
        ? html`<p class="empty" role="status">No payment or refund matches.</p>`
        : html`<p role="status">${input.results.length} ${input.results.length === 1 ? 'payment' : 'payments'} found.</p>
            ${input.results.map(paymentCard)}`;
  return page({
    title: 'Payments and refunds',
    section: 'payments',
    csrfToken: input.csrfToken,
    body: html`<form method="get" action="/console/payments" class="search card" role="search" novalidate>
        ${select(s, { name: 'by', label: 'Find by', options: LOOKUP_OPTIONS })} ${field(s, { name: 'q', label: 'Value', type: 'search', required: true })}
        <button type="submit">Find</button>
      </form>
      ${results}`,
  });
}

import { html } from '../../http/html.ts';
import type { AuditEvent } from '../../audit/audit.service.ts';
import { field, page, table, time } from './components.ts';
import type { FormState } from './form-state.ts';

/** Audit detail as compact `key: value` pairs (it never holds a secret: audit.table.ts). */
function detailText(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

export function auditPage(input: { csrfToken: string; events: readonly AuditEvent[]; filter: FormState; limit: number }): string {
  const f = input.filter;
  const filtered = Object.values(f.values).some((v) => v !== '');
  const rows = input.events.map(
    (e) =>
      html`<tr>
        <td>${time(e.at)}</td>
        <td>${e.actor}</td>
        <td>${e.action}</td>
        <td><code>${e.subject}</code></td>
        <td><span class="status ${e.outcome}">${e.outcome}</span></td>
        <td class="detail">${detailText(e.detail)}</td>
      </tr>`,
  );
  return page({
    title: 'Audit log',
    section: 'audit',
    csrfToken: input.csrfToken,
    body: html`<form method="get" action="/console/audit" class="filters card" aria-label="Filter the audit log" novalidate>
        ${f.summary !== undefined ? html`<p class="error summary" role="alert">${f.summary}</p>` : ''}
        <div class="columns">
          ${field(f, { name: 'actor', label: 'Actor', hint: 'e.g. console, admin-api, cli:alice' })}
          ${field(f, { name: 'action', label: 'Action', hint: 'e.g. client.add, merchant.grant' })}
          ${field(f, { name: 'subject', label: 'Subject', hint: 'An id or VAT number' })}
          ${field(f, { name: 'from', label: 'From (UTC)', type: 'datetime-local' })} ${field(f, { name: 'to', label: 'To (UTC)', type: 'datetime-local' })}
        </div>
        <button type="submit">Filter</button> ${filtered ? html`<a href="/console/audit">Clear filters</a>` : ''}
      </form>
      ${table(`The newest ${input.limit} matching events, newest first`, ['When', 'Actor', 'Action', 'Subject', 'Outcome', 'Detail'], rows, 'No events match.')}`,
  });
}

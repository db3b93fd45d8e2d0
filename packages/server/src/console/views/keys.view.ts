import { html, type Html } from '../../http/html.ts';
import type { KeyInfo } from '../../oauth/keys.service.ts';
import { page, postForm, table, time } from './components.ts';

const STATE_ORDER = ['next', 'current', 'previous', 'retired'];

export function keysPage(input: { csrfToken: string; keys: readonly KeyInfo[]; notice?: Html }): string {
  const keys = [...input.keys].sort((a, b) => STATE_ORDER.indexOf(a.state) - STATE_ORDER.indexOf(b.state) || b.createdAt.localeCompare(a.createdAt));
  const rows = keys.map(
    (k) =>
      html`<tr>
        <td><span class="status ${k.state}">${k.state}</span></td>
        <td><code>${k.kid}</code></td>
        <td>${k.alg}</td>
        <td>${time(k.createdAt)}</td>
        <td>${time(k.activatedAt)}</td>
        <td>${time(k.retireAfter)}</td>
      </tr>`,
  );
  return page({
    title: 'Signing keys',
    section: 'keys',
    csrfToken: input.csrfToken,
    ...(input.notice !== undefined ? { notice: input.notice } : {}),
    body: html`<p>
        Access tokens are signed with the <strong>current</strong> key. The <strong>next</strong> key is already published in the JWKS, so verifiers know it
        before it signs; a <strong>previous</strong> key stays published until every token it signed has expired.
      </p>
      ${table('Signing keys, newest state first', ['State', 'Key id (kid)', 'Algorithm', 'Created', 'Activated', 'Retire after'], rows, 'No signing keys.')}
      ${postForm(
        '/console/keys/rotate',
        input.csrfToken,
        { form: 'rotate-keys', values: {}, errors: {} },
        html`<p>Rotating makes the next key current, the current key previous, and creates a new next key. Every instance picks it up within seconds.</p>
          <button type="submit">Rotate signing keys</button>`,
        { className: 'card', label: 'Rotate signing keys' },
      )}`,
  });
}

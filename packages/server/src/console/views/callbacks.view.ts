import { html } from '../../http/html.ts';
import { page } from './components.ts';

/**
 * The place for callback aliases and their deliveries. The Notification Service has landed
 * (src/notifications/, CLI `posv10 callback …`, admin API /admin/v1/callbacks); this page does not
 * list them yet and says where to manage them meanwhile.
 */
export function callbacksPage(input: { csrfToken: string }): string {
  return page({
    title: 'Callbacks',
    section: 'callbacks',
    csrfToken: input.csrfToken,
    body: html`<p class="placeholder">
      Callback aliases and their deliveries are not in the console yet. Manage them with
      <code>npx posv10 callback add|list|set-url|remove|deliveries|resend</code>
      or the admin API (<code>/admin/v1/callbacks</code>); see docs/notifications.md.
    </p>`,
  });
}

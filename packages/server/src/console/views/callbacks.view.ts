import { html } from '../../http/html.ts';
import { page } from './components.ts';

/**
 * The place for callback aliases and their deliveries. The notifications work (branch
 * wip-notify: callback_aliases, the notification outbox, /admin/v1/integrators/{id}/callbacks)
 * lands separately; when it does, this page lists an integrator's aliases and recent deliveries
 * through the OperatorService methods it adds, and the integrator page's "Callback aliases"
 * section links here.
 */
export function callbacksPage(input: { csrfToken: string }): string {
  return page({
    title: 'Callbacks',
    section: 'callbacks',
    csrfToken: input.csrfToken,
    body: html`<p class="placeholder">
      Callback aliases and their deliveries will appear here once the notifications feature has landed. Until then, nothing is sent to integrators' callback
      URLs.
    </p>`,
  });
}

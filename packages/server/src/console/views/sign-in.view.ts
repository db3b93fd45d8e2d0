import { html, type Html } from '../../http/html.ts';
import { field, page } from './components.ts';
import type { FormState } from './form-state.ts';

export function signInPage(form: FormState, notice?: Html): string {
  const summary = form.summary !== undefined ? html`<p class="error summary" role="alert">${form.summary}</p>` : '';
  return page({
    title: 'Sign in',
    ...(notice !== undefined ? { notice } : {}),
    body: html`<form method="post" action="/console/sign-in" class="card narrow" novalidate>
      ${summary}
      ${field(form, {
        name: 'token',
        label: 'Admin token',
        type: 'password',
        required: true,
        autocomplete: 'current-password',
        hint: 'The value of POSV10_ADMIN_TOKEN (or the token printed when the sandbox first started).',
      })}
      <button type="submit">Sign in</button>
    </form>`,
  });
}

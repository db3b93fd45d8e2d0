/**
 * The console's building blocks: the page frame, labelled fields with their error messages, forms
 * carrying the CSRF token, and notices. Every value goes through the escaping `html` template.
 */
import { html, type Html } from '../../http/html.ts';
import type { FormState } from './form-state.ts';

/** The pages in the navigation, in order. */
const NAV = [
  ['integrators', 'Integrators'],
  ['merchants', 'Merchants'],
  ['stores', 'Stores'],
  ['keys', 'Signing keys'],
  ['audit', 'Audit log'],
  ['payments', 'Payments'],
  ['callbacks', 'Callbacks'],
] as const;

export type Section = (typeof NAV)[number][0];

export interface PageFrame {
  readonly title: string;
  /** The navigation entry marked current; none on the sign-in page. */
  readonly section?: Section;
  /** The signed-in session's CSRF token; absent when signed out (no navigation, no sign-out). */
  readonly csrfToken?: string;
  readonly notice?: Html | string;
  readonly body: Html;
}

export function page(frame: PageFrame): string {
  const signedIn = frame.csrfToken !== undefined;
  const nav = signedIn
    ? html`<nav aria-label="Console">
        <ul>
          ${NAV.map(([id, label]) => html`<li><a href="/console/${id}" ${id === frame.section ? html`aria-current="page"` : ''}>${label}</a></li>`)}
        </ul>
      </nav>`
    : '';
  const signOut = signedIn
    ? html`<form method="post" action="/console/sign-out" class="sign-out">
        ${csrfField(frame.csrfToken)}<button type="submit" class="secondary">Sign out</button>
      </form>`
    : '';
  const notice = frame.notice !== undefined ? html`<p class="notice" role="status">${frame.notice}</p>` : '';
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${frame.title} · posv10 console</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="/console/assets/console.css" />
      </head>
      <body>
        <a class="skip" href="#main">Skip to main content</a>
        <header class="top">
          <p class="brand"><a href="/console">posv10 console</a></p>
          ${signOut}
        </header>
        <div class="frame">
          ${nav}
          <main id="main" tabindex="-1">
            <h1>${frame.title}</h1>
            ${notice} ${frame.body}
          </main>
        </div>
      </body>
    </html>`.text;
}

export function csrfField(token: string | undefined): Html {
  return html`<input type="hidden" name="_csrf" value="${token ?? ''}" />`;
}

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'email' | 'tel' | 'url' | 'number' | 'password' | 'datetime-local' | 'search';
  readonly required?: boolean;
  readonly hint?: string;
  readonly autocomplete?: string;
  readonly value?: string;
  /** Extra attributes (min, max, pattern…), from code, never from input. */
  readonly attrs?: Html;
}

/** A label, an input, an optional hint and the field's error, tied together for assistive technology. */
export function field(form: FormState, spec: FieldSpec): Html {
  const id = `${form.form}-${spec.name}`.replace(/[^A-Za-z0-9_-]/g, '-');
  const error = form.errors[spec.name];
  const described = [spec.hint !== undefined ? `${id}-hint` : '', error !== undefined ? `${id}-error` : ''].filter((x) => x !== '').join(' ');
  const value = form.values[spec.name] ?? spec.value ?? '';
  return html`<div class="field${error !== undefined ? ' invalid' : ''}">
    <label for="${id}">${spec.label}${spec.required === true ? '' : html` <span class="optional">(optional)</span>`}</label>
    ${spec.hint !== undefined ? html`<p class="hint" id="${id}-hint">${spec.hint}</p>` : ''}
    <input
      id="${id}"
      name="${spec.name}"
      type="${spec.type ?? 'text'}"
      value="${value}"
      ${spec.required === true ? html` required` : ''}${
        spec.autocomplete !== undefined ? html` autocomplete="${spec.autocomplete}"` : ''
      }${described !== '' ? html` aria-describedby="${described}"` : ''}${error !== undefined ? html` aria-invalid="true" autofocus` : ''}${spec.attrs !== undefined ? html` ${spec.attrs}` : ''}
    />
    ${error !== undefined ? html`<p class="error" id="${id}-error">${error}</p>` : ''}
  </div>`;
}

/** A select with its label and error; `options` are [value, label] pairs. */
export function select(form: FormState, spec: { name: string; label: string; options: readonly (readonly [string, string])[]; value?: string }): Html {
  const id = `${form.form}-${spec.name}`.replace(/[^A-Za-z0-9_-]/g, '-');
  const error = form.errors[spec.name];
  const chosen = form.values[spec.name] ?? spec.value ?? '';
  return html`<div class="field${error !== undefined ? ' invalid' : ''}">
    <label for="${id}">${spec.label}</label>
    <select id="${id}" name="${spec.name}" ${error !== undefined ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
      ${spec.options.map(([value, label]) => html`<option value="${value}" ${value === chosen ? html` selected` : ''}>${label}</option>`)}
    </select>
    ${error !== undefined ? html`<p class="error" id="${id}-error">${error}</p>` : ''}
  </div>`;
}

/** A form that changes something: POST, the CSRF token, the summary of a refused submission. */
export function postForm(action: string, csrfToken: string, form: FormState, content: Html, options: { label?: string; className?: string } = {}): Html {
  const summary = form.summary !== undefined ? html`<p class="error summary" role="alert">${form.summary}</p>` : '';
  return html`<form
    method="post"
    action="${action}"
    ${options.className !== undefined ? html` class="${options.className}"` : ''}${options.label !== undefined ? html` aria-label="${options.label}"` : ''}
    novalidate
  >
    ${csrfField(csrfToken)}${summary}${content}
  </form>`;
}

/** A table with a caption (for screen readers and for the eye) or a line saying there is nothing. */
export function table(caption: string, headers: readonly string[], rows: readonly Html[], empty: string): Html {
  if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
  // A wide table scrolls inside its frame; the frame takes focus so the keyboard can scroll it too.
  return html`<div class="table-wrap" tabindex="0" role="region" aria-label="${caption}">
    <table>
      <caption>
        ${caption}
      </caption>
      <thead>
        <tr>
          ${headers.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${rows}
      </tbody>
    </table>
  </div>`;
}

/** A timestamp as the operator reads it (UTC, to the second), machine-readable in `datetime`. */
export function time(iso: string | null | undefined): Html | string {
  if (iso === null || iso === undefined) return '—';
  return html`<time datetime="${iso}">${iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>`;
}

/**
 * Server-rendered HTML for posv10's pages (landing page, console, sandbox app, certification site):
 * a tagged template that escapes every interpolated value unless it is already `Html`, and the
 * headers every page answers with.
 *
 * @example
 *   const row = html`<tr><td>${integrator.name}</td></tr>`;      // name escaped
 *   reply.type('text/html').headers(PAGE_HEADERS).send(html`<table>${rows}</table>`.text);
 */

/** Markup that is safe to insert as is: built by `html` or deliberately `trusted`. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `value` with the five HTML-special characters escaped, safe in text and in quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

type Interpolated = Html | string | number | boolean | null | undefined | readonly Interpolated[];

function render(value: Interpolated): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/** HTML from a template: strings and numbers are escaped, `Html` and arrays of it are inserted, null/undefined/false vanish. */
export function html(strings: TemplateStringsArray, ...values: Interpolated[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Markup from a source we control (never from input), inserted without escaping. */
export const trusted = (markup: string): Html => new Html(markup);

/**
 * The Content-Security-Policy of every posv10 page: scripts, styles, images and fetches from this
 * origin only, no inline script or style, forms post back here only, never framed.
 */
export const PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** Headers for a page response (the API-wide headers stay; this replaces their `default-src 'none'` CSP). */
export const PAGE_HEADERS: Readonly<Record<string, string>> = { 'content-security-policy': PAGE_CSP, 'cache-control': 'no-store' };

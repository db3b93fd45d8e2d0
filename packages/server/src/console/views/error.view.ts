import { html } from '../../http/html.ts';
import { page } from './components.ts';

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  403: 'Not allowed',
  404: 'Not found',
  429: 'Too many attempts',
  500: 'Something went wrong',
};

/** A whole page for a request the console cannot serve; a way back is always on it. */
export function errorPage(status: number, message: string): string {
  return page({
    title: TITLES[status] ?? 'Error',
    body: html`<p class="error summary" role="alert">${message}</p>
      <p><a href="/console">Back to the console</a></p>`,
  });
}

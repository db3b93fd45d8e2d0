/**
 * How a refused operator action reaches the form: OperatorService throws a `DomainError` whose
 * kind says what went wrong and whose message names the field first ("phone … is not an E.164
 * number"); each form lists which message belongs to which of its fields, and anything else goes
 * in the form's summary. Failures of our own are not caught here: they are the 500 page.
 */
import type { FastifyReply } from 'fastify';
import { DomainError, type DomainErrorKind } from '../shared/errors.ts';
import type { FormState } from './views/form-state.ts';

/** Field name → what the service's message about that field starts with or contains. */
export type FieldMatchers = Readonly<Record<string, RegExp>>;

/** The HTTP status of a page that shows a refused action. */
export const STATUS_OF: Readonly<Record<DomainErrorKind, number>> = { invalid: 400, not_found: 404, conflict: 409, failed: 502 };

/** A message with its first letter capitalised, as a sentence next to a field. */
const sentence = (m: string) => m.charAt(0).toUpperCase() + m.slice(1) + (/[.!?]$/.test(m) ? '' : '.');

/** The form state that shows `error` (a DomainError) on `form`, or undefined for anything else. */
export function refused(error: unknown, form: string, values: Readonly<Record<string, string>>, fields: FieldMatchers): FormState | undefined {
  if (!(error instanceof DomainError)) return undefined;
  const message = sentence(error.message);
  const field = Object.entries(fields).find(([, pattern]) => pattern.test(error.message))?.[0];
  return field !== undefined ? { form, values, errors: { [field]: message } } : { form, values, errors: {}, summary: message };
}

/** A refused form built here, before any service is called (a field the browser left empty…). */
export function fieldError(form: string, values: Readonly<Record<string, string>>, field: string, message: string): FormState {
  return { form, values, errors: { [field]: message } };
}

/** Where a refused change is shown: which form, what was typed, which message goes next to which field, and the page to render. */
export interface Refusal {
  readonly form: string;
  readonly values: Readonly<Record<string, string>>;
  readonly fields: FieldMatchers;
  /** Renders the page again with the refused form, answering `status`. */
  readonly show: (status: number, state: FormState) => Promise<FastifyReply>;
  /**
   * Kinds that are not about what was typed but about what the form acts on being gone (an alias
   * removed in another tab): they get the error page, as there is no form left to show them on.
   */
  readonly elsewhere?: readonly DomainErrorKind[];
}

/** Runs a change; a refused one (DomainError) shows on `refusal.form` of the page `refusal.show` renders. */
export async function changeOrRefuse(run: () => Promise<FastifyReply>, refusal: Refusal): Promise<FastifyReply> {
  try {
    return await run();
  } catch (err) {
    const state = refused(err, refusal.form, refusal.values, refusal.fields);
    if (state === undefined || !(err instanceof DomainError) || refusal.elsewhere?.includes(err.kind) === true) throw err;
    return refusal.show(STATUS_OF[err.kind], state);
  }
}

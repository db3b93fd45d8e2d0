/**
 * What a form shows after a refused submission: the values the operator typed (so nothing is lost),
 * a message next to each field at fault, and a summary for anything not about one field.
 */
export interface FormState {
  /** Which form on the page this is about (one page may carry several, e.g. one per client). */
  readonly form: string;
  readonly values: Readonly<Record<string, string>>;
  readonly errors: Readonly<Record<string, string>>;
  readonly summary?: string;
}

/** The state of form `form` when `state` is about it; an empty one otherwise. */
export function stateOf(state: FormState | undefined, form: string): FormState {
  return state !== undefined && state.form === form ? state : { form, values: {}, errors: {} };
}

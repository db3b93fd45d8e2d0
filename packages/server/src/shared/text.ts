/**
 * Operator-entered display text (integrator, merchant and store names, addresses): printable
 * characters only. Control characters have no place in a name, and PostgreSQL cannot store NUL in
 * a text column at all, so letting one through would turn a typo into a 500 on one dialect only.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;

/** Trimmed `value` when it is 1 to `max` characters with no control character; undefined otherwise. */
export function displayText(value: string, max: number): string | undefined {
  const trimmed = value.trim();
  return trimmed.length === 0 || trimmed.length > max || CONTROL.test(trimmed) ? undefined : trimmed;
}

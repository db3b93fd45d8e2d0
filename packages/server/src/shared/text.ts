/**
 * Operator-entered display text (integrator, merchant and store names, addresses): printable
 * characters only. Control characters have no place in a name, and PostgreSQL cannot store NUL in
 * a text column at all, so letting one through would turn a typo into a 500 on one dialect only.
 * Bidirectional controls (right-to-left overrides, embeddings, isolates and marks) are refused too:
 * invisible, they reorder what follows them in an e-mail greeting or a CLI table, so a name could
 * show as something else than what was typed.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
/** U+061C ALM, U+200E LRM, U+200F RLM, U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Trimmed `value` when it is 1 to `max` characters with no control character; undefined otherwise. */
export function displayText(value: string, max: number): string | undefined {
  const trimmed = value.trim();
  return trimmed.length === 0 || trimmed.length > max || CONTROL.test(trimmed) || BIDI.test(trimmed) ? undefined : trimmed;
}

/** What an operator is told when `displayText` refused a field. */
export const displayTextRule = (field: string, max: number) =>
  `${field} must be 1 to ${max} printable characters, without control characters or right-to-left overrides`;

/**
 * `value` quoted for an error message, every character outside printable ASCII written as `\u{…}`,
 * so a message never carries a terminal escape or a bidi override to the operator's screen.
 */
export function quoted(value: string): string {
  return `"${[...value].map((c) => (c >= ' ' && c <= '~' ? c : `\\u{${c.codePointAt(0)!.toString(16)}}`)).join('')}"`;
}

/**
 * The console's request bodies: plain HTML form posts (application/x-www-form-urlencoded), parsed
 * strictly. A field sent twice is refused rather than guessed at, and no field holds a control
 * character other than the line breaks a textarea may send.
 */

/** A parsed form: field name → value. */
export type FormFields = Readonly<Record<string, string>>;

export class MalformedForm extends Error {}

/** At most this many fields: the largest console form has a handful. */
const MAX_FIELDS = 32;

export function parseFormBody(body: string): FormFields {
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  let count = 0;
  for (const [name, value] of new URLSearchParams(body)) {
    if (++count > MAX_FIELDS) throw new MalformedForm('too many fields');
    if (name in fields) throw new MalformedForm(`field ${name.slice(0, 40)} sent more than once`);
    fields[name] = value;
  }
  return fields;
}

/** The value of `name` in a form or query, '' when absent or not a single string. */
export function formValue(fields: unknown, name: string): string {
  if (typeof fields !== 'object' || fields === null) return '';
  const value = (fields as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

/** Guard clause: throw `error` unless `condition` holds. Narrows the condition for the compiler. */
export function assertThat(condition: unknown, error: Error | (() => Error)): asserts condition {
  if (!condition) throw typeof error === 'function' ? error() : error;
}

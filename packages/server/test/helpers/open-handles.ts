/**
 * What tests have open on a database (platforms, pools), so that the clean-up at the end of a test
 * process can close it before dropping the schemas under it (helpers/database.ts).
 *
 * Node runs a file's top-level `after` hooks in the order they were registered, and the clean-up's
 * is registered when helpers/database.ts loads, before any test file registers its own: without
 * this it dropped each schema while the file's platform was still running on it (a deliverer
 * polling, a pool holding connections), and a DROP SCHEMA can wait on such a platform for ever.
 * Nothing here picks a database, so importing it leaves a file's pass unchanged (test/files.ts).
 */
const open = new Set<() => Promise<void>>();

/**
 * Registers something open and answers its `close`, made idempotent: the owner's own `close()` and
 * the clean-up may both call it, and the second call waits for the first.
 */
export function trackOpen(close: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  const once = () => {
    closing ??= close().finally(() => open.delete(once));
    return closing;
  };
  open.add(once);
  return once;
}

/** Closes everything still open, all at once; answers the errors of those that failed to close. */
export async function closeAllOpen(): Promise<unknown[]> {
  const settled = await Promise.allSettled([...open].map((close) => close()));
  return settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
}

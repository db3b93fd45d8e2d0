/**
 * A foreign-key violation from either dialect. Removing a row that another area's table still
 * refers to (a table this code does not know of, added by a later migration) must be a clear
 * refusal, not a 500: the caller turns it into a conflict.
 */
export function isForeignKeyViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null || !('code' in err)) return false;
  return err.code === '23503' || err.code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

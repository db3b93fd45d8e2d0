const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every id posv10 makes is a GUID: anything else cannot name a row, so it is not looked up. */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

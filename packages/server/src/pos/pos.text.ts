/**
 * The PoS V10 text rules (SPEC §3): free-text fields hold at most 36 characters from the published
 * "Valid characters" list — digits, Latin letters, the Nordic and accented letters listed there,
 * printable ASCII punctuation, the Latin-1 symbols listed there, and space — and beacon ids are a
 * GUID or 15 digits. The patterns are exported for route schemas (so the published
 * OpenAPI shows them); the functions for services.
 * @see https://developer.mobilepay.dk/docs/pos/input-and-output-formats#valid-characters
 */

export const POS_TEXT_MAX_LENGTH = 36;

/**
 * One valid character, exactly the published list (input-and-output-formats.md, "Valid
 * characters"), line by line: digits and A–Z/a–z; æÆøØåÅ; the accented letters; ASCII punctuation
 * 0x21–0x7E and space; the Latin-1 symbols. The list has ÿ but no capital Ÿ, so neither do we.
 */
const VALID_CHARACTER = [
  '0-9A-Za-z',
  'æÆøØåÅ',
  'äÄöÖšŠžŽâÂàÀáÁãÃéÉêÊëËèÈíÍîÎïÏìÌüÜûÛùÙúÚôÔòÒóÓõÕÿýÝñÑ',
  ' !-/:-@\\[-`{-~',
  '¦¯¨´×«»ðþçß¤ÇµÐÞ±°ªº©§¶¼½¾¬®¢£¥¡¿¹²³',
].join('');

/** 1 to 36 valid characters (a JSON-schema pattern; ajv compiles it with the `u` flag). */
export const POS_TEXT_PATTERN = `^[${VALID_CHARACTER}]{1,${POS_TEXT_MAX_LENGTH}}$`;
const POS_TEXT = new RegExp(POS_TEXT_PATTERN, 'u');

/** A GUID (any case) or exactly 15 digits, as white-box QR codes carry. */
export const BEACON_ID_PATTERN = '^([0-9]{15}|[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})$';
const BEACON_ID = new RegExp(BEACON_ID_PATTERN);

/**
 * Whether `value` is a valid PoS text field: 1 to `maxLength` (at most 36) valid characters.
 * @example isValidPosText('Cafeteria register #2') // true
 * @example isValidPosText('tab\there') // false
 */
export function isValidPosText(value: string, maxLength = POS_TEXT_MAX_LENGTH): boolean {
  return [...value].length <= maxLength && POS_TEXT.test(value);
}

/**
 * Whether `value` is a valid beacon id: a GUID or 15 digits.
 * @example isValidBeaconId('123456789012345') // true
 */
export function isValidBeaconId(value: string): boolean {
  return BEACON_ID.test(value);
}

/** Beacon ids are compared case-insensitively as GUIDs; stored in lower case. */
export function normalizeBeaconId(value: string): string {
  return value.toLowerCase();
}

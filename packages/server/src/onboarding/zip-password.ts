/**
 * The credentials zip's password: read aloud or typed from a text message, so it avoids characters
 * people confuse (0/O, 1/I/l) and mixed case, and comes in dash-separated groups.
 */
import { randomFromAlphabet } from '../shared/random.ts';

/** Digits and upper-case letters without 0, 1, I and O: 32 symbols, 5 bits each. */
export const ZIP_PASSWORD_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const GROUPS = 5;
const GROUP_LENGTH = 4;

/** 20 symbols of 5 bits: 100 bits (SPEC §2 asks for at least 90), e.g. `7KQ2-MZ9D-4WXA-HT3N-P8RE`. */
export function newZipPassword(): string {
  const symbols = randomFromAlphabet(ZIP_PASSWORD_ALPHABET, GROUPS * GROUP_LENGTH);
  return symbols.match(new RegExp(`.{${GROUP_LENGTH}}`, 'g'))!.join('-');
}

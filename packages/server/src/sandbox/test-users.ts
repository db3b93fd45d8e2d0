/**
 * The sandbox's simulated MobilePay app users (SPEC.md "Sandbox: user simulation and test data").
 * Each has the one feature the payment flow needs to exercise: the card type checked against a
 * payment's restrictions, loyalty ids, and whether the card allows partial capture.
 *
 * Customer and receipt tokens are derived from the phone number, so a user keeps the same tokens
 * across restarts and instances, as a real app user would.
 */
import type { CardType, CheckinCustomer, PayerCard } from '../pos/pos.area.ts';
import { sha256Hex } from '../shared/compare.ts';

export type Country = 'DK' | 'FI';

/**
 * A test user is both the customer the app checks in and the payer with their card. Their
 * `loyaltyIds` are empty when not enrolled; `customerToken` is 40 hex characters,
 * `customerReceiptToken` 32.
 */
export interface TestUser extends CheckinCustomer, PayerCard {
  readonly country: Country;
}

interface Features {
  cardType: CardType;
  loyalty: boolean;
  partialCapture: boolean;
}

// SPEC: 1 credit, 2 debit, 3 credit, 4 credit with loyalty, 5 credit with partial capture.
const FEATURES: readonly Features[] = [
  { cardType: 'credit', loyalty: false, partialCapture: false },
  { cardType: 'debit', loyalty: false, partialCapture: false },
  { cardType: 'credit', loyalty: false, partialCapture: false },
  { cardType: 'credit', loyalty: true, partialCapture: false },
  { cardType: 'credit', loyalty: false, partialCapture: true },
];

const PREFIX: Record<Country, string> = { DK: '+452003180', FI: '+35820031800' };

function makeUser(country: Country, index: number, features: Features): TestUser {
  const phoneNumber = `${PREFIX[country]}${index + 1}`;
  return Object.freeze({
    phoneNumber,
    country,
    cardType: features.cardType,
    partialCapturePossible: features.partialCapture,
    loyaltyIds: Object.freeze(features.loyalty ? [`${country === 'DK' ? '45' : '358'}${String(index + 1).padStart(4, '0')}`] : []),
    customerToken: sha256Hex(`posv10 customer token ${phoneNumber}`).slice(0, 40),
    customerReceiptToken: sha256Hex(`posv10 receipt token ${phoneNumber}`).slice(0, 32),
  });
}

/** All ten test users, DK first, in phone-number order. */
export const TEST_USERS: readonly TestUser[] = Object.freeze(
  (['DK', 'FI'] as const).flatMap((country) => FEATURES.map((features, i) => makeUser(country, i, features))),
);

const BY_PHONE = new Map(TEST_USERS.map((u) => [u.phoneNumber, u]));

/**
 * The test user with this phone number, or undefined. Accepts the number with or without the
 * leading `+`, and with spaces, as people type them.
 *
 * @example findTestUser('+4520031802')?.cardType // 'debit'
 */
export function findTestUser(phoneNumber: string): TestUser | undefined {
  const compact = phoneNumber.replace(/\s+/g, '');
  return BY_PHONE.get(compact.startsWith('+') ? compact : `+${compact}`);
}

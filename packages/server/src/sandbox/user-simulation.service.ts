/**
 * The sandbox's simulated MobilePay app: a test user (SPEC's test users, by phone number) checks
 * in at a beacon, accepts or cancels the payment there. The payment rules stay in the payment
 * service; this only says who the user is and what card they carry.
 */
import type { Db } from '../db/database.ts';
import type { Clock } from '../shared/clock.ts';
import { PosError } from '../pos/pos.errors.ts';
import { acceptPaymentAtBeacon, checkInAtBeacon, userCancelAtBeacon } from '../pos/payments/payment.service.ts';
import { findTestUser, type TestUser } from './test-users.ts';

function testUser(phoneNumber: string): TestUser {
  const user = findTestUser(phoneNumber);
  if (user === undefined) throw new PosError('bad_request', 'phoneNumber is not one of the sandbox test users');
  return user;
}

export async function simulateCheckin(db: Db, clock: Clock, beaconId: string, phoneNumber: string): Promise<void> {
  const user = testUser(phoneNumber);
  await checkInAtBeacon(db, clock, beaconId, user);
}

export async function simulateAccept(db: Db, clock: Clock, beaconId: string, phoneNumber: string): Promise<void> {
  const user = testUser(phoneNumber);
  await acceptPaymentAtBeacon(db, clock, beaconId, { phoneNumber: user.phoneNumber, cardType: user.cardType, partialCapturePossible: user.partialCapturePossible });
}

export async function simulateUserCancel(db: Db, clock: Clock, beaconId: string): Promise<void> {
  await userCancelAtBeacon(db, clock, beaconId);
}

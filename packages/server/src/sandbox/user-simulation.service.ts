/**
 * The sandbox's simulated MobilePay app: a test user (SPEC's test users, by phone number) checks
 * in at a beacon, accepts or cancels the payment there, through the PoS area's payment service.
 * The payment rules stay there; this only says who the user is and what card they carry.
 */
import type { PosArea } from '../pos/pos.area.ts';
import { PosError } from '../pos/pos.errors.ts';
import { findTestUser, type TestUser } from './test-users.ts';

function testUser(phoneNumber: string): TestUser {
  const user = findTestUser(phoneNumber);
  if (user === undefined) throw new PosError('bad_request', 'phoneNumber is not one of the sandbox test users');
  return user;
}

export async function simulateCheckin(pos: PosArea, beaconId: string, phoneNumber: string): Promise<void> {
  await pos.payments.checkInAtBeacon(beaconId, testUser(phoneNumber));
}

export async function simulateAccept(pos: PosArea, beaconId: string, phoneNumber: string): Promise<void> {
  await pos.payments.acceptAtBeacon(beaconId, testUser(phoneNumber));
}

export async function simulateUserCancel(pos: PosArea, beaconId: string): Promise<void> {
  await pos.payments.userCancelAtBeacon(beaconId);
}

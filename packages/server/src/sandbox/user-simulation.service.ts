/**
 * The sandbox's simulated MobilePay app: a test user (SPEC's test users, by phone number) checks
 * in at a beacon, accepts or cancels the payment there, through the PoS area's payment service.
 * The payment rules stay there; this only says who the user is and what card they carry.
 */
import type { PosArea } from '../pos/pos.area.ts';
import { PosError } from '../pos/pos.errors.ts';
import { durationSeconds } from './duration.ts';
import { findTestUser, type TestUser } from './test-users.ts';
import type { ExpireRequest } from './user-simulation.schemas.ts';

/** The test user with this phone number, or 400 1099. */
export function testUser(phoneNumber: string): TestUser {
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

/**
 * Sandbox time: the lifetime of one payment or refund of `integratorId` elapses (or `advanceBy`
 * of it), through the PoS area's state machines; the next read shows the state that gives.
 */
export async function simulateExpire(pos: PosArea, integratorId: string, request: ExpireRequest): Promise<void> {
  const { paymentId, refundId, advanceBy } = request;
  if ((paymentId === undefined) === (refundId === undefined)) throw new PosError('bad_request', 'Give exactly one of paymentId and refundId');
  const seconds = advanceBy === undefined ? null : durationSeconds(advanceBy);
  if (seconds === undefined) throw new PosError('bad_request', 'advanceBy must be an ISO-8601 duration in weeks, days, hours, minutes or seconds, e.g. P91D');
  if (paymentId !== undefined) await pos.payments.elapseForIntegrator(integratorId, paymentId, seconds);
  else await pos.refunds.elapseForIntegrator(integratorId, refundId!, seconds);
}

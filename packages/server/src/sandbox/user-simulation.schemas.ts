/**
 * Request bodies of the sandbox user simulation (/pos/app/usersimulation/…), field for field
 * from the contract (UserCheckInRequest, AcceptPaymentRequest, CancelPaymentByUserRequest).
 * Their 200 responses have no body. Phone numbers are looked up with `findTestUser`.
 */
import { Type, type Static } from 'typebox';

/** POST /pos/app/usersimulation/checkin. */
export const UserCheckInRequest = Type.Object({ beaconId: Type.String(), phoneNumber: Type.String() }, { additionalProperties: false });
export type UserCheckInRequest = Static<typeof UserCheckInRequest>;

/** POST /pos/app/usersimulation/acceptpayment. */
export const AcceptPaymentRequest = Type.Object({ beaconId: Type.String(), phoneNumber: Type.String() }, { additionalProperties: false });
export type AcceptPaymentRequest = Static<typeof AcceptPaymentRequest>;

/** POST /pos/app/usersimulation/cancelpaymentbyuser. */
export const CancelPaymentByUserRequest = Type.Object({ beaconId: Type.String() }, { additionalProperties: false });
export type CancelPaymentByUserRequest = Static<typeof CancelPaymentByUserRequest>;

/**
 * POST /pos/app/usersimulation/expire (posv10's own, not in the contract): one payment or refund
 * whose lifetime should elapse now, or `advanceBy` (an ISO-8601 duration such as "P91D") later.
 */
export const ExpireRequest = Type.Object(
  {
    paymentId: Type.Optional(Type.String({ format: 'uuid' })),
    refundId: Type.Optional(Type.String({ format: 'uuid' })),
    advanceBy: Type.Optional(Type.String({ description: 'ISO-8601 duration in weeks, days, hours, minutes, seconds, e.g. P91D' })),
  },
  { additionalProperties: false },
);
export type ExpireRequest = Static<typeof ExpireRequest>;

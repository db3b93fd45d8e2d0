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

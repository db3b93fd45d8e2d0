/**
 * The scripted customer: what a case's script makes happen around a client's call, through the
 * sandbox's simulated app (the same services /pos/app/usersimulation uses) and sandbox time, so
 * the payment rules stay in the PoS area. Every act reports what it did; a refused act is
 * evidence too (a PoS that requires a payment before check-in, say), never an error of the call.
 */
import type { CardType, PosArea } from '../pos/pos.area.ts';
import type { PosCaller } from '../pos/pos.context.ts';
import type { CreatePosRequest } from '../pos/points-of-sale/point-of-sale.schemas.ts';
import { simulateAccept, simulateCheckin, simulateExpire, simulateUserCancel } from '../sandbox/user-simulation.service.ts';
import { TEST_USERS, type TestUser } from '../sandbox/test-users.ts';
import type { ActName } from './cases.ts';
import { field, text, type Act } from './evidence.ts';

/** The call an act happens around. */
export interface ActContext {
  readonly pos: PosArea;
  readonly caller: PosCaller;
  readonly body: unknown;
  readonly params: Readonly<Record<string, string>>;
}

/** A test user of the merchant's country: the first with a card of `cardType` (credit by default). */
function userFor(caller: PosCaller, cardType: CardType = 'credit'): TestUser {
  const country = caller.merchantVat.startsWith('FI') ? 'FI' : 'DK';
  return TEST_USERS.find((u) => u.country === country && u.cardType === cardType && u.loyaltyIds.length === 0)!;
}

/** The card type these restrictions forbid, if any. */
function forbiddenCard(restrictions: unknown): CardType | undefined {
  if (field(restrictions, 'debitCardDisallowed') === true) return 'debit';
  if (field(restrictions, 'creditCardDisallowed') === true) return 'credit';
  return undefined;
}

/** The PoS a call is about: its body's posId, or the PoS of the payment in its path. */
async function posIdOf(ctx: ActContext): Promise<string> {
  const posId = text(ctx.body, 'posId');
  if (posId !== undefined) return posId;
  const paymentId = ctx.params.paymentid;
  if (paymentId === undefined) throw new Error('the call names no point of sale');
  return (await ctx.pos.payments.getForCaller(ctx.caller, paymentId)).posId;
}

async function beaconOf(ctx: ActContext): Promise<string> {
  return (await ctx.pos.pointsOfSale.getForCaller(ctx.caller, await posIdOf(ctx), 'query')).beacon_id;
}

/** The payment the call names, or the active one at its PoS. */
async function paymentOf(ctx: ActContext) {
  const paymentId = ctx.params.paymentid;
  if (paymentId !== undefined) return ctx.pos.payments.getForCaller(ctx.caller, paymentId);
  const [id] = await ctx.pos.payments.listIdsForCaller(ctx.caller, { posId: await posIdOf(ctx) });
  if (id === undefined) throw new Error('the point of sale has no payment');
  return ctx.pos.payments.getForCaller(ctx.caller, id);
}

async function run(act: ActName, ctx: ActContext): Promise<string | undefined> {
  const { pos, caller } = ctx;
  switch (act) {
    case 'notice':
      return undefined;
    case 'checkIn': {
      // When the call carries restrictions, the customer holds the card they forbid.
      const user = userFor(caller, forbiddenCard(field(ctx.body, 'restrictions')));
      await simulateCheckin(pos, await beaconOf(ctx), user.phoneNumber);
      return user.phoneNumber;
    }
    case 'accept': {
      const payment = await paymentOf(ctx);
      const phone = payment.customer?.phoneNumber ?? userFor(caller).phoneNumber;
      await simulateAccept(pos, await beaconOf(ctx), phone);
      return phone;
    }
    case 'acceptWithForbiddenCard': {
      const payment = await paymentOf(ctx);
      const card = forbiddenCard(payment.terms?.restrictions) ?? 'credit';
      const phone = payment.customer?.phoneNumber ?? userFor(caller).phoneNumber;
      // The customer pays with another card of theirs, one the restrictions forbid.
      await pos.payments.acceptAtBeacon(await beaconOf(ctx), { phoneNumber: phone, cardType: card, partialCapturePossible: false });
      return `${phone} with a ${card} card`;
    }
    case 'userCancel':
      await simulateUserCancel(pos, await beaconOf(ctx));
      return undefined;
    case 'inactivity': {
      const payment = await paymentOf(ctx);
      await simulateExpire(pos, caller.integratorId, { paymentId: payment.id });
      return payment.id;
    }
    case 'crashedPayment': {
      const orderId = text(ctx.body, 'orderId') ?? 'crashed-run';
      const made = await pos.payments.initiate(caller, {
        posId: await posIdOf(ctx),
        orderId,
        amount: (field(ctx.body, 'amount') as number | string | undefined) ?? 10,
        currencyCode: text(ctx.body, 'currencyCode') === 'EUR' ? 'EUR' : 'DKK',
        plannedCaptureDelay: 'None',
      });
      return made.id;
    }
    case 'existingPos': {
      const existing = await pos.pointsOfSale.findIdsForCaller(caller, { merchantPosId: text(ctx.body, 'merchantPosId') ?? '' });
      if (existing[0] !== undefined) return existing[0];
      return (await pos.pointsOfSale.create(caller, ctx.body as CreatePosRequest)).id;
    }
  }
}

/** Performs `act` around the call; never throws. */
export async function perform(act: ActName, ctx: ActContext): Promise<Act> {
  try {
    const detail = await run(act, ctx);
    return detail === undefined ? { act, ok: true } : { act, ok: true, detail };
  } catch (err) {
    return { act, ok: false, detail: err instanceof Error ? err.message : 'failed' };
  }
}

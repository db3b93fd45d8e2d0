/**
 * Points of sale: created by an integrator for one store of a merchant, visible and usable only
 * by that integrator acting for that merchant (SPEC §3 rule 4), immutable, soft-deleted.
 */
import type { Db } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { isGuid } from '../../shared/ids.ts';
import { newId } from '../../shared/random.ts';
import { findStore } from '../../merchants/merchant.service.ts';
import type { PosCaller } from '../pos.context.ts';
import { PosError } from '../pos.errors.ts';
import type { AnswerWriter } from '../idempotency/idempotency.service.ts';
import { normalizeBeaconId } from '../pos.text.ts';
import * as repo from './pos.repository.ts';
import type { PosRow } from './pos.repository.ts';
import { deleteCheckin, findActiveCheckin } from './checkin.repository.ts';
import type { BeaconType } from './pos.table.ts';
import type { CreatePosRequest, GetCheckInResponse, PosFilterQuery, PosResponse } from './pos.schemas.ts';

export type { PosRow } from './pos.repository.ts';

/** How long a client should wait between polls of a check-in. */
export const CHECKIN_POLL_DELAY_MS = 1000;

/** Why a point of sale is loaded: the 403 for another merchant's PoS differs (1409 delete, 1410 query). */
export type PosPurpose = 'query' | 'delete';

/**
 * A point of sale the caller may use: not found (or deleted) 409 1000, another integrator's
 * 403 1400, another merchant's 403 1409 (delete) or 1410 (anything else).
 */
export async function getPosForCaller(db: Db, caller: PosCaller, posId: string, purpose: PosPurpose): Promise<PosRow> {
  const pos = isGuid(posId) ? await repo.findPos(db, posId.toLowerCase()) : undefined;
  if (pos === undefined || pos.deleted_at !== null) throw new PosError('pos_not_found');
  if (pos.integrator_id !== caller.integratorId) throw new PosError('pos_of_other_integrator');
  if (pos.merchant_id !== caller.merchantId) throw new PosError(purpose === 'delete' ? 'delete_pos_of_other_merchant' : 'query_pos_of_other_merchant');
  return pos;
}

/** The active point of sale with a beacon id (check-in, user simulation), whoever owns it. */
export function findActivePosByBeacon(db: Db, beaconId: string): Promise<PosRow | undefined> {
  return repo.findActivePosByBeacon(db, normalizeBeaconId(beaconId));
}

export function toPosResponse(row: PosRow): PosResponse {
  return {
    posId: row.id,
    merchantPosId: row.merchant_pos_id,
    storeId: row.store_id,
    name: row.name,
    beaconId: row.beacon_id,
    callbackAlias: row.callback_alias,
    supportedBeaconTypes: JSON.parse(row.supported_beacon_types) as BeaconType[],
    requirePaymentBeforeCheckin: row.require_payment_before_checkin === 1,
  };
}

/** Which uniqueness rule an existing active PoS breaks, if any. */
async function conflictOf(db: Db, caller: PosCaller, merchantPosId: string, beaconId: string): Promise<PosError | undefined> {
  if ((await repo.findActivePosByMerchantPosId(db, caller.integratorId, caller.merchantId, merchantPosId)) !== undefined) {
    return new PosError('merchant_pos_id_exists');
  }
  if ((await repo.findActivePosByBeacon(db, beaconId)) !== undefined) return new PosError('beacon_id_exists');
  return undefined;
}

/** Creates a point of sale; `answer` stores the idempotent answer in the same transaction as the insert. */
export async function createPos(db: Db, clock: Clock, caller: PosCaller, input: CreatePosRequest, answer?: AnswerWriter): Promise<PosRow> {
  const store = await findStore(db, input.storeId);
  if (store === undefined) throw new PosError('store_not_found');
  if (store.merchant_id !== caller.merchantId) throw new PosError('store_of_other_merchant');
  // A missing beacon id is generated as a GUID (contract: CreatePosRequest.beaconId).
  const beaconId = normalizeBeaconId(input.beaconId ?? newId());
  const before = await conflictOf(db, caller, input.merchantPosId, beaconId);
  if (before !== undefined) throw before;
  const row: PosRow = {
    id: newId(),
    integrator_id: caller.integratorId,
    merchant_id: caller.merchantId,
    store_id: store.id,
    merchant_pos_id: input.merchantPosId,
    name: input.name,
    beacon_id: beaconId,
    callback_alias: input.callbackAlias ?? null,
    supported_beacon_types: JSON.stringify(input.supportedBeaconTypes),
    require_payment_before_checkin: input.requirePaymentBeforeCheckin === true ? 1 : 0,
    created_at: clock.now().toISOString(),
    deleted_at: null,
  };
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertPos(trx, row);
      await answer?.(trx, row.id);
    });
  } catch (err) {
    // Two creations raced past the check: the partial unique indexes let one win; name the rule.
    const raced = await conflictOf(db, caller, input.merchantPosId, beaconId);
    throw raced ?? err;
  }
  return row;
}

/** SPEC §3: a filter must name at least one of merchantPosId, storeId or beaconId (else 1121). */
export async function findPosIdsForCaller(db: Db, caller: PosCaller, query: PosFilterQuery): Promise<string[]> {
  const { storeId, beaconId, merchantPosId } = query;
  if (storeId === undefined && beaconId === undefined && merchantPosId === undefined) throw new PosError('pos_filter_not_specific');
  return repo.listActivePosIds(db, {
    integratorId: caller.integratorId,
    merchantId: caller.merchantId,
    ...(storeId !== undefined ? { storeId: storeId.toLowerCase() } : {}),
    ...(beaconId !== undefined ? { beaconId: normalizeBeaconId(beaconId) } : {}),
    ...(merchantPosId !== undefined ? { merchantPosId } : {}),
  });
}

export async function deletePos(db: Db, clock: Clock, caller: PosCaller, posId: string): Promise<void> {
  const pos = await getPosForCaller(db, caller, posId, 'delete');
  await db.transaction().execute(async (trx) => {
    await deleteCheckin(trx, pos.id);
    if (!(await repo.markPosDeleted(trx, pos.id, clock.now().toISOString()))) throw new PosError('pos_not_found');
  });
}

export async function getCheckinForCaller(db: Db, caller: PosCaller, posId: string): Promise<GetCheckInResponse> {
  const pos = await getPosForCaller(db, caller, posId, 'query');
  const checkin = await findActiveCheckin(db, pos.id);
  if (checkin === undefined) return { isUserCheckedIn: false, pollDelayInMs: CHECKIN_POLL_DELAY_MS };
  return {
    isUserCheckedIn: true,
    loyaltyIds: checkin.loyalty_ids === null ? null : (JSON.parse(checkin.loyalty_ids) as string[]),
    pollDelayInMs: CHECKIN_POLL_DELAY_MS,
    customerToken: checkin.customer_token,
    customerReceiptToken: checkin.customer_receipt_token,
  };
}

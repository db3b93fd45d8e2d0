/**
 * Points of sale: created by an integrator for one store of a merchant, visible and usable only
 * by that integrator acting for that merchant (SPEC §3 rule 4), immutable, soft-deleted.
 */
import { isGuid } from '../../shared/ids.ts';
import { newId } from '../../shared/random.ts';
import { findStore } from '../../merchants/merchant.service.ts';
import { checkinOf, type Checkin, type CheckinService } from '../checkins/checkin.service.ts';
import type { PosCaller } from '../pos.context.ts';
import { PosError } from '../pos.errors.ts';
import type { PosPorts } from '../pos.ports.ts';
import type { AnswerWriter } from '../idempotency/idempotency.service.ts';
import { normalizeBeaconId } from '../pos.text.ts';
import * as repo from './point-of-sale.repository.ts';
import type { PointOfSaleRow } from './point-of-sale.repository.ts';
import type { BeaconType } from './point-of-sale.table.ts';
import type { CreatePosRequest, GetCheckInResponse, PointOfSaleFilterQuery, PosResponse } from './point-of-sale.schemas.ts';

export type { PointOfSalePlaceRow, PointOfSaleRow } from './point-of-sale.repository.ts';

/** How long a client should wait between polls of a check-in. */
const CHECKIN_POLL_DELAY_MS = 1000;

/**
 * Why a point of sale is loaded: the 403 for another merchant's PoS differs (1409 delete, 1410
 * otherwise), and an unknown one is 404 when named in the path (query, delete) but 409 1000 when
 * named in a payment's body (api-errors.mdx).
 */
export type PointOfSalePurpose = 'query' | 'delete' | 'payment';

export function toPointOfSaleResponse(row: PointOfSaleRow): PosResponse {
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

/** `pos` if the caller may use it for `purpose`; else the error `getForCaller` documents. */
function mayUse(caller: PosCaller, pos: PointOfSaleRow | undefined, purpose: PointOfSalePurpose): PointOfSaleRow {
  if (pos === undefined || pos.deleted_at !== null) {
    throw purpose === 'payment' ? new PosError('pos_not_found') : new PosError('not_found', 'Point of sale not found');
  }
  if (pos.integrator_id !== caller.integratorId) throw new PosError('pos_of_other_integrator');
  if (pos.merchant_id !== caller.merchantId) throw new PosError(purpose === 'delete' ? 'delete_pos_of_other_merchant' : 'query_pos_of_other_merchant');
  return pos;
}

export class PointOfSaleService {
  constructor(private readonly deps: PosPorts & { readonly checkins: CheckinService }) {}

  /**
   * A point of sale the caller may use: not found (or deleted) 404 in the path, 409 1000 in a
   * payment's body; another integrator's 403 1400, another merchant's 403 1409 (delete) or 1410.
   */
  async getForCaller(caller: PosCaller, posId: string, purpose: PointOfSalePurpose): Promise<PointOfSaleRow> {
    return mayUse(caller, isGuid(posId) ? await repo.findPointOfSale(this.deps.db, posId.toLowerCase()) : undefined, purpose);
  }

  /** `getForCaller` with the customer checked in at the PoS, if any, read in the same query. */
  async getForCallerWithCheckin(caller: PosCaller, posId: string, purpose: PointOfSalePurpose): Promise<{ pos: PointOfSaleRow; checkin: Checkin | undefined }> {
    const found = isGuid(posId) ? await repo.findPointOfSaleWithCheckin(this.deps.db, posId.toLowerCase()) : undefined;
    return { pos: mayUse(caller, found?.pos, purpose), checkin: found?.checkin && checkinOf(found.checkin) };
  }

  /** The active point of sale with a beacon id (check-in, user simulation), whoever owns it. */
  findActiveByBeacon(beaconId: string): Promise<PointOfSaleRow | undefined> {
    return repo.findActivePointOfSaleByBeacon(this.deps.db, normalizeBeaconId(beaconId));
  }

  /** The active point of sale behind a beacon with its store's and merchant's names (what the app shows at a till). */
  findPlaceByBeacon(beaconId: string): Promise<repo.PointOfSalePlaceRow | undefined> {
    return repo.findActivePlaceByBeacon(this.deps.db, normalizeBeaconId(beaconId));
  }

  /** The integrator's active points of sale at merchants still granting it access, with store and merchant names (at most `limit`). */
  listPlacesOfIntegrator(integratorId: string, limit: number): Promise<repo.PointOfSalePlaceRow[]> {
    return repo.listActivePlacesOfIntegrator(this.deps.db, integratorId, limit);
  }

  /** Creates a point of sale; `answer` stores the idempotent answer in the same transaction as the insert. */
  async create(caller: PosCaller, input: CreatePosRequest, answer?: AnswerWriter): Promise<PointOfSaleRow> {
    const { db, clock } = this.deps;
    const store = await findStore(db, input.storeId);
    if (store === undefined) throw new PosError('store_not_found');
    if (store.merchant_id !== caller.merchantId) throw new PosError('store_of_other_merchant');
    // notification-service.md: an alias names one integrator's endpoint; an unknown one, or another integrator's, is 1116.
    const alias = input.callbackAlias ?? null;
    if (alias !== null && !(await this.deps.notifier.aliasUsableBy(caller.integratorId, alias))) {
      throw new PosError('invalid_callback_alias', 'callbackAlias is not a callback alias of this integrator');
    }
    // A missing beacon id is generated as a GUID (contract: CreatePosRequest.beaconId).
    const beaconId = normalizeBeaconId(input.beaconId ?? newId());
    const before = await this.#conflictOf(caller, input.merchantPosId, beaconId);
    if (before !== undefined) throw before;
    const row: PointOfSaleRow = {
      id: newId(),
      integrator_id: caller.integratorId,
      merchant_id: caller.merchantId,
      store_id: store.id,
      merchant_pos_id: input.merchantPosId,
      name: input.name,
      beacon_id: beaconId,
      callback_alias: alias,
      supported_beacon_types: JSON.stringify(input.supportedBeaconTypes),
      require_payment_before_checkin: input.requirePaymentBeforeCheckin === true ? 1 : 0,
      created_at: clock.now().toISOString(),
      deleted_at: null,
    };
    try {
      await db.transaction().execute(async (trx) => {
        await repo.insertPointOfSale(trx, row);
        await answer?.(trx, row.id);
      });
    } catch (err) {
      // Two creations raced past the check: the partial unique indexes let one win; name the rule.
      const raced = await this.#conflictOf(caller, input.merchantPosId, beaconId);
      throw raced ?? err;
    }
    return row;
  }

  /** SPEC §3: a filter must name at least one of merchantPosId, storeId or beaconId (else 1121). */
  async findIdsForCaller(caller: PosCaller, query: PointOfSaleFilterQuery): Promise<string[]> {
    const { storeId, beaconId, merchantPosId } = query;
    if (storeId === undefined && beaconId === undefined && merchantPosId === undefined) throw new PosError('pos_filter_not_specific');
    return repo.listActivePointOfSaleIds(this.deps.db, {
      integratorId: caller.integratorId,
      merchantId: caller.merchantId,
      ...(storeId !== undefined ? { storeId: storeId.toLowerCase() } : {}),
      ...(beaconId !== undefined ? { beaconId: normalizeBeaconId(beaconId) } : {}),
      ...(merchantPosId !== undefined ? { merchantPosId } : {}),
    });
  }

  /** Deletes the caller's point of sale; whoever was checked in there leaves with it. */
  async delete(caller: PosCaller, posId: string): Promise<void> {
    const { db, clock, checkins } = this.deps;
    const pos = await this.getForCaller(caller, posId, 'delete');
    await db.transaction().execute(async (trx) => {
      await checkins.end(pos.id, trx);
      if (!(await repo.markPointOfSaleDeleted(trx, pos.id, clock.now().toISOString()))) throw new PosError('not_found', 'Point of sale not found');
    });
  }

  /** GET /pointofsales/{posid}/checkin: the customer checked in at the caller's PoS, if any. */
  async checkinForCaller(caller: PosCaller, posId: string): Promise<GetCheckInResponse> {
    const { checkin } = await this.getForCallerWithCheckin(caller, posId, 'query');
    if (checkin === undefined) return { isUserCheckedIn: false, pollDelayInMs: CHECKIN_POLL_DELAY_MS };
    const { customer } = checkin;
    return {
      isUserCheckedIn: true,
      loyaltyIds: customer.loyaltyIds === null ? null : [...customer.loyaltyIds],
      pollDelayInMs: CHECKIN_POLL_DELAY_MS,
      customerToken: customer.customerToken,
      customerReceiptToken: customer.customerReceiptToken,
    };
  }

  /** Which uniqueness rule an existing active PoS breaks, if any. */
  async #conflictOf(caller: PosCaller, merchantPosId: string, beaconId: string): Promise<PosError | undefined> {
    const { db } = this.deps;
    if ((await repo.findActivePointOfSaleByMerchantPosId(db, caller.integratorId, caller.merchantId, merchantPosId)) !== undefined) {
      return new PosError('merchant_pos_id_exists');
    }
    if ((await repo.findActivePointOfSaleByBeacon(db, beaconId)) !== undefined) return new PosError('beacon_id_exists');
    return undefined;
  }
}

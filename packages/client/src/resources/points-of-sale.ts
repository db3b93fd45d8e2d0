import type { CheckIn, CreatePointOfSaleRequest, PointOfSale } from '../contract.js';
import { PosV10Error } from '../errors.js';
import { segment, type CallOptions, type CreateOptions, type Transport } from '../transport.js';

/** Filters of `pointOfSales.list`; at least one, and a PoS must match all. */
export interface PointOfSaleFilter {
  readonly merchantPosId?: string;
  readonly storeId?: string;
  readonly beaconId?: string;
}

/** What `findOrCreate` found or made. */
export interface FoundPointOfSale {
  readonly posId: string;
  /** False when a PoS with this `merchantPosId` already existed (409 `1200`) and was found. */
  readonly created: boolean;
}

/**
 * The integrator's points of sale (`/pos/v10/pointofsales`). A PoS is immutable: to change one,
 * delete it and create another.
 */
export class PointOfSales {
  readonly #transport: Transport;

  /** @internal Made by PosV10Client. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** Creates a PoS. Retried with the same idempotency key, so a lost answer never makes two. */
  create(request: CreatePointOfSaleRequest, options: CreateOptions = {}): Promise<{ posId: string }> {
    return this.#transport.send({
      method: 'POST',
      path: '/pointofsales',
      body: request,
      idempotencyKey: options.idempotencyKey ?? crypto.randomUUID(),
      retry: true,
      signal: options.signal,
    });
  }

  /**
   * The PoS with this `merchantPosId`, created if it does not exist yet: a till can run this at
   * every start. A 409 `1200` (the merchantPosId is taken) is answered by looking the PoS up.
   * The existing PoS is returned as it is; compare it (`get`) if its store or beacon may differ.
   *
   * @example
   * ```ts
   * const { posId } = await pos.pointOfSales.findOrCreate({ merchantPosId: 'till-1', storeId, name: 'Till 1', supportedBeaconTypes: ['QR'] });
   * ```
   */
  async findOrCreate(request: CreatePointOfSaleRequest, options: CreateOptions = {}): Promise<FoundPointOfSale> {
    try {
      const { posId } = await this.create(request, options);
      return { posId, created: true };
    } catch (err) {
      if (!(err instanceof PosV10Error && err.code === '1200')) throw err;
      const { posIds } = await this.list({ merchantPosId: request.merchantPosId }, options);
      const posId = posIds[0];
      if (posId === undefined) throw err;
      return { posId, created: false };
    }
  }

  /** One PoS. */
  get(posId: string, options: CallOptions = {}): Promise<PointOfSale> {
    return this.#transport.send({ method: 'GET', path: `/pointofsales/${segment(posId)}`, retry: true, signal: options.signal });
  }

  /** The ids of the active points of sale that match every filter. */
  list(filter: PointOfSaleFilter, options: CallOptions = {}): Promise<{ posIds: string[] }> {
    return this.#transport.send({ method: 'GET', path: '/pointofsales', query: { ...filter }, retry: true, signal: options.signal });
  }

  /** Deletes a PoS (not retried: the contract does not call a repeated delete harmless). */
  async delete(posId: string, options: CallOptions = {}): Promise<void> {
    await this.#transport.send({ method: 'DELETE', path: `/pointofsales/${segment(posId)}`, retry: false, signal: options.signal });
  }

  /** Who is checked in at the PoS, with `pollDelayInMs` to wait before asking again. */
  checkIn(posId: string, options: CallOptions = {}): Promise<CheckIn> {
    return this.#transport.send({ method: 'GET', path: `/pointofsales/${segment(posId)}/checkin`, retry: true, signal: options.signal });
  }
}

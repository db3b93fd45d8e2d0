import type { CallOptions, Transport } from '../transport.js';

/**
 * The sandbox's simulated MobilePay app (`/pos/app/usersimulation`): plays the customer in tests
 * and demos. Only the sandbox serves it; production answers 404. Not retried.
 */
export class UserSimulation {
  readonly #transport: Transport;

  /** @internal Made by PosV10Client. */
  constructor(transport: Transport) {
    this.#transport = transport;
  }

  /** A test user (e.g. `+4520031801`) checks in at the PoS behind `beaconId`. */
  async checkIn(beaconId: string, phoneNumber: string, options: CallOptions = {}): Promise<void> {
    await this.#post('/checkin', { beaconId, phoneNumber }, options);
  }

  /** The test user accepts the active payment at the PoS behind `beaconId`: it becomes `Reserved`. */
  async acceptPayment(beaconId: string, phoneNumber: string, options: CallOptions = {}): Promise<void> {
    await this.#post('/acceptpayment', { beaconId, phoneNumber }, options);
  }

  /** The customer cancels the active payment at the PoS behind `beaconId` (`CancelledByUser`). */
  async cancelPayment(beaconId: string, options: CallOptions = {}): Promise<void> {
    await this.#post('/cancelpaymentbyuser', { beaconId }, options);
  }

  async #post(action: string, body: unknown, options: CallOptions): Promise<void> {
    await this.#transport.send({ method: 'POST', path: `/pos/app/usersimulation${action}`, body, surface: 'app', retry: false, signal: options.signal });
  }
}

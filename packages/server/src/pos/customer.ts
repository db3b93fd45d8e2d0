/**
 * The MobilePay app user as the PoS area knows them: the customer a check-in records and a
 * payment is issued to, and the card they pay with. Where a customer comes from (the sandbox's
 * simulated users, one day the real app) is not the PoS area's concern.
 */

/** The kind of card a customer pays with, checked against a payment's restrictions. */
export type CardType = 'credit' | 'debit';

/**
 * A customer as a check-in recorded them. Null token or loyalty fields mean "not looked up
 * yet", as in the contract.
 */
export interface Customer {
  /** E.164, e.g. `+4520031801`. */
  readonly phoneNumber: string;
  readonly customerToken: string | null;
  readonly customerReceiptToken: string | null;
  readonly loyaltyIds: readonly string[] | null;
}

/** The customer the app checks in, with everything it knows about them. */
export interface CheckinCustomer extends Customer {
  readonly customerToken: string;
  readonly customerReceiptToken: string;
  readonly loyaltyIds: readonly string[];
}

/** The payer's card, as the app knows it. */
export interface PayerCard {
  readonly phoneNumber: string;
  readonly cardType: CardType;
  readonly partialCapturePossible: boolean;
}

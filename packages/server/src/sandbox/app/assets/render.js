// Small DOM and text helpers for the sandbox app: elements built with textContent only (never
// innerHTML), amounts as people in Denmark and Finland read them, and what each payment state
// means to the customer.

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/** 12.5 DKK → "12,50 kr."; 3 EUR → "3,00 €". */
export function formatAmount(amount, currency) {
  if (amount === null || amount === undefined || currency === null || currency === undefined) return '';
  return new Intl.NumberFormat(currency === 'EUR' ? 'fi-FI' : 'da-DK', { style: 'currency', currency }).format(amount);
}

/** "+4520031801" → "+45 20 03 18 01". */
export function displayPhone(phoneNumber) {
  const match = /^(\+45|\+358)(\d+)$/.exec(phoneNumber ?? '');
  if (match === null) return phoneNumber ?? '';
  return `${match[1]} ${match[2].replace(/(\d\d)(?=\d)/g, '$1 ').trim()}`;
}

export function timeOf(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** The payment's card restrictions as lines for the customer. */
export function restrictionLines(restrictions) {
  if (restrictions === null) return ['All cards accepted'];
  const lines = [];
  if (restrictions.debitCardDisallowed) lines.push('Debit cards not accepted');
  if (restrictions.creditCardDisallowed) lines.push('Credit cards not accepted');
  return lines.length > 0 ? lines : ['All cards accepted'];
}

/** What MobilePay tells a customer whose card a payment's restrictions refuse. */
export function refusedText(cardType) {
  const card = cardType === 'debit' ? 'debit' : 'credit';
  const other = card === 'debit' ? 'credit' : 'debit';
  return `Your ${card} card can't be used for this purchase: the shop accepts ${other} cards only here. If you accept, MobilePay declines the payment.`;
}

/** The end of a payment as the customer reads it, by its state. */
export function outcomeText(item, { refusedCard } = {}) {
  const amount = formatAmount(item.amount, item.currency);
  switch (item.status) {
    case 'Reserved':
      return `Paid: ${amount} reserved. The till captures it.`;
    case 'Captured':
      return `Paid: ${amount} captured by the till.`;
    case 'CancelledByUser':
      return 'You cancelled the payment.';
    case 'CancelledByClient':
      return 'The till cancelled the payment.';
    case 'CancelledByMobilePay':
      return refusedCard ? `MobilePay declined the payment: your ${refusedCard} card can't be used for this purchase.` : 'MobilePay cancelled the payment.';
    case 'ExpiredAndCancelled':
      return 'The reservation expired before the till captured it.';
    default:
      return `The payment is ${item.status}.`;
  }
}

const PAYMENT_LABELS = {
  Reserved: 'Reserved',
  Captured: 'Paid',
  CancelledByUser: 'Cancelled by you',
  CancelledByClient: 'Cancelled by the till',
  CancelledByMobilePay: 'Declined',
  ExpiredAndCancelled: 'Expired',
  IssuedToUser: 'Waiting for you',
  Paired: 'Waiting for the amount',
};

const REFUND_LABELS = {
  Initiated: 'Refund pending',
  Reserved: 'Refund pending',
  Captured: 'Refunded',
  ExpiredAndCaptured: 'Refunded',
  CancelledByClient: 'Refund cancelled',
  CancelledByMobilePay: 'Refund cancelled',
};

/** A short label for a payment's or refund's state in the activity list. */
export function stateLabel(kind, status) {
  return (kind === 'refund' ? REFUND_LABELS : PAYMENT_LABELS)[status] ?? status;
}

/**
 * Money on the PoS API: amounts travel as JSON decimals (some clients send strings such as
 * `"12.50"`) and live everywhere else as integer minor units (øre, cents), so no arithmetic ever
 * touches a binary float.
 */

export type Currency = 'DKK' | 'EUR';

/** Integer minor units (1250 = 12.50). */
export type MinorUnits = number & { readonly __brand: 'MinorUnits' };

/**
 * The largest amount accepted: 10 000 000.00 in major units. Far above any till payment, far
 * below 2^31 minor units, so it fits an `integer` column on both databases.
 */
export const MAX_AMOUNT_MINOR = 1_000_000_000 as MinorUnits;

export type AmountResult = { ok: true; minor: MinorUnits } | { ok: false; reason: string };

// Digits, optionally a point and one or two more digits. No sign, exponent, spaces or hex.
const DECIMAL = /^(\d{1,16})(?:\.(\d{1,2}))?$/;

export function isCurrency(value: unknown): value is Currency {
  return value === 'DKK' || value === 'EUR';
}

/**
 * Parses an amount given as a JSON number or a JSON string into minor units. Never throws, so a
 * route can map a failure to 400 1102.
 *
 * A number is read from its shortest round-trip decimal string (`String(n)`), which is the text
 * the client most likely wrote: `0.1 + 0.2` prints as `0.30000000000000004` and is refused for
 * having more than two decimals instead of being silently rounded.
 *
 * @example parseAmount(12.5)     // { ok: true, minor: 1250 }
 * @example parseAmount('12.50')  // { ok: true, minor: 1250 }
 * @example parseAmount('1e3')    // { ok: false, reason: ... }
 */
export function parseAmount(value: unknown): AmountResult {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, reason: 'amount must be a finite number' };
    text = String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else {
    return { ok: false, reason: 'amount must be a number' };
  }
  const m = DECIMAL.exec(text);
  if (m === null) return { ok: false, reason: 'amount must be a positive decimal with at most 2 decimal places' };
  const whole = Number(m[1]);
  const fraction = Number((m[2] ?? '').padEnd(2, '0'));
  const minor = whole * 100 + fraction;
  if (minor <= 0) return { ok: false, reason: 'amount must be positive' };
  if (minor > MAX_AMOUNT_MINOR) return { ok: false, reason: 'amount is too large' };
  return { ok: true, minor: minor as MinorUnits };
}

/**
 * Minor units as the JSON number the contract uses: 1250 → 12.5, 1999 → 19.99. Division by 100 of
 * an integer below 2^53 yields the nearest double, whose shortest form is the exact decimal.
 */
export function toAmountNumber(minor: number): number {
  return minor / 100;
}

/**
 * What a point of sale's QR code says, and reading it back: MobilePay's documented format
 * `mobilepaypos://pos?id=<beaconId>&source=qr`, all lower case, with the beacon id (never the posId),
 * the same in sandbox and production.
 *
 * @see mobilepay-docs-pos/create-qr-codes.md
 */
import { isValidBeaconId, normalizeBeaconId } from '../pos/pos.text.ts';

/**
 * The URL a PoS's QR code encodes; `beaconId` must be valid (a GUID or 15 digits).
 *
 * @example posQrUrl('CD851CD7-8398-4A03-83C1-391A2F5CB71C') // 'mobilepaypos://pos?id=cd851cd7-8398-4a03-83c1-391a2f5cb71c&source=qr'
 */
export function posQrUrl(beaconId: string): string {
  if (!isValidBeaconId(beaconId)) throw new RangeError('beaconId must be a GUID or 15 digits');
  // create-qr-codes.md: "it is all lowercase".
  return `mobilepaypos://pos?id=${normalizeBeaconId(beaconId)}&source=qr`;
}

/** The longest text `beaconIdFromScan` reads: a QR link with a GUID, our check-in link on a long host. */
const MAX_SCAN_LENGTH = 2048;

/**
 * The beacon id in what a customer scanned or pasted: a bare beacon id, a PoS QR code's
 * `mobilepaypos://pos?id=…` URL, or a sandbox app check-in link (`…/sandbox/app?beaconId=…`).
 * Undefined when it holds no valid beacon id. Returned in lower case.
 *
 * @example beaconIdFromScan('mobilepaypos://pos?id=123456789012345&source=qr') // '123456789012345'
 */
export function beaconIdFromScan(scanned: string): string | undefined {
  const text = scanned.trim();
  if (text.length === 0 || text.length > MAX_SCAN_LENGTH) return undefined;
  if (isValidBeaconId(text)) return normalizeBeaconId(text);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const scheme = url.protocol.toLowerCase();
  const id =
    scheme === 'mobilepaypos:'
      ? url.searchParams.get('id')
      : (scheme === 'http:' || scheme === 'https:') && url.pathname.replace(/\/+$/, '') === '/sandbox/app'
        ? url.searchParams.get('beaconId')
        : null;
  // Only MobilePay's own form names a point of sale: `mobilepaypos://pos?…` (the host is "pos").
  if (scheme === 'mobilepaypos:' && url.host.toLowerCase() !== 'pos') return undefined;
  return id !== null && isValidBeaconId(id) ? normalizeBeaconId(id) : undefined;
}

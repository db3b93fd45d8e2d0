/**
 * The page's own check-in link for a point of sale, and its QR code, so a developer can scan it
 * with a real phone's camera and carry on in the phone's browser.
 *
 * The link is built on the public base URL (a phone cannot reach "localhost"). It carries the
 * integrator's sign-in and the chosen test user in its fragment: a fragment is never sent to a
 * server nor logged, and the page removes it from the address bar once read. Whoever scans the
 * code can act as that integrator in the sandbox until the token expires; the page says so.
 */
import { qrPngDataUrl } from '../../qr/qr-image.ts';

export interface PhoneLink {
  readonly link: string;
  /** The link as a QR code, a `data:image/png` URL. */
  readonly qr: string;
  /** When the sign-in the link carries expires (ISO-8601). */
  readonly expiresAt: string;
  /** False when the public URL names this machine only (localhost): a phone cannot open it. */
  readonly reachableFromPhone: boolean;
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** Side of the QR image: a sign-in makes a dense code (version ~20), which wants pixels to scan off a screen. */
const QR_PIXELS = 360;

export async function phoneLink(
  publicUrl: string,
  input: { beaconId: string; phoneNumber: string; token: string; expiresAtSeconds: number },
): Promise<PhoneLink> {
  const url = new URL(`${publicUrl}/sandbox/app`);
  url.searchParams.set('beaconId', input.beaconId);
  url.hash = new URLSearchParams({ token: input.token, user: input.phoneNumber }).toString();
  const link = url.toString();
  return {
    link,
    qr: await qrPngDataUrl(link, QR_PIXELS),
    expiresAt: new Date(input.expiresAtSeconds * 1000).toISOString(),
    reachableFromPhone: !LOOPBACK.test(url.hostname),
  };
}

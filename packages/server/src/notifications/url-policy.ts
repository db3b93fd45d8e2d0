/**
 * Where notifications may go. Production sends only to `https://` endpoints on public addresses:
 * never to loopback, private, link-local or other special-use ranges, so an alias cannot make
 * posv10 call into its own network (SSRF). The check runs when an alias is set and again at every
 * delivery, on the addresses the name resolves to then, and the connection goes to the address that
 * was checked (a custom `lookup`), so a name re-pointed at 127.0.0.1 after validation is refused
 * too. The sandbox accepts `http://` to any host, so integrators can point it at their laptop.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Mode } from '../config/config.ts';
import { invalid } from '../shared/errors.ts';

const MAX_URL_LENGTH = 2048;

/** Special-use ranges (RFC 6890 and its IPv6 counterparts) a production notification never reaches. */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');
}

/** The IPv4 address an IPv4-mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d) IPv6 address carries. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const match = /^(?:::ffff:|64:ff9b::)(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/.exec(lower);
  if (match === null) return undefined;
  if (match[1] !== undefined) return match[1];
  const high = parseInt(match[2]!, 16);
  const low = parseInt(match[3]!, 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Whether `address` (an IP literal) is one a production notification must not reach. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, 'ipv4');
  if (family !== 6) return true;
  const v4 = embeddedIpv4(address);
  return v4 !== undefined ? FORBIDDEN.check(v4, 'ipv4') : FORBIDDEN.check(address, 'ipv6');
}

/** The host of `url` without IPv6 brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * `raw` as the URL notifications are sent to, or DomainError('invalid') saying why not: absolute,
 * no credentials or fragment, `https:` (or, in the sandbox, `http:`), and in production not an IP
 * literal or name (`localhost`) that is loopback, private or link-local.
 */
export function checkCallbackUrl(raw: string, mode: Mode): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('url must be an absolute URL, e.g. https://till.example.com/mobilepay/notify');
  }
  if (raw.length > MAX_URL_LENGTH) throw invalid(`url must be at most ${MAX_URL_LENGTH} characters`);
  const allowed = mode === 'production' ? ['https:'] : ['https:', 'http:'];
  if (!allowed.includes(url.protocol)) {
    throw invalid(mode === 'production' ? 'url must be https:// in production mode' : 'url must be http:// or https://');
  }
  if (url.username !== '' || url.password !== '') throw invalid('url must not carry a user name or password');
  if (url.hash !== '') throw invalid('url must not have a fragment');
  if (mode === 'production') {
    const host = hostOf(url).replace(/\.$/, '');
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isForbiddenAddress(host))) {
      throw invalid(`url must name a public host in production mode: ${host} is loopback, private or link-local`);
    }
  }
  return url.href;
}

/** Why a delivery was refused before it was sent (never retried into a different answer by waiting). */
export class RefusedTarget extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedTarget';
  }
}

/**
 * Checks, at delivery time, the target of `url` in production: an IP literal directly, a name
 * through `safeLookup` when the connection resolves it. Throws RefusedTarget.
 */
export function checkDeliveryTarget(url: URL, mode: Mode): void {
  if (mode !== 'production') return;
  if (url.protocol !== 'https:') throw new RefusedTarget('production mode sends notifications over https only');
  const host = hostOf(url);
  if (isIP(host) !== 0 && isForbiddenAddress(host)) throw new RefusedTarget(`${host} is a loopback, private or link-local address`);
}

/**
 * A `lookup` for node:http(s) that resolves as usual and, in production, refuses a name when any
 * address it resolves to is forbidden; the socket then connects to an address that was checked.
 */
export function safeLookup(mode: Mode): LookupFunction | undefined {
  if (mode !== 'production') return undefined;
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err !== null) return callback(err, '', 0);
      const forbidden = addresses.find((a) => isForbiddenAddress(a.address));
      if (forbidden !== undefined || addresses.length === 0) {
        const why = forbidden === undefined ? 'no address' : `${forbidden.address}, a loopback, private or link-local address`;
        return callback(new RefusedTarget(`${hostname} resolves to ${why}`), '', 0);
      }
      if (options.all === true) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0]!;
      callback(null, first.address, first.family);
    });
  };
}

/**
 * In production, that the host of `url` (already through `checkCallbackUrl`) resolves, and only to
 * public addresses, when the operator sets it; delivery checks again on every connection.
 */
export async function checkResolvesPublic(url: string, mode: Mode): Promise<void> {
  if (mode !== 'production') return;
  const host = hostOf(new URL(url));
  if (isIP(host) !== 0) return;
  let addresses: LookupAddress[];
  try {
    addresses = await new Promise<LookupAddress[]>((resolve, reject) =>
      dnsLookup(host, { all: true }, (err, found) => (err !== null ? reject(err) : resolve(found))),
    );
  } catch {
    throw invalid(`url's host ${host} does not resolve`);
  }
  const forbidden = addresses.find((a) => isForbiddenAddress(a.address));
  if (forbidden !== undefined) throw invalid(`url must name a public host in production mode: ${host} resolves to ${forbidden.address}`);
}

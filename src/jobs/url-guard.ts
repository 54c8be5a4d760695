// The SSRF guard for every URL the server itself calls (a createJob document URL, a webhook):
// the host's addresses are checked when the connection is made, on the very addresses it
// connects to, so a name that resolves to a private address (or is re-pointed to one later,
// DNS rebinding) is refused unless ALLOW_PRIVATE_URLS=true.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { badInput } from './errors.ts';

// Loopback, private, link-local (incl. cloud metadata 169.254.169.254), CGNAT, multicast, reserved.
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return blocked.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return true;
}

export interface AddressPolicy {
  allowPrivateUrls: boolean;
  /** Which resolved addresses count as private; tests narrow it to tell loopback hosts apart. */
  isPrivate?: (address: string) => boolean;
}

/** The host of `url` without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

// Names the switch: a developer whose receiver runs on localhost needs it, an operator decides.
const PUBLIC_ONLY =
  'only public addresses are allowed (a server started with ALLOW_PRIVATE_URLS=true also takes private ones)';

/** A private IP literal in the URL itself: refused before any connection. */
export function privateLiteral(url: URL, policy: AddressPolicy): string | null {
  const host = hostOf(url);
  const isPrivate = policy.isPrivate ?? isPrivateAddress;
  return !policy.allowPrivateUrls && isIP(host) && isPrivate(host) ? host : null;
}

/** A `lookup` for http(s).request that refuses a host resolving to any private address. */
export function guardedLookup(policy: AddressPolicy, what = 'url'): typeof dnsLookup {
  const isPrivate = policy.isPrivate ?? isPrivateAddress;
  return ((hostname: string, options: object, callback: unknown) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      const cb = callback as (e: Error | null, a?: string | LookupAddress[], f?: number) => void;
      if (err) return cb(err);
      const bad = !policy.allowPrivateUrls && addresses.some((a) => isPrivate(a.address));
      if (bad) return cb(badInput(`${what} host ${hostname} resolves to a private address; ${PUBLIC_ONLY}`));
      if ((options as { all?: boolean }).all) return cb(null, addresses);
      const first = addresses[0];
      return first ? cb(null, first.address, first.family) : cb(new Error('no address'));
    });
  }) as typeof dnsLookup;
}

/** Resolves `url`'s host now and refuses it when it is private (or does not resolve). */
export async function checkPublicHost(url: URL, policy: AddressPolicy, what = 'url'): Promise<void> {
  const literal = privateLiteral(url, policy);
  if (literal) throw badInput(`${what} host ${literal} is a private address; ${PUBLIC_ONLY}`);
  if (isIP(hostOf(url))) return;
  await new Promise<void>((resolve, reject) => {
    guardedLookup(policy, what)(hostOf(url), { all: true }, (err) => {
      if (!err) return resolve();
      if ((err as Error).name === 'ApiError') return reject(err);
      reject(badInput(`${what} host ${hostOf(url)} does not resolve`));
    });
  });
}

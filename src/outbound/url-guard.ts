// The SSRF guard for every URL the server itself calls (a createJob document URL, a webhook):
// the host's addresses are checked when the connection is made, on the very addresses it
// connects to, so a name that resolves to a private address (or is re-pointed to one later,
// DNS rebinding) is refused unless ALLOW_PRIVATE_URLS=true. outbound/client.ts applies it to
// every hop; a refusal is an OutboundError of kind 'refused', whose message names the switch.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { OutboundError } from './errors.ts';

// Every block of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its
// updates), whether or not the registry calls it globally reachable: a URL the server calls has
// no business with any of them. Plus multicast and the reserved 240/4. node's BlockList checks
// an IPv4-mapped IPv6 address (::ffff:a.b.c.d, in either spelling) against the IPv4 rules.
// IPv6 forms that embed an IPv4 address (IPv4-compatible ::/96, NAT64 64:ff9b::/96 and
// 64:ff9b:1::/48, 6to4 2002::/16, Teredo 2001::/32) are refused whole: none is needed to reach
// a public document server, and each can smuggle a private IPv4 address.
const IPV4_BLOCKS = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // shared address space (CGNAT)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation TEST-NET-1
  ['192.31.196.0', 24], // AS112-v4
  ['192.52.193.0', 24], // AMT
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16], // private
  ['192.175.48.0', 24], // direct delegation AS112
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation TEST-NET-2
  ['203.0.113.0', 24], // documentation TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the limited broadcast address
] as const;
const IPV6_BLOCKS = [
  ['::', 96], // unspecified, loopback, IPv4-compatible (::7f00:1 is 127.0.0.1)
  ['::ffff:0:0:0', 96], // IPv4-translated
  ['64:ff9b::', 96], // NAT64 well-known prefix
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001::', 23], // IETF protocol assignments, Teredo 2001::/32 among them
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['3fff::', 20], // documentation
  ['5f00::', 16], // segment routing SIDs
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const;

const blocked = new BlockList();
for (const [net, prefix] of IPV4_BLOCKS) blocked.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of IPV6_BLOCKS) blocked.addSubnet(net, prefix, 'ipv6');

/** This host's own addresses (every interface), re-read at most every OWN_TTL_MS. */
const OWN_TTL_MS = 10_000;
let own: { list: BlockList; at: number } | null = null;
function ownAddresses(): BlockList {
  if (own && Date.now() - own.at < OWN_TTL_MS) return own.list;
  const list = new BlockList();
  for (const addrs of Object.values(networkInterfaces()))
    for (const a of addrs ?? []) {
      const address = a.address.replace(/%.*$/, '');
      if (isIP(address) === 4) list.addAddress(address, 'ipv4');
      else if (isIP(address) === 6) list.addAddress(address, 'ipv6');
    }
  own = { list, at: Date.now() };
  return list;
}

/** True for any address a URL the server calls must not reach (and for anything not an IP). */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return blocked.check(address, type) || ownAddresses().check(address, type);
}

export interface AddressPolicy {
  allowPrivateUrls: boolean;
  /** Which resolved addresses count as private; tests narrow it to tell loopback hosts apart. */
  isPrivate?: (address: string) => boolean;
  /** The resolver (default dns.lookup); tests put a stub here so that nothing is resolved or contacted. */
  resolve?: typeof dnsLookup;
}

/** The host of `url` without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}

// Names the switch: a developer whose receiver runs on localhost needs it, an operator decides.
export const PUBLIC_ONLY =
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
  const resolve = policy.resolve ?? dnsLookup;
  return ((hostname: string, options: object, callback: unknown) => {
    resolve(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      const cb = callback as (e: Error | null, a?: string | LookupAddress[], f?: number) => void;
      if (err) return cb(err);
      const bad = !policy.allowPrivateUrls && addresses.some((a) => isPrivate(a.address));
      if (bad) {
        return cb(
          new OutboundError(
            'refused',
            `${what} host ${hostname} resolves to a private address; ${PUBLIC_ONLY}`,
          ),
        );
      }
      if ((options as { all?: boolean }).all) return cb(null, addresses);
      const first = addresses[0];
      return first ? cb(null, first.address, first.family) : cb(new Error('no address'));
    });
  }) as typeof dnsLookup;
}

/** Resolves `url`'s host now and refuses it when it is private (or does not resolve). */
export async function checkPublicHost(url: URL, policy: AddressPolicy, what = 'url'): Promise<void> {
  const literal = privateLiteral(url, policy);
  if (literal)
    throw new OutboundError('refused', `${what} host ${literal} is a private address; ${PUBLIC_ONLY}`);
  if (isIP(hostOf(url))) return;
  await new Promise<void>((resolve, reject) => {
    guardedLookup(policy, what)(hostOf(url), { all: true }, (err) => {
      if (!err) return resolve();
      if (err instanceof OutboundError) return reject(err);
      reject(new OutboundError('refused', `${what} host ${hostOf(url)} does not resolve`));
    });
  });
}

// Who may be handed the default organization's key in GraphiQL: a client on this machine that
// reached us by a loopback name. The Host check stops DNS rebinding: a page on evil.example
// whose name a resolver re-points at 127.0.0.1 connects from loopback, but its requests still
// say `Host: evil.example`.
import { isIP } from 'node:net';

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** 127.0.0.0/8, ::1, and 127.0.0.0/8 mapped into IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(v4) === 4) return v4.startsWith('127.');
  return address === '::1';
}

/** `localhost`, `127.0.0.1` or `[::1]`, with any port. */
export function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  try {
    const url = new URL(`http://${host}/`);
    return (
      url.username === '' &&
      url.pathname === '/' &&
      url.search === '' &&
      url.hash === '' &&
      LOOPBACK_HOSTNAMES.has(url.hostname)
    );
  } catch {
    return false;
  }
}

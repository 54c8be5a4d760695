// The address rule for every URL the server calls (createJob URLs, webhooks): every IANA
// special-purpose block, IPv6 forms embedding a refused IPv4 address, and this host's own
// addresses. Nothing here connects anywhere: webhook creation only checks the address, and
// names are resolved by a stub.
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPublicHost, isPrivateAddress } from '../src/outbound/url-guard.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const REFUSED = [
  '192.0.2.1',
  '198.51.100.7',
  '203.0.113.9',
  '192.88.99.1',
  '198.18.0.1',
  '255.255.255.255',
  '::7f00:1', // IPv4-compatible 127.0.0.1
  '::ffff:7f00:1', // IPv4-mapped 127.0.0.1, hex spelling
  '::ffff:10.0.0.1',
  '64:ff9b::7f00:1', // NAT64 of 127.0.0.1
  '64:ff9b::808:808', // NAT64 of a public address: the whole prefix is refused
  '2002:7f00:1::', // 6to4 of 127.0.0.1
  '2001::1', // Teredo
  'fec0::1', // site-local
  '2001:db8::1',
  '100::1',
];
const OWN = Object.values(networkInterfaces())
  .flatMap((a) => a ?? [])
  .map((a) => a.address.replace(/%.*$/, ''));
const PUBLIC = ['8.8.8.8', '93.184.216.34', '::ffff:8.8.8.8', '2606:4700:4700::1111'];

const host = (a: string) => (isIP(a) === 6 ? `[${a}]` : a);

describe('isPrivateAddress', () => {
  it('refuses the special-purpose blocks, embedded forms and this host’s own addresses; passes public ones', () => {
    for (const a of [...REFUSED, ...OWN]) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of PUBLIC) expect(isPrivateAddress(a), a).toBe(false);
  });
});

describe('a name resolved by a stub resolver', () => {
  const stub = (answers: Record<string, string[]>) =>
    ((hostname: string, _options: object, callback: (e: Error | null, a?: LookupAddress[]) => void) => {
      const list = answers[hostname];
      if (!list) return callback(Object.assign(new Error('ENOTFOUND'), { code: 'ENOTFOUND' }));
      callback(
        null,
        list.map((address) => ({ address, family: isIP(address) })),
      );
    }) as never;
  const policy = {
    allowPrivateUrls: false,
    resolve: stub({
      'testnet.example': ['192.0.2.10'],
      'nat64.example': ['64:ff9b::a00:1'],
      'mixed.example': ['8.8.8.8', '::7f00:1'],
      'public.example': ['8.8.8.8', '2606:4700:4700::1111'],
    }),
  };

  it('is refused when any of its addresses is', async () => {
    for (const name of ['testnet.example', 'nat64.example', 'mixed.example'])
      await expect(checkPublicHost(new URL(`https://${name}/hook`), policy, 'webhook url')).rejects.toThrow(
        /resolves to a private address/,
      );
    await expect(checkPublicHost(new URL('https://public.example/hook'), policy)).resolves.toBeUndefined();
  });
});

describe('createWebhook through the server', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.close();
  });

  it('refuses a URL at each refused address, and at each of this host’s own', async () => {
    for (const a of [...REFUSED, ...OWN]) {
      const r = await s.gql('mutation($url: String!) { createWebhook(url: $url) { webhook { id } } }', {
        url: `https://${host(a)}/hook`,
      });
      expect(r.errors?.[0]?.extensions?.code, a).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message, a).toMatch(/private address/);
    }
    expect((await s.gql('{ webhooks { id } }')).data?.webhooks).toEqual([]);
  });
});

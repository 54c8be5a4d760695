import { describe, expect, it } from 'vitest';
import { isId, newId } from '../src/db/ids.ts';
import type { JobRow } from '../src/db/schema.ts';
import { cleanFilename, validateIdempotencyKey, validateMetadata } from '../src/jobs/limits.ts';
import { decodeCursor, encodeCursor, matchesFilter } from '../src/jobs/queries.ts';
import { isPrivateAddress } from '../src/outbound/url-guard.ts';

describe('metadata limits', () => {
  it('accepts 16 string pairs at the size limits', () => {
    const meta = Object.fromEntries(
      Array.from({ length: 16 }, (_, i) => [`${i}`.padEnd(64, 'k'), 'v'.repeat(512)]),
    );
    expect(validateMetadata(meta)).toEqual(meta);
    expect(validateMetadata(null)).toEqual({});
  });
  it('refuses 17 pairs, long keys and values, empty keys and non-strings with the number allowed', () => {
    const seventeen = Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v']));
    expect(() => validateMetadata(seventeen)).toThrow('metadata has 17 pairs; at most 16 are allowed');
    expect(() => validateMetadata({ ['k'.repeat(65)]: 'v' })).toThrow(/1 to 64/);
    expect(() => validateMetadata({ '': 'v' })).toThrow(/1 to 64/);
    expect(() => validateMetadata({ k: 'v'.repeat(513) })).toThrow(/at most 512/);
    expect(() => validateMetadata({ k: null })).toThrow(/is null; only strings/);
    expect(() => validateMetadata({ k: { nested: 'x' } })).toThrow(/only strings/);
    expect(() => validateMetadata('text')).toThrow(/must be an object/);
  });
  it('idempotency keys are 1 to 255 characters', () => {
    expect(validateIdempotencyKey('abc')).toBe('abc');
    expect(validateIdempotencyKey(undefined)).toBeNull();
    expect(() => validateIdempotencyKey('')).toThrow();
    expect(() => validateIdempotencyKey('x'.repeat(256))).toThrow();
  });
  it('filenames lose control characters and path separators', () => {
    expect(cleanFilename('../../etc/passwd', 'd')).toBe('.._.._etc_passwd');
    expect(cleanFilename('a\u0000b\nc.pdf', 'd')).toBe('a_b_c.pdf');
    expect(cleanFilename('   ', 'document')).toBe('document');
  });
});

describe('ids and cursors', () => {
  it('ids carry their prefix and are checked by shape', () => {
    const id = newId('job');
    expect(isId('job', id)).toBe(true);
    expect(isId('document', id)).toBe(false);
    expect(isId('job', `${id}'`)).toBe(false);
  });
  it('a cursor round-trips and garbage is refused', () => {
    const job = { id: newId('job'), createdAt: new Date('2026-01-02T03:04:05.678Z') };
    expect(decodeCursor(encodeCursor(job), 'after')).toEqual({ t: job.createdAt.getTime(), i: job.id });
    for (const bad of [
      '',
      'x',
      Buffer.from('{"t":"1","i":"job_x"}').toString('base64url'),
      Buffer.from('[]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad, 'after')).toThrow('after is not a cursor this server issued');
    }
  });
  it('filters match in memory as they do in SQL', () => {
    const job = {
      status: 'COMPLETED',
      endpoint: 'PARSE',
      qualityGrade: 'B',
      metadata: { a: '1', b: '2' },
      createdAt: new Date(1000),
    } as unknown as JobRow;
    expect(matchesFilter(job, { status: ['COMPLETED'], metadata: { a: '1' } })).toBe(true);
    expect(matchesFilter(job, { metadata: { a: '2' } })).toBe(false);
    expect(matchesFilter(job, { qualityGrade: ['A'] })).toBe(false);
    expect(matchesFilter(job, { createdAfter: new Date(2000) })).toBe(false);
  });
});

describe('private addresses (SSRF)', () => {
  it('refuses loopback, private, link-local and mapped addresses, allows public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ]) {
      expect(isPrivateAddress(a), a).toBe(true);
    }
    for (const a of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111'])
      expect(isPrivateAddress(a), a).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { isInternalAddress } from './network-policy.js';
import { checkDestination, checkUrl, OutboundRefusal } from './outbound-policy.js';

const policy = { publicUrl: 'https://painel.example.org', allowPrivate: false };
const reason = async (work: () => unknown) => {
  try {
    await work();
    return null;
  } catch (error) {
    return error instanceof OutboundRefusal ? error.reason : error;
  }
};

describe('isInternalAddress', () => {
  it('knows loopback, private, link-local and mapped addresses from public ones', () => {
    for (const a of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ])
      expect(isInternalAddress(a), a).toBe(true);
    for (const a of ['93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'])
      expect(isInternalAddress(a), a).toBe(false);
  });
});

describe('checkUrl', () => {
  it('refuses other schemes, Painel itself on any port, credentials and internal literals', async () => {
    expect(await reason(() => checkUrl('ftp://example.org/x', policy))).toBe('scheme');
    expect(await reason(() => checkUrl('not a url', policy))).toBe('invalid');
    expect(await reason(() => checkUrl('https://painel.example.org:8443/x', policy))).toBe('self');
    expect(await reason(() => checkUrl('https://u:p@example.org/x', policy))).toBe('invalid');
    expect(await reason(() => checkUrl('http://[::1]:8080/x', policy))).toBe('private');
    expect(await reason(() => checkUrl('http://localhost/x', policy))).toBe('private');
    expect(checkUrl('http://127.0.0.1:9/x', { ...policy, allowPrivate: true }).port).toBe('9');
  });
});

describe('checkDestination', () => {
  it('checks every address a name resolves to', async () => {
    const resolve = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    expect(
      await reason(() => checkDestination('https://hooks.example.org/x', policy, resolve)),
    ).toBe('private');
    const fails = async () => {
      throw new Error('ENOTFOUND');
    };
    expect(await reason(() => checkDestination('https://nowhere.example/x', policy, fails))).toBe(
      'unresolvable',
    );
    const ok = async () => [{ address: '93.184.216.34', family: 4 }];
    expect((await checkDestination('https://hooks.example.org/x', policy, ok)).host).toBe(
      'hooks.example.org',
    );
  });
});

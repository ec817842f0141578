import type { LookupAddress } from 'node:dns';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../errors.js';
import { parseNetworks } from '../http/network-policy.js';
import { openMysql } from './mysql.js';
import { openPostgres } from './postgres.js';
import {
  createSourceNetwork,
  ownEndpoints,
  type SourceNetworkOptions,
  type SourceTarget,
} from './source-network.js';

/** A resolver with fixed answers, so that names can be pointed anywhere (as DNS could). */
const hosts: Record<string, string[]> = {
  localhost: ['127.0.0.1', '::1'],
  'meta.internal': ['10.0.0.5'],
  'cache.internal': ['10.0.0.6'],
  'mail.internal': ['10.0.0.7'],
  'warehouse.internal': ['10.1.2.3'],
  'sneaky.example': ['203.0.113.9', '169.254.169.254'],
  'mapped.example': ['::ffff:127.0.0.1'],
};
const resolve = async (host: string): Promise<LookupAddress[]> => {
  const found = hosts[host];
  if (!found)
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: net.isIP(address) }));
};

const endpoints = ownEndpoints({
  database: 'postgres://painel@meta.internal:5432/painel',
  redis: 'redis://cache.internal',
  smtp: 'smtps://mail.internal',
});

const policy = (options: Partial<SourceNetworkOptions> = {}) =>
  createSourceNetwork({ denyLoopback: true, endpoints, resolve, ...options });

const pg = (host: string, port = 5432, database = 'sales'): SourceTarget => ({
  engine: 'postgres',
  host,
  port,
  database,
});

/** The policy rule a check refused, or 'allowed'. */
async function ruleOf(check: Promise<unknown>): Promise<string> {
  try {
    await check;
    return 'allowed';
  } catch (error) {
    if (error instanceof HttpError) return error.key.replace('errors.dataSource.policy.', '');
    throw error;
  }
}

describe('ownEndpoints', () => {
  it("reads Painel's services from their URLs, with each protocol's default port", () => {
    expect(endpoints).toEqual([
      { rule: 'metadata', host: 'meta.internal', port: 5432, database: 'painel' },
      { rule: 'redis', host: 'cache.internal', port: 6379 },
      { rule: 'smtp', host: 'mail.internal', port: 465 },
    ]);
  });
});

describe('the data-source network policy', () => {
  it("refuses Painel's own database by any name or address of its server, other databases not", async () => {
    const p = policy();
    expect(await ruleOf(p.check(pg('meta.internal', 5432, 'painel')))).toBe('metadata');
    expect(await ruleOf(p.check(pg('10.0.0.5', 5432, 'painel')))).toBe('metadata');
    expect(await ruleOf(p.check({ ...pg('10.0.0.5'), engine: 'mysql' }))).toBe('metadata');
    expect(await ruleOf(p.check(pg('10.0.0.5', 5432, 'sales')))).toBe('allowed');
    expect(await ruleOf(p.check(pg('10.0.0.5', 5433, 'painel')))).toBe('allowed');
    expect(await ruleOf(p.check(pg('cache.internal', 6379)))).toBe('redis');
    expect(await ruleOf(p.check(pg('10.0.0.7', 465)))).toBe('smtp');
  });

  it('treats every loopback alias as the same host, even when loopback is allowed', async () => {
    const local = ownEndpoints({ database: 'postgres://painel@localhost/painel' });
    const allowLoopback = parseNetworks('127.0.0.0/8, ::1');
    const p = policy({ endpoints: local, allow: allowLoopback });
    for (const host of [
      '127.0.0.1',
      '127.0.0.2',
      'localhost',
      '[::1]',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ])
      expect(await ruleOf(p.check(pg(host, 5432, 'painel'))), host).toBe('metadata');
    expect(await ruleOf(p.check(pg('mapped.example', 5432, 'painel')))).toBe('metadata');
    expect(await ruleOf(p.check(pg('/var/run/postgresql', 5432, 'painel')))).toBe('metadata');
    expect(await ruleOf(p.check(pg('localhost', 5432, 'postgres')))).toBe('allowed');
  });

  it('refuses loopback when asked, and link-local always, unless the operator allows them', async () => {
    expect(await ruleOf(policy().check(pg('127.0.0.1')))).toBe('loopback');
    expect(await ruleOf(policy().check(pg('mapped.example')))).toBe('loopback');
    expect(await ruleOf(policy({ denyLoopback: false }).check(pg('127.0.0.1')))).toBe('allowed');
    expect(await ruleOf(policy({ denyLoopback: false }).check(pg('169.254.169.254')))).toBe(
      'linkLocal',
    );
    expect(await ruleOf(policy().check(pg('[fe80::1]')))).toBe('linkLocal');
    // One bad address among a name's answers is enough.
    expect(await ruleOf(policy().check(pg('sneaky.example')))).toBe('linkLocal');
    const allow = parseNetworks('169.254.0.0/16');
    expect(await ruleOf(policy({ allow }).check(pg('169.254.169.254')))).toBe('allowed');
    // Private ranges are a BI tool's everyday sources.
    expect(await ruleOf(policy().check(pg('warehouse.internal')))).toBe('allowed');
  });

  it('lets the deny list win over the allow list', async () => {
    const p = policy({
      allow: parseNetworks('10.0.0.0/8'),
      deny: parseNetworks('10.1.0.0/16'),
    });
    expect(await ruleOf(p.check(pg('warehouse.internal')))).toBe('denied');
    expect(await ruleOf(p.check(pg('10.2.0.1')))).toBe('allowed');
  });

  it('leaves a name that does not resolve to the connection to report', async () => {
    await expect(policy().check(pg('nowhere.example'))).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });

  it('checks again when connecting, and connects to the addresses it checked', async () => {
    const server = net.createServer((s) => s.end());
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as net.AddressInfo;
    try {
      hosts['rebound.example'] = ['127.0.0.1'];
      const open = policy({ denyLoopback: false }).socket(pg('rebound.example', port));
      await new Promise((done, fail) =>
        open.connect(port, 'rebound.example').on('connect', done).on('error', fail),
      );
      expect(open.remoteAddress).toBe('127.0.0.1');
      open.destroy();
      const refused = policy().socket(pg('rebound.example', port));
      const error = await new Promise((done) => refused.connect(port, 'x').on('error', done));
      expect(error).toMatchObject({ key: 'errors.dataSource.policy.loopback' });
    } finally {
      server.close();
    }
  });
});

const engines = [
  { engine: 'postgres', url: process.env.TEST_POSTGRES_URL, open: openPostgres },
  { engine: 'mysql', url: process.env.TEST_MARIADB_URL, open: openMysql },
] as const;

describe.each(engines)('a $engine connector behind the policy', ({ engine, url, open }) => {
  it.skipIf(!url)('fails with the refusal when the connection itself is refused', async () => {
    const server = new URL(url ?? 'postgres://x');
    const config = {
      host: server.hostname,
      port: Number(server.port),
      database: server.pathname.slice(1),
      user: decodeURIComponent(server.username),
    };
    const target = { ...config, engine };
    // As when a name was pointed at loopback after it was saved: only the connection sees it.
    const outcomes = [];
    for (const network of [policy({ denyLoopback: false }), policy()]) {
      const connector = open(config, { socket: () => network.socket(target) });
      try {
        outcomes.push(await ruleOf(connector.test()));
      } finally {
        await connector.close();
      }
    }
    expect(outcomes).toEqual(['allowed', 'loopback']);
  });
});

describe('parseNetworks', () => {
  it('reads CIDR lists and names an entry that is not one', () => {
    expect(parseNetworks(' 10.0.0.0/8, fd00::/8 ,192.0.2.7').cidrs).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
      '192.0.2.7/32',
    ]);
    expect(() => parseNetworks('10.0.0.0/33')).toThrow(/"10\.0\.0\.0\/33" is not a network/);
    expect(() => parseNetworks('intranet')).toThrow(/"intranet"/);
  });
});

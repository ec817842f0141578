import type { LookupAddress } from 'node:dns';
import net from 'node:net';
import { HttpError } from '../errors.js';
import {
  addressesOf,
  isLinkLocal,
  isLoopback,
  type Networks,
  type Resolve,
  resolveAll,
  unmapped,
} from '../http/network-policy.js';
import type { Engine } from './connector.js';

/**
 * Where PostgreSQL and MySQL data sources may connect. A BI tool's job is to reach internal
 * databases, so private ranges are allowed; what is refused is Painel's own services (its
 * metadata database, Redis, SMTP), link-local addresses (cloud metadata) and — when the
 * metadata database is PostgreSQL, i.e. a deployment that may share a host with other
 * services — loopback, each unless the operator's lists say otherwise. Every address a name
 * resolves to is checked when a source is saved or tested, and again each time a connection is
 * opened (`socket`), on the very addresses the connection then uses: a name cannot be pointed
 * elsewhere after it was checked (DNS rebinding).
 */

/** Why the policy refuses a host; each one names its rule in `errors.dataSource.policy.*`. */
export type PolicyRule = 'metadata' | 'redis' | 'smtp' | 'denied' | 'linkLocal' | 'loopback';

/** A service of Painel's own, which no data source may reach. */
export interface Endpoint {
  rule: 'metadata' | 'redis' | 'smtp';
  host: string;
  port: number;
  /** PostgreSQL: another database on the same server is allowed, this one is not. */
  database?: string;
}

export interface SourceNetworkOptions {
  /** DATASOURCE_ALLOW_NETWORKS: allowed even when loopback or link-local. */
  allow?: Networks;
  /** DATASOURCE_DENY_NETWORKS: refused, even when also allowed. */
  deny?: Networks;
  /** Loopback is refused unless allowed (on when the metadata database is PostgreSQL). */
  denyLoopback: boolean;
  /** Painel's own services: refused whatever the lists say. */
  endpoints: Endpoint[];
  resolve?: Resolve;
}

/** Where a network source connects. */
export interface SourceTarget {
  engine: Engine;
  host: string;
  port: number;
  database: string;
}

export interface SourceNetwork {
  /**
   * The addresses `target` may connect to; a refusal is a 422 naming the rule. A name that does
   * not resolve fails with the resolver's error, for the connector to report as it would.
   */
  check(target: SourceTarget): Promise<LookupAddress[]>;
  /** A socket that, when asked to connect, connects only to addresses the policy allows. */
  socket(target: SourceTarget): net.Socket;
}

/** The 422 for a host the policy refuses, naming the rule (not a port's state). */
export function refusedByPolicy(rule: PolicyRule, host: string): HttpError {
  return new HttpError(422, {
    key: `errors.dataSource.policy.${rule}`,
    params: { host },
    errors: [{ path: 'config.host', key: 'validation.invalid' }],
  });
}

// A local socket path (PostgreSQL's /var/run/postgresql) reaches this machine.
const localSocket: LookupAddress = { address: '127.0.0.1', family: 4 };

/** One key per machine for comparing addresses: every loopback address is the same host. */
const sameHost = (address: string) => (isLoopback(address) ? 'loopback' : unmapped(address));

const defaultPorts: Record<string, number> = {
  'postgres:': 5432,
  'postgresql:': 5432,
  'redis:': 6379,
  'rediss:': 6379,
  'smtp:': 587,
  'smtps:': 465,
};

/** Painel's own services from their URLs (DATABASE_URL on PostgreSQL, REDIS_URL, SMTP_URL). */
export function ownEndpoints(urls: {
  database?: string | undefined;
  redis?: string | undefined;
  smtp?: string | undefined;
}): Endpoint[] {
  const endpoints: Endpoint[] = [];
  const add = (rule: Endpoint['rule'], raw: string | undefined) => {
    if (!raw) return;
    const url = new URL(raw);
    const host =
      url.hostname.replace(/^\[|\]$/g, '') || url.searchParams.get('host') || 'localhost';
    const port = Number(url.port) || defaultPorts[url.protocol] || 0;
    const endpoint: Endpoint = { rule, host, port };
    if (rule === 'metadata')
      endpoint.database =
        decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
    endpoints.push(endpoint);
  };
  add('metadata', urls.database);
  add('redis', urls.redis);
  add('smtp', urls.smtp);
  return endpoints;
}

export function createSourceNetwork(options: SourceNetworkOptions): SourceNetwork {
  const resolve = options.resolve ?? resolveAll;

  /** The same-host keys of an endpoint; its name too, should it not resolve right now. */
  async function hostsOf(endpoint: Endpoint): Promise<Set<string>> {
    const keys = new Set([endpoint.host.toLowerCase()]);
    if (endpoint.host.startsWith('/')) keys.add(sameHost(localSocket.address));
    const found = await addressesOf(endpoint.host, resolve).catch(() => []);
    for (const a of found) keys.add(sameHost(a.address));
    return keys;
  }

  async function ownService(target: SourceTarget, addresses: LookupAddress[]) {
    for (const endpoint of options.endpoints) {
      if (endpoint.port !== target.port) continue;
      // Another database of the metadata server is someone's data; Painel's own is not.
      if (endpoint.database !== undefined && target.engine === 'postgres')
        if (endpoint.database !== target.database) continue;
      const hosts = await hostsOf(endpoint);
      if (
        hosts.has(target.host.toLowerCase()) ||
        addresses.some((a) => hosts.has(sameHost(a.address)))
      )
        return endpoint.rule;
    }
    return undefined;
  }

  function ruleFor(address: string): PolicyRule | undefined {
    if (options.deny?.has(address)) return 'denied';
    if (options.allow?.has(address)) return undefined;
    if (isLinkLocal(address)) return 'linkLocal';
    if (options.denyLoopback && isLoopback(address)) return 'loopback';
    return undefined;
  }

  async function check(target: SourceTarget): Promise<LookupAddress[]> {
    const addresses = target.host.startsWith('/')
      ? [localSocket]
      : await addressesOf(target.host.replace(/^\[|\]$/g, ''), resolve);
    if (!addresses.length) throw Object.assign(new Error('no address'), { code: 'ENOTFOUND' });
    const own = await ownService(target, addresses);
    if (own) throw refusedByPolicy(own, target.host);
    for (const { address } of addresses) {
      const rule = ruleFor(address);
      if (rule) throw refusedByPolicy(rule, target.host);
    }
    return addresses;
  }

  return {
    check,
    socket(target) {
      const socket = new net.Socket();
      const connect = socket.connect.bind(socket) as (options: net.NetConnectOpts) => net.Socket;
      // Drivers call `connect(port, host)` (or `connect(path)`); the target is already known.
      socket.connect = ((...args: unknown[]) => {
        check(target).then(
          (addresses) => {
            if (socket.destroyed) return;
            if (typeof args[0] === 'string') connect({ path: args[0] });
            else
              connect({
                port: target.port,
                host: target.host.replace(/^\[|\]$/g, ''),
                // The checked addresses, not a second lookup that could answer otherwise.
                lookup: (_host, lookupOptions, callback) => {
                  const first = addresses[0] as LookupAddress;
                  if (lookupOptions.all) callback(null, addresses);
                  else callback(null, first.address, first.family);
                },
              });
          },
          (error: Error) => socket.destroy(error),
        );
        return socket;
      }) as typeof socket.connect;
      return socket;
    },
  };
}

import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * Where Painel may connect on a user's behalf (alert webhooks today, data sources next): only
 * http(s), never Painel's own host, and — unless the operator allows it — never a loopback,
 * private, link-local or otherwise internal address, checked on every address a name resolves
 * to. `lookupFor` gives the HTTP client the same check at connection time, so a name that
 * resolved to a public address when saved cannot be pointed inside later (DNS rebinding).
 */

export interface OutboundPolicy {
  /** PUBLIC_URL: its host is Painel itself, refused whatever the port. */
  publicUrl: string;
  /** WEBHOOK_ALLOW_PRIVATE: the operator's opt-in to internal addresses (and tests' loopback). */
  allowPrivate: boolean;
}

export type RefusalReason = 'invalid' | 'scheme' | 'self' | 'private' | 'unresolvable';

export class OutboundRefusal extends Error {
  override name = 'OutboundRefusal';
  constructor(
    readonly reason: RefusalReason,
    readonly host: string,
  ) {
    super(`outbound connection to ${host || 'that address'} refused: ${reason}`);
  }
}

const internal = new BlockList();
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
] as const)
  internal.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
] as const)
  internal.addSubnet(net, prefix, 'ipv6');

/** Whether `address` (an IP literal) is loopback, private, link-local, multicast or reserved. */
export function isInternalAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return internal.check(address, 'ipv4');
  if (family !== 6) return true;
  // An IPv4-mapped IPv6 address (::ffff:127.0.0.1) reaches the IPv4 address it maps.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return internal.check(mapped[1], 'ipv4');
  return internal.check(address, 'ipv6');
}

/** The URL when its form is allowed (http(s), not Painel's host); no name is resolved. */
export function checkUrl(raw: string, policy: OutboundPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OutboundRefusal('invalid', '');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new OutboundRefusal('scheme', host);
  if (url.username || url.password) throw new OutboundRefusal('invalid', host);
  if (
    host.toLowerCase() === new URL(policy.publicUrl).hostname.replace(/^\[|\]$/g, '').toLowerCase()
  )
    throw new OutboundRefusal('self', host);
  if (!policy.allowPrivate && (host.toLowerCase() === 'localhost' || host.endsWith('.localhost')))
    throw new OutboundRefusal('private', host);
  if (!policy.allowPrivate && isIP(host) && isInternalAddress(host))
    throw new OutboundRefusal('private', host);
  return url;
}

type Resolve = (host: string) => Promise<LookupAddress[]>;

const resolveAll: Resolve = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/** Every address `host` resolves to, when none of them is refused. */
async function allowedAddresses(
  host: string,
  policy: OutboundPolicy,
  resolve: Resolve,
): Promise<LookupAddress[]> {
  let addresses: LookupAddress[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  } catch {
    throw new OutboundRefusal('unresolvable', host);
  }
  if (!addresses.length) throw new OutboundRefusal('unresolvable', host);
  if (!policy.allowPrivate && addresses.some((a) => isInternalAddress(a.address)))
    throw new OutboundRefusal('private', host);
  return addresses;
}

/** The full check, as when a URL is saved: its form, then every address its host resolves to. */
export async function checkDestination(
  raw: string,
  policy: OutboundPolicy,
  resolve: Resolve = resolveAll,
): Promise<URL> {
  const url = checkUrl(raw, policy);
  await allowedAddresses(url.hostname.replace(/^\[|\]$/g, ''), policy, resolve);
  return url;
}

/**
 * A `lookup` for node:http(s) `request` that applies the policy to the addresses it connects
 * to; a refusal fails the request with the OutboundRefusal.
 */
export function lookupFor(policy: OutboundPolicy, resolve: Resolve = resolveAll) {
  return function policyLookup(
    host: string,
    options: { all?: boolean },
    callback: (
      error: NodeJS.ErrnoException | null,
      address: string | LookupAddress[],
      family?: number,
    ) => void,
  ): void {
    allowedAddresses(host, policy, resolve).then(
      (addresses) => {
        const first = addresses[0] as LookupAddress;
        if (options.all) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

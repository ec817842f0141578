import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { addressesOf, isInternalAddress, type Resolve, resolveAll } from './network-policy.js';

/**
 * Where alert webhooks may go (data sources have their own rules on the same address lists:
 * datasources/source-network.ts): only http(s), never Painel's own host, and — unless the operator allows it — never a loopback,
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

/** Every address `host` resolves to, when none of them is refused. */
async function allowedAddresses(
  host: string,
  policy: OutboundPolicy,
  resolve: Resolve,
): Promise<LookupAddress[]> {
  let addresses: LookupAddress[];
  try {
    addresses = await addressesOf(host, resolve);
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

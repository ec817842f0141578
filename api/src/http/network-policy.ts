import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * The address lists every outbound connection is judged by — alert webhooks
 * (outbound-policy.ts) and data sources (datasources/source-network.ts) — and the operator's
 * CIDR lists. One copy of each range, so the two policies cannot drift apart.
 */

type Subnets = readonly (readonly [string, number])[];

function blockList(v4: Subnets, v6: Subnets): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of v4) list.addSubnet(net, prefix, 'ipv4');
  for (const [net, prefix] of v6) list.addSubnet(net, prefix, 'ipv6');
  return list;
}

// Connecting to 0.0.0.0 or :: reaches this machine, as loopback does.
const loopbackV4 = [
  ['0.0.0.0', 8],
  ['127.0.0.0', 8],
] as const;
const loopbackV6 = [
  ['::', 128],
  ['::1', 128],
] as const;
// Cloud metadata services answer here (169.254.169.254).
const linkLocalV4 = [['169.254.0.0', 16]] as const;
const linkLocalV6 = [['fe80::', 10]] as const;

const loopback = blockList(loopbackV4, loopbackV6);
const linkLocal = blockList(linkLocalV4, linkLocalV6);
const internal = blockList(
  [
    ...loopbackV4,
    ...linkLocalV4,
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['224.0.0.0', 4],
    ['240.0.0.0', 4],
  ],
  [
    ...loopbackV6,
    ...linkLocalV6,
    ['fc00::', 7],
    ['ff00::', 8],
    ['64:ff9b::', 96],
    ['2001:db8::', 32],
  ],
);

/** The IPv4 address an IPv4-mapped IPv6 address (::ffff:127.0.0.1) reaches, else the address. */
export function unmapped(address: string): string {
  return /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1] ?? address;
}

function inList(list: BlockList, address: string): boolean {
  const plain = unmapped(address);
  const family = isIP(plain);
  return family !== 0 && list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}

/** Whether `address` (an IP literal) is loopback, private, link-local, multicast or reserved. */
export function isInternalAddress(address: string): boolean {
  return isIP(unmapped(address)) === 0 || inList(internal, address);
}

/** Whether `address` reaches this machine: 127.0.0.0/8, ::1, and 0.0.0.0 or ::. */
export const isLoopback = (address: string) => inList(loopback, address);

/** Whether `address` is link-local (169.254.0.0/16, fe80::/10), where cloud metadata answers. */
export const isLinkLocal = (address: string) => inList(linkLocal, address);

/** An operator's list of networks (`10.0.0.0/8, fd00::/8, 192.0.2.7`) to check addresses on. */
export interface Networks {
  /** The networks as given, normalised (`10.0.0.0/8`). */
  readonly cidrs: string[];
  has(address: string): boolean;
}

/**
 * Parses a comma-separated list of CIDR networks (a bare address is one host); throws an Error
 * naming the first entry that is not one, for the configuration to report.
 */
export function parseNetworks(text: string): Networks {
  const list = new BlockList();
  const cidrs: string[] = [];
  for (const entry of text
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address = '', prefixText, ...rest] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? bits : Number(prefixText);
    if (
      family === 0 ||
      rest.length > 0 ||
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > bits ||
      (prefixText !== undefined && !/^\d+$/.test(prefixText))
    )
      throw new Error(`"${entry}" is not a network: write it as 10.0.0.0/8 or fd00::/8`);
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
    cidrs.push(`${address}/${prefix}`);
  }
  return { cidrs, has: (address) => inList(list, address) };
}

export type Resolve = (host: string) => Promise<LookupAddress[]>;

/** Every address `host` resolves to (the system resolver, as connecting would use). */
export const resolveAll: Resolve = (host) =>
  new Promise((resolve, reject) =>
    dnsLookup(host, { all: true, verbatim: true }, (error, addresses) =>
      error ? reject(error) : resolve(addresses),
    ),
  );

/** The addresses of `host`: itself when it is an IP literal, else what it resolves to. */
export async function addressesOf(host: string, resolve: Resolve): Promise<LookupAddress[]> {
  const family = isIP(host);
  return family ? [{ address: host, family }] : resolve(host);
}

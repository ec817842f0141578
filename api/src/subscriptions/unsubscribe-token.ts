import { hmac, safeEqual } from '../crypto.js';

/**
 * The signed link in every report that unsubscribes its recipient with one click: the
 * subscription, the recipient's ledger key and an HMAC of both with a server secret. It never
 * expires (an old email's link keeps working) and grants nothing else.
 */

const purpose = 'painel-unsubscribe';

export interface UnsubscribeTarget {
  subscriptionId: string;
  recipient: string;
}

export function unsubscribeToken(secret: string, t: UnsubscribeTarget): string {
  const key = Buffer.from(t.recipient).toString('base64url');
  return `${t.subscriptionId}.${key}.${hmac(secret, `${purpose}:${t.subscriptionId}:${t.recipient}`)}`;
}

/** The target of a token whose signature holds, else null. */
export function readUnsubscribeToken(secret: string, token: string): UnsubscribeTarget | null {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 600) return null;
  const [subscriptionId = '', key = '', signature = ''] = parts;
  const recipient = Buffer.from(key, 'base64url').toString('utf8');
  const expected = hmac(secret, `${purpose}:${subscriptionId}:${recipient}`);
  return safeEqual(signature, expected) ? { subscriptionId, recipient } : null;
}

import { hmac, safeEqual } from '../crypto.js';

/**
 * The signed link in an alert's email that takes its recipient off the alert with one click
 * (RFC 8058, which Mailer.sendMessage's List-Unsubscribe header points at). Like the reports'
 * links, signed with a server secret, never expiring, granting nothing else; its own purpose
 * string keeps it from being read as a subscription's.
 */

const purpose = 'painel-alert-unsubscribe';

export function alertUnsubscribeToken(secret: string, alertId: string, recipient: string): string {
  const key = Buffer.from(recipient).toString('base64url');
  return `${alertId}.${key}.${hmac(secret, `${purpose}:${alertId}:${recipient}`)}`;
}

export function readAlertUnsubscribeToken(
  secret: string,
  token: string,
): { alertId: string; recipient: string } | null {
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 600) return null;
  const [alertId = '', key = '', sig = ''] = parts;
  const recipient = Buffer.from(key, 'base64url').toString('utf8');
  return safeEqual(sig, hmac(secret, `${purpose}:${alertId}:${recipient}`))
    ? { alertId, recipient }
    : null;
}

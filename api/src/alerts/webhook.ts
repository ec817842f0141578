import { createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { checkUrl, lookupFor, type OutboundPolicy } from '../http/outbound-policy.js';

/**
 * An alert's webhook: a JSON POST signed like Stripe's and GitHub's, so receivers can check it
 * came from this Painel and is fresh. `X-Painel-Signature: sha256=<hex HMAC-SHA256 of
 * "<timestamp>.<body>">` with the alert's secret, `X-Painel-Timestamp` (Unix seconds) and
 * `X-Painel-Event-Id`, the same for every attempt at one notification, to dedupe on. Sent
 * through the outbound policy (never Painel itself, nor an internal address unless allowed);
 * redirects are not followed, so they cannot lead around it.
 */

export interface WebhookPayload {
  alert: { id: string; name: string; url: string };
  state: 'firing' | 'resolved' | 'test';
  value: number | null;
  threshold: number | null;
  condition: unknown;
  checkedAt: string;
  workspace: { id: string; slug: string };
}

export const webhookTimeoutMs = 10_000;

/** `sha256=<hex>` of `<timestamp>.<body>`: what X-Painel-Signature carries. */
export function signature(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface WebhookSender {
  /** One attempt; throws with a short reason unless the receiver answers 2xx. */
  post(url: string, secret: string, eventId: string, payload: WebhookPayload): Promise<void>;
}

export function createWebhookSender(deps: {
  policy: OutboundPolicy;
  now?: () => number;
  userAgent?: string;
}): WebhookSender {
  const lookup = lookupFor(deps.policy);
  const now = deps.now ?? Date.now;
  return {
    post(raw, secret, eventId, payload) {
      const url = checkUrl(raw, deps.policy);
      const body = JSON.stringify(payload);
      const timestamp = Math.floor(now() / 1000);
      const client = url.protocol === 'https:' ? https : http;
      return new Promise<void>((resolve, reject) => {
        const req = client.request(
          url,
          {
            method: 'POST',
            lookup,
            timeout: webhookTimeoutMs,
            headers: {
              'Content-Type': 'application/json',
              'Content-Length': Buffer.byteLength(body),
              'User-Agent': deps.userAgent ?? 'Painel-Webhook',
              'X-Painel-Event-Id': eventId,
              'X-Painel-Timestamp': String(timestamp),
              'X-Painel-Signature': signature(secret, timestamp, body),
            },
          },
          (res) => {
            // The answer's body is not ours to keep; reading it frees the socket.
            res.resume();
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve();
            else reject(new Error(`the receiver answered HTTP ${status}`));
          },
        );
        req.on('timeout', () =>
          req.destroy(new Error(`no answer within ${webhookTimeoutMs / 1000} s`)),
        );
        req.on('error', reject);
        req.end(body);
      });
    },
  };
}

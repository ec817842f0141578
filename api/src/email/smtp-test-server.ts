import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** For tests only: a real SMTP server in this process, on a free port of 127.0.0.1. */
export interface TestSmtpServer {
  /** `smtp://127.0.0.1:<port>`, ready for `createMailer({ smtpUrl })`. */
  url: string;
  /** Every message received so far, parsed, oldest first. */
  messages: ParsedMail[];
  /** The first message (already received or still to come) that matches; rejects after `timeoutMs`. */
  waitFor(predicate: (message: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

interface Waiter {
  predicate: (message: ParsedMail) => boolean;
  resolve: (message: ParsedMail) => void;
}

/**
 * Starts the server; any login is accepted and nothing is ever relayed. `onMessage` hears each
 * message as it arrives (the e2e setup hands them to test workers through files).
 */
export async function startTestSmtpServer(
  options: { onMessage?: (message: ParsedMail) => void } = {},
): Promise<TestSmtpServer> {
  const messages: ParsedMail[] = [];
  const waiters = new Set<Waiter>();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true, // no TLS here, so credentials in the URL must still work
    logger: false,
    onAuth(_auth, _session, callback) {
      callback(null, { user: 'test' });
    },
    onData(stream, _session, callback) {
      // `cid:` links kept as sent (mailparser would inline them as data URLs): tests match them
      // to the inline attachments.
      simpleParser(stream, { keepCidLinks: true }).then(
        (message) => {
          messages.push(message);
          options.onMessage?.(message);
          for (const waiter of waiters) {
            if (waiter.predicate(message)) {
              waiters.delete(waiter);
              waiter.resolve(message);
            }
          }
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor(predicate, timeoutMs = 5_000) {
      const found = messages.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter: Waiter = {
          predicate,
          resolve: (message) => {
            clearTimeout(timer);
            resolve(message);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const subjects = messages.map((m) => JSON.stringify(m.subject ?? '')).join(', ');
          reject(
            new Error(
              `no matching email within ${timeoutMs} ms; received ${messages.length}: ${subjects || 'none'}`,
            ),
          );
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first http(s) link of a message's text body (the action link of every Painel email). */
export function findLink(message: ParsedMail): string | undefined {
  return message.text?.match(/https?:\/\/\S+/)?.[0];
}

/** A `waitFor` predicate: the message is addressed to `address` (case-insensitive). */
export function sentTo(address: string): (message: ParsedMail) => boolean {
  const wanted = address.toLowerCase();
  return (message) => {
    const to = message.to === undefined ? [] : [message.to].flat();
    return to.some((group) => group.value.some((a) => a.address?.toLowerCase() === wanted));
  };
}

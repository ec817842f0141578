import type { EmailTemplate, Mailer, OutgoingEmail, OutgoingMessage } from '../email/mailer.js';

/** A Mailer for tests that keeps what it was asked to send. */
export function createRecordingMailer(): Mailer & {
  sent: OutgoingEmail[];
  messages: OutgoingMessage[];
  last(to: string, template?: EmailTemplate): OutgoingEmail | undefined;
} {
  const sent: OutgoingEmail[] = [];
  const messages: OutgoingMessage[] = [];
  return {
    sent,
    messages,
    async send(email) {
      sent.push(email as OutgoingEmail);
    },
    async sendMessage(message) {
      messages.push(message);
    },
    last(to, template) {
      return sent.filter((e) => e.to === to && (!template || e.template === template)).at(-1);
    },
  };
}

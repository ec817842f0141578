import type { EmailTemplate, Mailer, OutgoingEmail } from '../email/mailer.js';

/** A Mailer for tests that keeps what it was asked to send. */
export function createRecordingMailer(): Mailer & {
  sent: OutgoingEmail[];
  last(to: string, template?: EmailTemplate): OutgoingEmail | undefined;
} {
  const sent: OutgoingEmail[] = [];
  return {
    sent,
    async send(email) {
      sent.push(email as OutgoingEmail);
    },
    last(to, template) {
      return sent.filter((e) => e.to === to && (!template || e.template === template)).at(-1);
    },
  };
}

import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

/**
 * The newest email to `to` that `matches`, as the e2e SMTP server received it
 * (test/e2e/global-setup.ts), waited for until it comes.
 */
export async function receivedMail(
  mailDir: string,
  to: string,
  matches: (mail: ReceivedMail) => boolean,
): Promise<ReceivedMail> {
  let found: ReceivedMail | undefined;
  await expect
    .poll(
      () => {
        for (const file of fs.readdirSync(mailDir).sort().reverse()) {
          const mail = JSON.parse(
            fs.readFileSync(path.join(mailDir, file), 'utf8'),
          ) as ReceivedMail;
          if (mail.to.includes(to.toLowerCase()) && matches(mail)) {
            found = mail;
            return mail;
          }
        }
        return undefined;
      },
      { timeout: 15_000 },
    )
    .toBeDefined();
  return found as ReceivedMail;
}

/**
 * The path and query of the link in the newest email to `to` whose link goes to `page`
 * (`verify-email`, `reset-password`, `invites/accept`).
 */
export async function emailedLink(mailDir: string, to: string, page: string): Promise<string> {
  const pattern = new RegExp(`https?://[^\\s"'<>]+?(/(?:pt-br/)?${page}\\?token=[^\\s"'<>&]+)`);
  const mail = await receivedMail(mailDir, to, (m) => pattern.test(m.text));
  return pattern.exec(mail.text)?.[1] as string;
}

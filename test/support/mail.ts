import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

/**
 * The path and query of the link in the newest email to `to` whose link goes to `page`
 * (`verify-email`, `reset-password`, `invites/accept`), as the e2e SMTP server received it.
 */
export async function emailedLink(mailDir: string, to: string, page: string): Promise<string> {
  const pattern = new RegExp(`https?://[^\\s"'<>]+?(/(?:pt-br/)?${page}\\?token=[^\\s"'<>&]+)`);
  let link: string | undefined;
  await expect
    .poll(
      () => {
        for (const file of fs.readdirSync(mailDir).sort().reverse()) {
          const mail = JSON.parse(
            fs.readFileSync(path.join(mailDir, file), 'utf8'),
          ) as ReceivedMail;
          if (!mail.to.includes(to.toLowerCase())) continue;
          link = pattern.exec(mail.text)?.[1];
          if (link) return link;
        }
        return undefined;
      },
      { timeout: 15_000 },
    )
    .toBeDefined();
  return link as string;
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startTestSmtpServer, type TestSmtpServer } from '../../api/src/email/smtp-test-server.js';
import { demoApiKey } from '../../api/src/testing/api-key.js';
import { type PainelProcess, startPainel } from '../support/painel-process.js';

let painel: PainelProcess | undefined;
let smtp: TestSmtpServer | undefined;

/**
 * One real server (started with `npm start`) for the whole browser suite, sending its email to
 * a real SMTP server in this process. Test files run in workers, so each received message is
 * also written to `mailDir` as JSON (to, subject, text), where test/support/mail.ts reads it.
 */
export async function setup(project: TestProject) {
  const mailDir = fs.mkdtempSync(
    path.join(fs.realpathSync(process.env.TMPDIR ?? '/tmp'), 'painel-mail-'),
  );
  let received = 0;
  smtp = await startTestSmtpServer({
    onMessage(message) {
      const to = [message.to ?? []]
        .flat()
        .flatMap((group) => group.value.map((a) => a.address ?? ''));
      received += 1;
      const file = path.join(mailDir, `${String(received).padStart(5, '0')}.json`);
      fs.writeFileSync(file, JSON.stringify({ to, subject: message.subject, text: message.text }));
    },
  });
  const metricsToken = randomBytes(16).toString('hex');
  painel = await startPainel({
    env: {
      SMTP_URL: smtp.url,
      // Tests read /metrics for server-side conditions (a query running in its engine).
      METRICS_TOKEN: metricsToken,
      // Files sign up accounts besides the first (the administrator): open, said explicitly,
      // since the default is by invitation once an administrator exists.
      SIGNUP: 'open',
      // Every file logs in as the Demo owner; the limits' defaults are proved by unit tests.
      RATE_LIMIT_PER_IP: '10000',
      RATE_LIMIT_PER_ACCOUNT: '10000',
    },
  });
  project.provide('baseUrl', painel.url);
  project.provide('dataDir', painel.dataDir);
  project.provide('mailDir', mailDir);
  project.provide('metricsToken', metricsToken);
  // The first account owns the Demo workspace; tests that query it share this editor key.
  project.provide('demoApiKey', await demoApiKey(painel.url));
}

export async function teardown() {
  await painel?.stop();
  await smtp?.close();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    dataDir: string;
    mailDir: string;
    metricsToken: string;
    demoApiKey: string;
  }
}

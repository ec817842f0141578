import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createDb, createLogger, migrate } from '@painel/api';
import { createTestDatabase, type TestDatabase } from '@painel/api/testing';
import { SMTPServer } from 'smtp-server';
import { bootCore } from '../../api/src/boot.js';
import { loadConfig } from '../../api/src/config.js';
import { createMailer } from '../../api/src/email/transport.js';
import { composeReport, readReport } from '../../api/src/subscriptions/report-email.js';
import { createBossQueue } from '../../jobs/src/queue/boss-queue.js';
import { createLocalQueue } from '../../jobs/src/queue/local-queue.js';
import type { JobQueue, QueueDefinition } from '../../jobs/src/queue/queue.js';
import { expectStatus, sequentialAgent, timedRequest } from './http-client.js';
import { atMost, type BenchRow, ratioOf, type Section } from './section.js';
import { ownMetadataDb } from './server.js';
import { median, summarize } from './stats.js';

/** The public Demo dashboards a PDF is made of: 12 cards over 3 M rows, and every chart kind. */
const pdfDashboards = [
  { slug: 'flights', what: '12-card flights dashboard' },
  { slug: 'chart-gallery', what: 'chart gallery' },
] as const;

/**
 * `GET /api/public/dashboards/<slug>.pdf` on a server of its own: the first request (results
 * not cached yet, fonts not loaded) and the median of warm ones, as a reader clicking
 * "Download PDF" meets them.
 */
export const pdfExportSection: Section = {
  name: 'PDF export',
  async run(context) {
    const server = await context.startServer({ env: ownMetadataDb(context.scratchDir, 'pdf') });
    const agent = sequentialAgent();
    const rows: BenchRow[] = [];
    const details: Record<string, unknown> = {};
    try {
      for (const { slug, what } of pdfDashboards) {
        const url = `${server.url}/api/public/dashboards/${slug}.pdf?paper=a4&orientation=landscape`;
        const get = async () => {
          const response = await timedRequest(url, { agent, timeoutMs: 60_000 });
          expectStatus(response, 200, `GET ${slug}.pdf`);
          return response;
        };
        const first = await get();
        const warm: number[] = [];
        for (let i = 0; i < 10; i++) warm.push((await get()).ms);
        const summary = summarize(warm);
        details[slug] = { firstMs: first.ms, bytes: first.body.length, warm: summary };
        rows.push(
          {
            metric: `PDF of the ${what}, first request`,
            unit: 'ms',
            value: first.ms,
            note: `${(first.body.length / 1024).toFixed(0)} KB`,
          },
          {
            metric: `PDF of the ${what}, cached results (median of 10)`,
            unit: 'ms',
            value: summary.p50,
            ...(slug === 'flights' ? { target: atMost(summary.p50, 1000, '< 1 s', true) } : {}),
          },
        );
      }
      return { rows, details };
    } finally {
      agent.destroy();
      await server.stop();
    }
  },
};

const jobCount = 500;

/** A job that does nothing: what is left is what the queue costs. */
function noOp(name: string, done: () => void): QueueDefinition {
  return {
    name,
    async run() {
      done();
    },
    retryLimit: 0,
    retryDelaySeconds: 1,
    retryBackoff: false,
    expireInSeconds: 60,
  };
}

/** Sends `jobCount` runs of a no-op and waits until the last one ran: ms per job. */
async function perJobMs(
  queue: JobQueue,
  name: string,
  ran: Promise<void>,
  drain?: () => Promise<unknown>,
) {
  const started = performance.now();
  for (let i = 0; i < jobCount; i++) await queue.send(name, { i });
  await drain?.();
  await ran;
  return (performance.now() - started) / jobCount;
}

/** A promise that resolves on the `n`th call of the function it comes with. */
function countdown(n: number): { tick: () => void; done: Promise<void> } {
  let left = n;
  let resolve = () => {};
  const done = new Promise<void>((r) => {
    resolve = r;
  });
  return {
    tick: () => {
      left -= 1;
      if (left === 0) resolve();
    },
    done,
  };
}

/**
 * What a job costs in each queue beyond the function it runs: send, take, run and record a
 * no-op, `jobCount` times, against calling the same function directly in the same run.
 */
export const queueOverheadSection: Section = {
  name: 'Job queue overhead',
  async run() {
    const logger = createLogger('silent');
    const bare: number[] = [];
    for (let round = 0; round < 5; round++) {
      const { tick, done } = countdown(jobCount);
      const job = noOp('bare', tick);
      const started = performance.now();
      for (let i = 0; i < jobCount; i++) await job.run({ i });
      await done;
      bare.push((performance.now() - started) / jobCount);
    }
    const bareMs = median(bare);
    const rows: BenchRow[] = [
      { metric: 'a bare async function call (no-op)', unit: 'ms', value: bareMs },
    ];
    const details: Record<string, unknown> = { bareMs };

    const sqlite = await createTestDatabase('sqlite');
    const sqliteDb = createDb(sqlite.config);
    try {
      await migrate(sqliteDb);
      const { tick, done } = countdown(jobCount);
      const queue = createLocalQueue({ db: sqliteDb, logger, pollIntervalMs: 0, historyDays: 1 });
      await queue.start([noOp('bench-no-op', tick)]);
      const ms = await perJobMs(queue, 'bench-no-op', done, () => queue.poll());
      await queue.stop();
      details.local = ms;
      rows.push({
        metric: `local queue (SQLite), ${jobCount} no-op jobs: per job`,
        unit: 'ms',
        value: ms,
        baseline: { label: 'bare call', value: bareMs },
        ...ratioOf(ms, bareMs),
      });
    } finally {
      await sqliteDb.destroy();
      await sqlite.drop();
    }

    const postgresUrl = process.env.BENCH_POSTGRES_URL || process.env.TEST_POSTGRES_URL;
    if (!postgresUrl) {
      rows.push({
        metric: `pg-boss (PostgreSQL), ${jobCount} no-op jobs: per job`,
        unit: 'ms',
        value: null,
        note: 'not measured: set BENCH_POSTGRES_URL (or TEST_POSTGRES_URL)',
      });
      return { rows, details };
    }
    let pg: TestDatabase | undefined;
    let queue: JobQueue | undefined;
    try {
      pg = await createTestDatabase('postgres', undefined, postgresUrl);
      if (pg.config.client !== 'pg') throw new Error('expected a PostgreSQL database');
      const config = pg.config;
      queue = createBossQueue({
        connectionString: config.connectionString,
        logger,
        historyDays: 1,
        pollingIntervalSeconds: 0.5,
      });
      const { tick, done } = countdown(jobCount);
      await queue.start([noOp('bench-no-op', tick)]);
      const ms = await perJobMs(queue, 'bench-no-op', done);
      details.pgBoss = ms;
      rows.push({
        metric: `pg-boss (PostgreSQL), ${jobCount} no-op jobs: per job`,
        unit: 'ms',
        value: ms,
        baseline: { label: 'bare call', value: bareMs },
        ...ratioOf(ms, bareMs),
        note: 'one worker, one job per fetch, polling every 0.5 s when idle',
      });
      return { rows, details };
    } finally {
      await queue?.stop();
      await pg?.drop();
    }
  },
};

const reportRecipients = 100;

/** A real SMTP server that takes every message and only counts it: the receiver costs nothing. */
async function countingSmtpServer(): Promise<{
  url: string;
  received: () => number;
  close: () => Promise<void>;
}> {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('end', () => {
        received += 1;
        callback();
      });
      stream.resume();
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A daily subscription of the flights dashboard to the 100 members of the Demo workspace, sent
 * as the `send-report` job does (claimDue, then deliver: access checked, composed and recorded
 * per recipient) to a real SMTP server; against composing the report once and sending that same
 * message 100 times over the same kind of transport, without the ledger.
 */
export const dailyReportSection: Section = {
  name: 'Daily report to 100 recipients',
  async run(context) {
    const smtp = await countingSmtpServer();
    const config = loadConfig(
      {
        DATA_DIR: context.dataDir,
        LOG_LEVEL: 'silent',
        SMTP_URL: smtp.url,
        ...ownMetadataDb(context.scratchDir, 'daily-report'),
      },
      context.root,
    );
    const logger = createLogger('silent');
    const core = await bootCore(config, logger);
    try {
      const { db, services } = core;
      const ws = { id: services.workspaceId, slug: 'demo', role: 'owner' as const };
      const at = new Date();
      const users = Array.from({ length: reportRecipients }, (_, i) => ({
        id: randomUUID(),
        email: `reader-${i}@bench.test`,
        name: `Reader ${i}`,
        password_hash: 'not used: nobody logs in',
        email_verified_at: at,
        created_at: at,
        updated_at: at,
      }));
      await db.batchInsert('users', users, 50);
      await db.batchInsert(
        'workspace_members',
        users.map((u, i) => ({
          workspace_id: ws.id,
          user_id: u.id,
          role: i === 0 ? 'owner' : 'viewer',
          created_at: at,
        })),
        50,
      );
      const owner = users[0] as (typeof users)[number];
      const subscription = await services.subscriptions.create({ userId: owner.id }, ws, {
        dashboard: 'flights',
        schedule: { kind: 'daily', time: '07:00' },
        timeZone: 'UTC',
        filters: {},
        recipients: { members: users.map((u) => u.id), emails: [] },
        attach: { csv: true, pdf: false },
        skipEmpty: false,
        paused: false,
      });

      // The next day's slot has come: claimed and sent as the jobs do.
      const started = performance.now();
      const due = await services.subscriptionDelivery.claimDue(new Date(Date.now() + 86_400_000));
      const states = [];
      for (const run of due) states.push(await services.subscriptionDelivery.deliver(run));
      const deliverMs = performance.now() - started;
      const delivered = smtp.received();

      // The baseline: one report composed once, then the same message sent to each.
      const mailer = createMailer({ ...config.email, logger });
      const baselineStarted = performance.now();
      const data = await readReport(
        services.dashboardRenderer,
        { slug: 'flights', workspaceId: ws.id },
        'en',
        {
          query: {},
          timeZone: 'UTC',
        },
      );
      if (!data) throw new Error('the flights dashboard is missing from the Demo workspace');
      const link = `${config.publicUrl}/w/demo/dashboards/flights`;
      const composed = await composeReport({
        ...data,
        locale: 'en',
        timeZone: 'UTC',
        at: new Date(),
        attach: { csv: true, pdf: false },
        dashboardUrl: link,
        unsubscribeUrl: link,
      });
      for (const u of users)
        await mailer.sendMessage({
          kind: 'report',
          to: u.email,
          locale: 'en',
          subject: composed.subject,
          html: composed.html,
          text: composed.text,
          attachments: composed.attachments,
          messageId: `<bench.${u.id}@localhost>`,
          unsubscribeUrl: link,
        });
      const baselineMs = performance.now() - baselineStarted;

      const perMinute = (ms: number) => Math.round((reportRecipients * 60_000) / ms);
      const details = {
        subscriptionId: subscription.id,
        runs: due.length,
        states,
        delivered,
        deliverMs,
        baselineMs,
      };
      const note = `${delivered} of ${reportRecipients} received (${states.join(', ') || 'no run'})`;
      return {
        details,
        rows: [
          {
            metric: `daily report of the flights dashboard to ${reportRecipients} members: claimDue + deliver`,
            unit: 'ms',
            value: deliverMs,
            note,
          },
          {
            metric: 'reports sent per minute',
            unit: 'count',
            value: perMinute(deliverMs),
            baseline: {
              label: 'one report composed once, sent 100 times',
              value: perMinute(baselineMs),
            },
            ...ratioOf(perMinute(deliverMs), perMinute(baselineMs)),
          },
          {
            metric: 'per recipient (access, compose, ledger, send)',
            unit: 'ms',
            value: deliverMs / reportRecipients,
            baseline: { label: 'composed once, then sent', value: baselineMs / reportRecipients },
            ...ratioOf(deliverMs, baselineMs),
          },
        ],
      };
    } finally {
      await core.close();
      await smtp.close();
    }
  },
};

import { createLogger, createMetrics } from '@painel/api';
import type { ParsedMail } from 'mailparser';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The API's own fixtures: the API package may not import the jobs, so the test of how the jobs
// drive reports and alerts lives here.
import {
  sentTo,
  startTestSmtpServer,
  type TestSmtpServer,
} from '../../api/src/email/smtp-test-server.js';
import { createMailer } from '../../api/src/email/transport.js';
import { tempDir } from '../../api/src/testing/databases.js';
import { apiKeyOf, person } from '../../api/src/testing/members.fixture.js';
import { createTestApp, type TestApp } from '../../api/src/testing/test-app.js';
import { weatherDashboard } from '../../api/src/testing/weather-dashboard.fixture.js';
import { painelJobs, queueDefinitions } from './index.js';
import { createLocalQueue } from './queue/local-queue.js';

/**
 * Reports and alerts through the jobs as the embedded setup runs them: the local queue on the
 * metadata database, `subscriptions-due` and `alerts-due` fanning out one run per due slot,
 * `send-report` and `check-alert` doing the work, a real SMTP server receiving. The clock is the
 * test's: a slot comes due when the test moves it, not when the wall clock does.
 */

let t: TestApp;
let smtp: TestSmtpServer;
let queue: ReturnType<typeof createLocalQueue>;
let clock = Date.parse('2026-12-06T12:00:00Z');
// An API key: the test moves its clock by days, past any session's life.
let owner: { get(path: string): request.Test; post(path: string, body: object): request.Test };
let ownerId: string;
let editorId: string;

const ws = '/api/workspaces/demo';
/** Which kind of message it is, by the header mail filters sort on. */
const kindOf = (m: ParsedMail) =>
  m.headerLines
    .find((h) => h.key === 'x-painel-template')
    ?.line.split(':')[1]
    ?.trim();
const isReport = (m: ParsedMail) => kindOf(m) === 'report';
const isAlert = (m: ParsedMail) => kindOf(m) === 'alert';
const reportTo = (address: string) => (m: ParsedMail) => isReport(m) && sentTo(address)(m);

/** One scheduled run of `name`, as the schedules would send it, worked through to the end. */
async function scheduled(name: string) {
  await queue.send(name, { slot: new Date(clock).toISOString() });
  await queue.poll();
  return queue.runs({
    name: name === 'subscriptions-due' ? 'send-report' : 'check-alert',
    limit: 10,
  });
}

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await createTestApp({
    demoTables: ['seattle_weather'],
    now: () => clock,
    mailer: createMailer({
      smtpUrl: smtp.url,
      outboxDir: tempDir(),
      from: 'Painel <reports@painel.test>',
      logger: createLogger('silent'),
    }),
    jobs: (db) => {
      queue = createLocalQueue({
        db,
        logger: createLogger('silent'),
        now: () => clock,
        pollIntervalMs: 0,
        historyDays: 7,
      });
      return queue;
    },
  });
  const jobs = painelJobs(t.services, {}, (name, data) => queue.send(name, data));
  await queue.start(queueDefinitions(jobs, createLogger('silent'), createMetrics()));
  const o = await person(t, 'owner@example.org');
  const key = await apiKeyOf(o.b, 'admin');
  owner = {
    get: (path) => request(t.app).get(path).set('Authorization', `Bearer ${key}`),
    post: (path, body) =>
      request(t.app).post(path).set('Authorization', `Bearer ${key}`).send(body),
  };
  ownerId = o.id;
  editorId = (await person(t, 'editor@example.org', 'editor', { locale: 'pt-BR', lang: 'pt-BR' }))
    .id;
  expect((await owner.post(`${ws}/dashboards`, weatherDashboard('weather'))).status).toBe(201);
});
afterAll(async () => {
  await queue?.stop();
  await t?.close();
  await smtp?.close();
});

describe('reports through the jobs', () => {
  it('sends each due report once per recipient, in their language, and nothing before or after', async () => {
    const made = await owner.post(`${ws}/subscriptions`, {
      dashboard: 'weather',
      schedule: { kind: 'daily', time: '08:00' },
      timeZone: 'America/Sao_Paulo',
      recipients: { members: [ownerId, editorId] },
    });
    expect(made.status).toBe(201);

    // Before 08:00 in São Paulo (11:00 UTC): nothing is due.
    expect(await scheduled('subscriptions-due')).toEqual([]);

    clock = Date.parse('2026-12-07T11:00:20Z');
    const [run, ...more] = await scheduled('subscriptions-due');
    expect(more).toEqual([]);
    expect(run).toMatchObject({
      state: 'completed',
      data: { subscriptionId: made.body.id, slot: '2026-12-07T11:00:00.000Z' },
    });
    const pt = await smtp.waitFor(reportTo('editor@example.org'));
    const en = await smtp.waitFor(reportTo('owner@example.org'));
    expect(pt.subject).toContain('Clima em Seattle');
    expect(en.subject).toContain('Seattle weather');
    expect(en.messageId).not.toBe(pt.messageId);

    // The same minute again, a second worker asking: the slot was claimed, nothing is sent.
    const before = smtp.messages.filter(isReport).length;
    expect(await scheduled('subscriptions-due')).toHaveLength(1);
    expect(smtp.messages.filter(isReport)).toHaveLength(before);
    expect(before).toBe(2);
  });
});

describe('alerts through the jobs', () => {
  it('checks each due alert once and notifies its members when it fires', async () => {
    const query = await owner.post(`${ws}/saved-queries`, {
      name: 'Revenue',
      sourceId: 'demo',
      sql: 'SELECT 150 AS value',
    });
    expect(query.status).toBe(201);
    const made = await owner.post(`${ws}/alerts`, {
      name: 'Revenue high',
      source: { savedQuery: query.body.id },
      condition: { kind: 'above', threshold: 100 },
      schedule: { kind: 'hourly', minute: 0 },
      timeZone: 'America/Sao_Paulo',
      cooldownMinutes: 120,
      recipients: { members: [ownerId, editorId] },
    });
    expect(made.status).toBe(201);

    clock = Date.parse('2026-12-07T12:00:40Z');
    const [run, ...older] = await scheduled('alerts-due');
    expect(older).toEqual([]);
    expect(run).toMatchObject({
      state: 'completed',
      data: { alertId: made.body.id, slot: '2026-12-07T12:00:00.000Z' },
    });
    const pt = await smtp.waitFor((m) => isAlert(m) && sentTo('editor@example.org')(m));
    expect(pt.subject).toBe('Alerta: Revenue high');
    expect((await owner.get(`${ws}/alerts/${made.body.id}`)).body).toMatchObject({
      state: 'firing',
      lastValue: 150,
    });

    // Asked again within the hour: the slot was checked, nobody hears twice.
    const before = smtp.messages.filter(isAlert).length;
    expect(await scheduled('alerts-due')).toHaveLength(1);
    expect(smtp.messages.filter(isAlert)).toHaveLength(before);
    expect(before).toBe(2);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtpServer, type TestSmtpServer } from '../../api/src/email/smtp-test-server.js';
import { apiSession } from '../support/api-session.js';
import { type LoadReport, startLoad } from '../support/load.js';
import { waitUntil } from '../support/process.js';
import {
  type LogLine,
  type PainelNode,
  startTopology,
  type Topology,
} from '../support/topology.js';

/**
 * The production topology, for real (issue 13): nginx with deploy/nginx in front of two
 * `painel serve` replicas and two `painel worker`s, compiled, on a PostgreSQL cluster and a
 * redis-server of this test's own, all on loopback. Proves through nginx what an operator
 * relies on, then breaks things under load. About 2 minutes.
 */

const jobIntervalMs = 3_000;
const job = 'refresh-public-dashboards';
let topology: Topology;
let smtp: TestSmtpServer;
const mail: { to: string[]; text: string }[] = [];

beforeAll(async () => {
  smtp = await startTestSmtpServer({
    onMessage(message) {
      const to = [message.to ?? []].flat().flatMap((g) => g.value.map((a) => a.address ?? ''));
      mail.push({ to, text: message.text ?? '' });
    },
  });
  topology = await startTopology({
    replicas: 2,
    workers: 2,
    env: {
      SMTP_URL: smtp.url,
      // Low enough for the limit tests to reach in a few requests, and kept apart by account.
      RATE_LIMIT_PER_ACCOUNT: '5',
      RATE_LIMIT_PER_IP: '1000',
      // A report's run is taken over 20 s after its worker died: longer than a run of three
      // recipients takes on a busy 2-core machine (with 5 s, a run that outlived its lease was
      // started again beside itself, and a member got the report twice). Every process sets the
      // queue's options at start, so all must agree.
      JOB_SEND_REPORT_LEASE_SECONDS: '20',
    },
    // The worker's job every 3 s, one worker owning a run for 2 s; due reports found every 2 s.
    workerEnv: {
      JOB_REFRESH_PUBLIC_DASHBOARDS_SCHEDULE: '*/3 * * * * *',
      JOB_REFRESH_PUBLIC_DASHBOARDS_LEASE_SECONDS: '2',
      JOB_SUBSCRIPTIONS_DUE_SCHEDULE: '*/2 * * * * *',
    },
  });
}, 300_000);

afterAll(async () => {
  await topology?.stop();
  await smtp?.close();
}, 120_000);

const a = () => topology.replicas[0] as PainelNode;
const b = () => topology.replicas[1] as PainelNode;
const json = { 'Content-Type': 'application/json' };

/** fetch with a deadline: a request that hangs fails its step, naming the URL. */
function fetch(url: string, init: RequestInit = {}): Promise<Response> {
  return globalThis
    .fetch(url, { ...init, signal: AbortSignal.timeout(20_000) })
    .catch((error: Error) => {
      throw new Error(`${init.method ?? 'GET'} ${url}: ${error.message}`);
    });
}
const errorsOf = (node: PainelNode) => node.logs().filter((l) => l.level >= 50);

describe('starting together on an empty database', () => {
  it('all become ready, none logs an error, and exactly one applied the migrations', () => {
    const nodes = [...topology.replicas, ...topology.workers];
    expect(nodes.flatMap(errorsOf)).toEqual([]);
    const migrated = nodes.filter((n) =>
      n.logs().some((l) => /^applied \d+ migration/.test(l.msg)),
    );
    expect(migrated).toHaveLength(1);
  });
});

describe('through nginx', () => {
  it('serves the site and the docs from disk and the API from both replicas', async () => {
    for (const path of ['/', '/docs/', '/pt-br/']) {
      const res = await fetch(`${topology.nginx.url}${path}`);
      expect([path, res.status, res.headers.get('x-served-by')]).toEqual([path, 200, 'nginx']);
    }
    const ids = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${topology.nginx.url}/api/ready`);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-served-by')).toBeNull();
      ids.add(res.headers.get('x-request-id') ?? '');
    }
    // nginx's request ids, logged by the replica that answered: both took a share.
    const logged = (node: PainelNode) =>
      node.logs().filter((l) => l.msg === 'request' && ids.has(String(l.requestId))).length;
    await waitUntil(async () => logged(a()) + logged(b()) === 8, {
      what: 'every request logged',
      timeoutMs: 10_000,
    });
    expect(logged(a())).toBeGreaterThan(0);
    expect(logged(b())).toBeGreaterThan(0);
  });
});

/** Signs up on `via`, verifies the address through `verifyVia`, and returns the credentials. */
async function signUp(via: PainelNode, verifyVia: PainelNode, email: string) {
  const password = 'correct horse battery staple';
  const res = await fetch(`${via.url}/api/auth/signup`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, name: 'Topology', password }),
  });
  expect(res.status).toBe(202);
  await waitUntil(async () => mail.some((m) => m.to.includes(email)), {
    what: `mail to ${email}`,
    timeoutMs: 20_000,
  });
  const text = mail.find((m) => m.to.includes(email))?.text ?? '';
  const token = new URL(
    /https?:\/\/\S+verify-email\?token=\S+/.exec(text)?.[0] ?? '',
  ).searchParams.get('token');
  const verified = await fetch(`${verifyVia.url}/api/auth/verify-email`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ token }),
  });
  expect(verified.status).toBe(204);
  return { email, password };
}

/** Logs in on `node`; returns the headers of that browser session. */
const logIn = (node: PainelNode, user: { email: string; password: string }) =>
  apiSession(node.url, user.email, user.password);

describe('one account, any replica', () => {
  let user: { email: string; password: string };
  let session: Record<string, string>;
  let workspace: string;
  let uploads: string;

  beforeAll(async () => {
    user = await signUp(a(), b(), 'ana@topology.test');
    session = await logIn(a(), user);
  });

  it('a session made on one replica works on the other', async () => {
    const me = await fetch(`${b().url}/api/auth/me`, { headers: session });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(user.email);
    const created = await fetch(`${b().url}/api/workspaces`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ name: 'Topology' }),
    });
    expect(created.status).toBe(201);
    workspace = ((await created.json()) as { slug: string }).slug;
    const mine = await fetch(`${a().url}/api/workspaces`, { headers: session });
    expect(((await mine.json()) as { workspaces: { slug: string }[] }).workspaces).toEqual(
      expect.arrayContaining([expect.objectContaining({ slug: workspace })]),
    );
  });

  it('an API key made on one works on the other, and its revocation holds on both at once', async () => {
    const made = await fetch(`${a().url}/api/workspaces/${workspace}/api-keys`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ name: 'topology', role: 'viewer' }),
    });
    expect(made.status).toBe(201);
    const { apiKey, secret } = (await made.json()) as { apiKey: { id: string }; secret: string };
    const bearer = { Authorization: `Bearer ${secret}` };
    const sources = `/api/workspaces/${workspace}/data-sources`;
    expect((await fetch(`${b().url}${sources}`, { headers: bearer })).status).toBe(200);
    const revoked = await fetch(`${b().url}/api/workspaces/${workspace}/api-keys/${apiKey.id}`, {
      method: 'DELETE',
      headers: session,
    });
    expect(revoked.status).toBe(200);
    for (const node of [a(), b()])
      expect((await fetch(`${node.url}${sources}`, { headers: bearer })).status).toBe(401);
  });

  it('a session revoked through one replica ends on both at once', async () => {
    const other = await logIn(b(), user);
    const sessions = await fetch(`${a().url}/api/auth/sessions`, { headers: session });
    const list = ((await sessions.json()) as { sessions: { id: string; current: boolean }[] })
      .sessions;
    const target = list.filter((s) => !s.current).at(-1);
    expect((await fetch(`${b().url}/api/auth/me`, { headers: other })).status).toBe(200);
    const ended = await fetch(`${a().url}/api/auth/sessions/${target?.id}`, {
      method: 'DELETE',
      headers: session,
    });
    expect(ended.status).toBe(204);
    for (const node of [a(), b()])
      expect((await fetch(`${node.url}/api/auth/me`, { headers: other })).status).toBe(401);
    expect((await fetch(`${b().url}/api/auth/me`, { headers: session })).status).toBe(200);
  });

  it('a file uploaded through one replica is queried through the other', async () => {
    const csv = 'city,sales,day\nSão Paulo,1234.56,2026-11-25\nRecife,-0.5,2026-11-26\n';
    const upload = await fetch(
      `${a().url}/api/workspaces/${workspace}/uploads?name=sales.csv&table=sales`,
      { method: 'POST', headers: { ...session, 'Content-Type': 'text/csv' }, body: csv },
    );
    expect(upload.status).toBe(201);
    const { dataSource } = (await upload.json()) as { dataSource: { id: string } };
    uploads = dataSource.id;
    const query = await fetch(`${b().url}/api/workspaces/${workspace}/queries`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({
        source: dataSource.id,
        sql: 'SELECT city, sales, CAST(day AS VARCHAR) AS day FROM sales ORDER BY city',
      }),
    });
    expect(query.status).toBe(200);
    expect(((await query.json()) as { rows: unknown[][] }).rows).toEqual([
      ['Recife', -0.5, '2026-11-26'],
      ['São Paulo', 1234.56, '2026-11-25'],
    ]);
  });

  it('a result cached by one replica is answered from Redis by the other', async () => {
    const ask = (node: PainelNode) =>
      fetch(`${node.url}/api/workspaces/${workspace}/queries`, {
        method: 'POST',
        headers: session,
        body: JSON.stringify({
          source: uploads,
          sql: 'SELECT city FROM sales ORDER BY city',
          useCache: true,
        }),
      }).then(async (r) => ({ status: r.status, ...((await r.json()) as object) }));
    expect(await ask(a())).toMatchObject({ status: 200, cache: { hit: false } });
    expect(await ask(b())).toMatchObject({
      status: 200,
      rows: [['Recife'], ['São Paulo']],
      cache: { hit: true },
    });
  });
});

/** A report email as the SMTP server got it: to whom, its Message-ID, and when it came. */
interface ReportMail {
  to: string;
  messageId: string;
  index: number;
}

describe('reports with two workers', () => {
  const members = ['rui@topology.test', 'lia@topology.test', 'teo@topology.test'];
  const subscriptions: string[] = [];

  /** The report emails of the subscriptions made here, in the order they came. */
  const reports = (): ReportMail[] =>
    smtp.messages.flatMap((m, index) => {
      const messageId = m.messageId ?? '';
      if (!subscriptions.some((id) => messageId.includes(`sub.${id}.`))) return [];
      const to = [m.to ?? []].flat().flatMap((g) => g.value.map((x) => x.address ?? ''));
      return to.map((address) => ({ to: address, messageId, index }));
    });
  /** A slot's part of the Message-ID, which is derived from subscription, slot and recipient. */
  const ofSlot = (run: { subscriptionId: string; slot: string }) => (r: ReportMail) =>
    r.messageId.includes(`sub.${run.subscriptionId}.${run.slot.replace(/[^0-9A-Za-z-]/g, '')}.`);
  /** How many emails each member got of a slot: every member, once each when all went well. */
  const perMember = (run: { subscriptionId: string; slot: string }) =>
    members.map(
      (m) =>
        reports()
          .filter(ofSlot(run))
          .filter((r) => r.to === m).length,
    );
  const paused = (node: PainelNode, step: string) =>
    node
      .logs()
      .filter((l) => l.level === 40 && l.msg === `paused at ${step}`)
      .map((l) => ({ subscriptionId: String(l.subscriptionId), slot: String(l.slot) }));

  beforeAll(async () => {
    const owner = await signUp(a(), b(), 'rita@topology.test');
    const session = await logIn(a(), owner);
    const made = await fetch(`${a().url}/api/workspaces`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({ name: 'Reports' }),
    });
    const ws = `${a().url}/api/workspaces/${((await made.json()) as { slug: string }).slug}`;
    const upload = await fetch(`${ws}/uploads?name=sales.csv&table=sales`, {
      method: 'POST',
      headers: { ...session, 'Content-Type': 'text/csv' },
      body: 'city,sales\nRecife,10\nNatal,20\n',
    });
    expect(upload.status).toBe(201);
    const { dataSource } = (await upload.json()) as { dataSource: { name: string } };
    const dashboard = await fetch(`${ws}/dashboards`, {
      method: 'POST',
      headers: session,
      body: JSON.stringify({
        slug: 'sales',
        title: { en: 'Sales' },
        source: dataSource.name,
        cards: [
          {
            id: 'total',
            layout: { x: 0, y: 0, w: 6, h: 2 },
            query: { sql: 'SELECT sum(sales) AS total FROM sales' },
            chart: { type: 'kpi', title: { en: 'Total' }, columns: [{ field: 'total' }] },
          },
        ],
      }),
    });
    expect(dashboard.status).toBe(201);
    for (const email of members) {
      const member = await signUp(b(), a(), email);
      const invited = await fetch(`${ws}/invites`, {
        method: 'POST',
        headers: session,
        body: JSON.stringify({ email, role: 'viewer' }),
      });
      expect(invited.status).toBe(201);
      const link = /invites\/accept\?token=([^\s"'<>&]+)/;
      await waitUntil(async () => mail.some((m) => m.to.includes(email) && link.test(m.text)), {
        what: `invite to ${email}`,
        timeoutMs: 20_000,
      });
      const text = mail.find((m) => m.to.includes(email) && link.test(m.text))?.text ?? '';
      const accepted = await fetch(`${b().url}/api/invites/accept`, {
        method: 'POST',
        headers: await logIn(b(), member),
        body: JSON.stringify({ token: decodeURIComponent(link.exec(text)?.[1] ?? '') }),
      });
      expect(accepted.status).toBe(200);
    }
    const listed = await fetch(`${ws}/members`, { headers: session });
    const ids = ((await listed.json()) as { members: { userId: string; email: string }[] }).members
      .filter((m) => members.includes(m.email))
      .map((m) => m.userId);
    expect(ids).toHaveLength(members.length);
    // Two, due every minute: at one slot, each worker takes one of them.
    for (const name of ['Sales A', 'Sales B']) {
      const created = await fetch(`${ws}/subscriptions`, {
        method: 'POST',
        headers: session,
        body: JSON.stringify({
          dashboard: 'sales',
          name,
          schedule: { kind: 'cron', cron: '* * * * *' },
          timeZone: 'UTC',
          recipients: { members: ids },
        }),
      });
      expect(created.status).toBe(201);
      subscriptions.push(((await created.json()) as { id: string }).id);
    }
  }, 120_000);

  it('healthy workers send each report once to every member', async () => {
    const first = { subscriptionId: subscriptions[0] as string, slot: '' };
    await waitUntil(
      async () => {
        const sent = reports().find((r) => r.messageId.includes(`sub.${first.subscriptionId}.`));
        first.slot = sent ? String(/\.(\d{4}-\d\d-\d\dT\d+Z)\./.exec(sent.messageId)?.[1]) : '';
        return !!sent && perMember(first).every((n) => n >= 1);
      },
      { what: 'the first report to every member', timeoutMs: 90_000 },
    );
    expect(perMember(first)).toEqual([1, 1, 1]);
    const ids = reports().map((r) => r.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a worker killed before or after sending: its run is taken over, each member gets it once, at most twice after the send', async () => {
    const [one, two] = topology.workers as [PainelNode, PainelNode];
    await Promise.all([one.stop(), two.stop()]);
    // At the next slot each takes one of the two reports and stops at its step, for good.
    await Promise.all([
      one.start({ FAULT_PAUSE_AT: 'before-send' }),
      two.start({ FAULT_PAUSE_AT: 'after-send' }),
    ]);
    await waitUntil(
      async () => paused(one, 'before-send').length > 0 && paused(two, 'after-send').length > 0,
      { what: 'both workers paused', timeoutMs: 90_000 },
    );
    const [before] = paused(one, 'before-send') as [{ subscriptionId: string; slot: string }];
    const [after] = paused(two, 'after-send') as [{ subscriptionId: string; slot: string }];
    await Promise.all([one.kill(), two.kill()]);
    const killedAt = smtp.messages.length;
    // Healthy again: once the lease is over, the killed runs are retried.
    await Promise.all([one.start(), two.start()]);
    // The lease (20 s), then the retry delay (as long, at most 60 s), then the run itself.
    await waitUntil(async () => [...perMember(before), ...perMember(after)].every((n) => n >= 1), {
      what: 'both reports to every member',
      timeoutMs: 180_000,
    });
    expect(perMember(before)).toEqual([1, 1, 1]);
    const again = perMember(after);
    // Only the member being sent it when the worker died gets it twice.
    expect([...again].sort()).toEqual([1, 1, 2]);
    const twice = reports()
      .filter(ofSlot(after))
      .filter((r) => r.to === members[again.indexOf(2)]);
    expect(twice.map((r) => r.index < killedAt)).toEqual([true, false]);
    expect(new Set(twice.map((r) => r.messageId)).size).toBe(1);
  }, 300_000);
});

/** The runs of the job a worker logged: the slot each ran for, and when it started. */
const runsOf = (node: PainelNode) =>
  node
    .logs()
    .filter((l) => l.msg === `job ${job} done`)
    .map((l) => ({
      node: node.name,
      slot: String(l.slot),
      startedAt: Date.parse(l.time) - Number(l.ms),
    }));

describe('jobs with two workers', () => {
  it('run once per schedule, and move to the other worker when one is killed', async () => {
    const workers = topology.workers;
    const runs = () => workers.flatMap(runsOf).sort((x, y) => x.startedAt - y.startedAt);
    const onePerSchedule = () => {
      const slots = runs().map((r) => r.slot);
      expect(new Set(slots).size).toBe(slots.length);
      // Every run was for a slot of the schedule (a multiple of its interval).
      for (const slot of slots) expect(Date.parse(slot) % jobIntervalMs).toBe(0);
    };
    await waitUntil(async () => runs().length >= 3, { what: '3 runs', timeoutMs: 60_000 });
    onePerSchedule();
    const holder = workers.find((w) => w.name === runs().at(-1)?.node) as PainelNode;
    const other = workers.find((w) => w !== holder) as PainelNode;
    await holder.kill();
    const killedAt = Date.now();
    await waitUntil(async () => runsOf(other).some((r) => r.startedAt > killedAt), {
      what: `${other.name} takes the job over`,
      timeoutMs: 30_000,
    });
    onePerSchedule();
    await holder.start();
    // Their part is proved: the load tests below measure the replicas, without the jobs' work.
    await Promise.all(workers.map((w) => w.stop()));
  });
});

/** Cheap on-demand paths proxied to the replicas, none under nginx's rate limits. */
const loadPaths = ['/api/health', '/w/demo/dashboards', '/api/ready', '/pt-br/w/demo'];

function steadyLoad(durationMs: number) {
  return startLoad({
    urls: loadPaths.map((p) => `${topology.nginx.url}${p}`),
    connections: 20,
    ratePerSecond: 200,
    durationMs,
    // Slow is not failed: on a busy 2-core machine a page may wait seconds for a core.
    timeoutMs: 15_000,
  });
}

const failed = (report: LoadReport) =>
  report.requests.filter((r) => r.status === undefined || r.status >= 400);

/** The failures counted by what went wrong and where, to read at a glance when one fails. */
const summary = (requests: LoadReport['requests']) =>
  Object.entries(
    requests.reduce<Record<string, number>>((counts, r) => {
      const key = `${r.status ?? r.code} ${new URL(r.url).pathname}`;
      counts[key] = (counts[key] ?? 0) + 1;
      return counts;
    }, {}),
  );

describe('under load', () => {
  it('a rolling restart of both replicas fails no request', async () => {
    const load = steadyLoad(120_000);
    await waitUntil(async () => load.progress().total > 200, { what: 'load', timeoutMs: 10_000 });
    for (const replica of topology.replicas) {
      expect(await replica.stop()).toBe(0);
      await replica.start();
      // nginx's passive checks left it out for fail_timeout: the next may go once it is back.
      await replica.backInRotation();
    }
    load.stopAfterCurrent();
    const report = await load.done;
    expect(summary(failed(report)), topology.nginx.errorLog().slice(0, 20).join('\n')).toEqual([]);
    expect(report.total).toBeGreaterThan(1000);
  });

  it('a replica killed: at most its requests in flight fail, every later one succeeds', async () => {
    const started = Date.now();
    const load = steadyLoad(8_000);
    await waitUntil(async () => load.progress().total > 200, { what: 'load', timeoutMs: 10_000 });
    await a().kill();
    // Requests started from here on found it gone.
    const killedAt = Date.now() - started;
    const report = await load.done;
    const failures = failed(report);
    expect(failures.length, JSON.stringify(summary(failures))).toBeLessThanOrEqual(20);
    expect(summary(failures.filter((f) => f.at > killedAt))).toEqual([]);
    const again = steadyLoad(120_000);
    await a().start();
    await a().backInRotation();
    again.stopAfterCurrent();
    expect(summary(failed(await again.done))).toEqual([]);
  });

  it('PostgreSQL stopped and started: unready then ready again, 503 while down, never 500', async () => {
    const load = steadyLoad(10_000);
    await waitUntil(async () => load.progress().total > 200, { what: 'load', timeoutMs: 10_000 });
    await topology.postgres.stop();
    await waitUntil(async () => (await fetch(`${a().url}/api/ready`)).status === 503, {
      what: 'unready',
      timeoutMs: 15_000,
    });
    await topology.postgres.start();
    for (const replica of topology.replicas)
      await waitUntil(async () => (await fetch(`${replica.url}/api/ready`)).status === 200, {
        what: `${replica.name} ready again`,
        timeoutMs: 30_000,
      });
    const report = await load.done;
    const statuses = new Set(failed(report).map((r) => r.status ?? r.code));
    expect([...statuses].filter((s) => s !== 503)).toEqual([]);
    // The same processes: nobody restarted.
    expect(topology.replicas.every((r) => r.process()?.done === false)).toBe(true);
  });

  it('log-in limits count once across replicas through Redis', async () => {
    const attempt = (node: PainelNode) =>
      fetch(`${node.url}/api/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: 'shared@topology.test', password: 'wrong password!' }),
      }).then((r) => r.status);
    const statuses: number[] = [];
    for (const node of [a(), b(), a(), b(), a(), b(), a()]) statuses.push(await attempt(node));
    // Five per account in all, whichever replica counted them.
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });

  it('Redis stopped: log-in limits count per process (said at warn), nothing answers 500', async () => {
    await topology.redis.stop();
    const attempt = () =>
      fetch(`${a().url}/api/auth/login`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: 'nobody@topology.test', password: 'wrong password!' }),
      }).then((r) => r.status);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push(await attempt());
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const warned = (line: LogLine) => line.level === 40 && /redis/i.test(line.msg);
    expect(a().logs().some(warned)).toBe(true);
    const load = steadyLoad(3_000);
    const report = await load.done;
    expect(summary(failed(report))).toEqual([]);
    await topology.redis.start();
  });
});

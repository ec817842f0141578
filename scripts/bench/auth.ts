import { expectStatus, responseJson, sequentialAgent, timedRequest } from './http-client.js';
import { atMost, type BenchRow, ratioOf, type Section } from './section.js';
import { summarize } from './stats.js';

const password = 'correct horse battery staple';
const logins = 40;
const concurrency = 4;
const reads = 200;

/**
 * Logging in costs one argon2id verification by design; the bench shows what that means in
 * requests per second. Then an authenticated read (session check + workspace scoping) against
 * the bare liveness probe of the same server.
 */
export const authSection: Section = {
  name: 'Accounts: log in and authenticated reads',
  async run(context) {
    // Rate limits are per account and IP; the bench is one client logging in many times.
    const server = await context.startServer({
      demoData: false,
      env: { RATE_LIMIT_PER_IP: '100000', RATE_LIMIT_PER_ACCOUNT: '100000' },
    });
    try {
      const json = { 'content-type': 'application/json' };
      const agent = sequentialAgent();
      const signup = await timedRequest(`${server.url}/api/auth/signup`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: 'bench@example.org', name: 'Bench', password, locale: 'en' }),
        agent,
      });
      expectStatus(signup, 202, 'sign up');
      const login = () =>
        timedRequest(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ email: 'bench@example.org', password }),
          agent: sequentialAgent(),
        });

      const started = performance.now();
      const loginMs: number[] = [];
      let cookie = '';
      for (let done = 0; done < logins; done += concurrency) {
        const batch = await Promise.all(Array.from({ length: concurrency }, login));
        for (const res of batch) {
          expectStatus(res, 200, 'log in');
          loginMs.push(res.ms);
          cookie = ([] as string[])
            .concat(res.headers['set-cookie'] ?? [])
            .map((c) => c.split(';')[0])
            .join('; ');
        }
      }
      const loginRate = (loginMs.length * 1000) / (performance.now() - started);
      const loginSummary = summarize(loginMs);

      const timeReads = async (url: string, headers: Record<string, string>) => {
        const readAgent = sequentialAgent();
        for (let i = 0; i < 20; i++) await timedRequest(url, { headers, agent: readAgent });
        const ms: number[] = [];
        for (let i = 0; i < reads; i++) {
          const res = await timedRequest(url, { headers, agent: readAgent });
          expectStatus(res, 200, `GET ${url}`);
          ms.push(res.ms);
        }
        return summarize(ms);
      };
      // Not the instance's first account, so it reads the workspace its sign-up created.
      const mine = await timedRequest(`${server.url}/api/workspaces`, {
        headers: { cookie },
        agent,
      });
      expectStatus(mine, 200, 'GET /api/workspaces');
      const slug = responseJson<{ workspaces: { slug: string }[] }>(mine).workspaces[0]?.slug;
      const members = await timeReads(`${server.url}/api/workspaces/${slug}/members`, { cookie });
      const health = await timeReads(`${server.url}/api/health`, {});

      const rows: BenchRow[] = [
        {
          metric: 'POST /api/auth/login: throughput',
          unit: 'req/s',
          value: loginRate,
          note: `argon2id m=19456 KiB t=2 p=1, ${concurrency} at a time, ${logins} log-ins`,
        },
        { metric: 'POST /api/auth/login: p95', unit: 'ms', value: loginSummary.p95 },
        {
          metric: 'GET …/members with a session: p50',
          unit: 'ms',
          value: members.p50,
          baseline: { label: '/api/health', value: health.p50 },
          ...ratioOf(members.p50, health.p50),
          note: `${reads} sequential requests; session check + workspace scoping + query`,
        },
        {
          metric: 'GET …/members with a session: p95',
          unit: 'ms',
          value: members.p95,
          baseline: { label: '/api/health', value: health.p95 },
          ...ratioOf(members.p95, health.p95),
          target: atMost(members.p95, 10, '< 10 ms'),
        },
      ];
      return { rows, details: { login: loginSummary, loginRate, members, health } };
    } finally {
      await server.stop();
    }
  },
};

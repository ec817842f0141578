import { alternate, type Runner } from './alternate.js';
import { expectStatus, sequentialAgent, timedRequest } from './http-client.js';
import { atMost, type BenchRow, ratioOf, type Section } from './section.js';
import { ownMetadataDb } from './server.js';
import { type Summary, summarize } from './stats.js';

const password = 'correct horse battery staple';
const logins = 40;
const concurrency = 4;
const warmups = 20;
const reads = 200;

interface Read {
  url: string;
  headers: Record<string, string>;
}

/**
 * Sequential GETs of each read, alternated; each read keeps its own keep-alive socket, as a
 * browser tab would.
 */
async function timeReads<Name extends string>(
  list: Record<Name, Read>,
): Promise<Record<Name, Summary>> {
  const names = Object.keys(list) as Name[];
  const agents = names.map(() => sequentialAgent());
  const runners = Object.fromEntries(
    names.map((name, i): [Name, Runner] => [
      name,
      async () => {
        const { url, headers } = list[name];
        const res = await timedRequest(url, { headers, agent: agents[i]! });
        expectStatus(res, 200, `GET ${url}`);
        return res.ms;
      },
    ]),
  ) as Record<Name, Runner>;
  try {
    return await alternate(runners, { runs: reads, warmups });
  } finally {
    for (const agent of agents) agent.destroy();
  }
}

/**
 * Logging in costs one argon2id verification by design; the bench shows what that means in
 * requests per second. Then the price of authentication: one dashboard read through the same
 * handler, by a member with a session (session check + workspace scoping) and anonymously
 * through its public twin.
 */
export const authSection: Section = {
  name: 'Accounts: log in and authenticated reads',
  async run(context) {
    const server = await context.startServer({
      demoData: true,
      env: {
        // Rate limits are per account and IP; the bench is one client logging in many times.
        RATE_LIMIT_PER_IP: '100000',
        RATE_LIMIT_PER_ACCOUNT: '100000',
        // The first account, which owns the Demo workspace whose dashboard is read.
        ...ownMetadataDb(context.scratchDir, 'auth-bench'),
      },
    });
    try {
      const json = { 'content-type': 'application/json' };
      const signup = await timedRequest(`${server.url}/api/auth/signup`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: 'bench@example.org', name: 'Bench', password, locale: 'en' }),
        agent: sequentialAgent(),
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

      // The same language for both, so they render the same body from the same cached results.
      const language = { 'accept-language': 'en' };
      const { member, anonymous } = await timeReads({
        member: {
          url: `${server.url}/api/workspaces/demo/dashboards/flights`,
          headers: { ...language, cookie },
        },
        anonymous: { url: `${server.url}/api/public/dashboards/flights`, headers: language },
      });
      const versusPublic = (quantile: 'p50' | 'p95'): BenchRow => {
        const ratio = ratioOf(member[quantile], anonymous[quantile]);
        return {
          metric: `GET …/dashboards/flights with a session: ${quantile}`,
          unit: 'ms',
          value: member[quantile],
          baseline: { label: 'public, anonymous', value: anonymous[quantile] },
          ...ratio,
          target: atMost(ratio.ratio, 1.3, '≤ 1.3×'),
        };
      };

      const rows: BenchRow[] = [
        {
          metric: 'POST /api/auth/login: throughput',
          unit: 'req/s',
          value: loginRate,
          note: `argon2id m=19456 KiB t=2 p=1, ${concurrency} at a time, ${logins} log-ins`,
        },
        { metric: 'POST /api/auth/login: p95', unit: 'ms', value: loginSummary.p95 },
        {
          ...versusPublic('p50'),
          note: `${reads} sequential requests each, alternated; session check + workspace scoping`,
        },
        versusPublic('p95'),
      ];
      return { rows, details: { login: loginSummary, loginRate, member, anonymous } };
    } finally {
      await server.stop();
    }
  },
};

import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { MetricsAccess } from './http/metrics-access.js';
import { parseNetworks } from './http/network-policy.js';
import { parseSignupRule, type SignupRule } from './instance/signup-rule.js';

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * TRUST_PROXY follows Express's `trust proxy` setting: `false`, `true`, a hop count,
 * or a comma-separated list of addresses/subnets (e.g. `loopback, 10.0.0.0/8`).
 */
const trustProxy = z.string().transform((v): boolean | number | string => {
  if (v === 'true' || v === 'false') return v === 'true';
  if (/^\d+$/.test(v)) return Number(v);
  return v;
});

/** A comma-separated list of CIDR networks, normalised; a bad entry is named in the error. */
function networkList(text: string, ctx: z.RefinementCtx): string[] {
  try {
    return parseNetworks(text).cidrs;
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
}

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  TRUST_PROXY: trustProxy.default(false),
  DATA_DIR: z.string().default('data'),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(postgres|postgresql|sqlite):/.test(v), 'use postgres://… or sqlite:path')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  QUERY_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  QUERY_ROW_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  QUERY_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(8),
  PAGE_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  PAGE_CACHE_MAX_MB: z.coerce.number().int().min(1).max(100_000).default(64),
  DEMO_DATA: booleanish.default(true),
  MIGRATE_ON_START: booleanish.default(true),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  JOB_HISTORY_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  JWT_SECRET: z
    .string()
    .min(32, 'use at least 32 random characters (openssl rand -base64 32)')
    .optional(),
  /** The key JWT_SECRET replaced: access tokens it signed stay valid until they expire. */
  JWT_SECRET_PREVIOUS: z
    .string()
    .min(32, 'use at least 32 random characters (openssl rand -base64 32)')
    .optional(),
  COOKIE_SECRET: z
    .string()
    .min(32, 'use at least 32 random characters (openssl rand -base64 32)')
    .optional(),
  DATA_SOURCE_KEY: z
    .string()
    .refine(
      (v) => Buffer.from(v, 'base64').length === 32,
      'use 32 random bytes in base64 (openssl rand -base64 32)',
    )
    .optional(),
  FILE_SOURCE_DIRS: z.string().optional(),
  UPLOAD_MAX_MB: z.coerce.number().int().min(1).max(100_000).default(200),
  UPLOADS_DIR: z.string().optional(),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  EMAIL_FROM: z.string().includes('@').default('Painel <no-reply@localhost>'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
  AUTH_CACHE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
  SESSION_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(900_000),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).default(50),
  RATE_LIMIT_PER_ACCOUNT: z.coerce.number().int().min(1).default(10),
  WEBHOOK_ALLOW_PRIVATE: booleanish.default(false),
  DATASOURCE_ALLOW_NETWORKS: z.string().transform(networkList).optional(),
  DATASOURCE_DENY_NETWORKS: z.string().transform(networkList).optional(),
  SIGNUP: z
    .string()
    .transform((v, ctx) => {
      const rule = parseSignupRule(v);
      if ('error' in rule) {
        ctx.addIssue({ code: 'custom', message: rule.error });
        return z.NEVER;
      }
      return rule;
    })
    .optional(),
  METRICS_TOKEN: z
    .string()
    .min(32, 'use at least 32 random characters (openssl rand -hex 32)')
    .optional(),
  FAULT_PAUSE_AT: z.enum(['before-send', 'after-send']).optional(),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  trustProxy: boolean | number | string;
  dataDir: string;
  database: { client: 'sqlite'; filename: string } | { client: 'pg'; connectionString: string };
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  /** Folders whose SQLite and DuckDB files may be data sources (FILE_SOURCE_DIRS, comma-separated). */
  fileSourceDirs: string[];
  /** The largest file an admin may upload (UPLOAD_MAX_MB). */
  uploadMaxBytes: number;
  /**
   * Where uploaded files live as Parquet, one folder per workspace (UPLOADS_DIR; default
   * <dataDir>/uploads). Every replica must mount the same folder.
   */
  uploadsDir: string;
  query: { timeoutMs: number; rowLimit: number; concurrency: number };
  /**
   * PAGE_CACHE_TTL_SECONDS (0: off) and PAGE_CACHE_MAX_MB: how long an anonymous shared page is
   * kept at most, and how much memory the pages may take in this process (without Redis).
   */
  pageCache: { ttlMs: number; maxBytes: number };
  demoData: boolean;
  /** Off when a deploy runs `painel migrate` first: then a process only checks the schema. */
  migrateOnStart: boolean;
  shutdownTimeoutMs: number;
  /**
   * Per-job schedule (cron, seconds allowed) and lease overrides, keyed by job name, from
   * `JOB_<NAME>_SCHEDULE` and `JOB_<NAME>_LEASE_SECONDS` (e.g. JOB_REFRESH_PUBLIC_DASHBOARDS_SCHEDULE).
   */
  jobs: Record<string, { schedule?: string; leaseSeconds?: number }>;
  /** How long finished job runs are kept (JOB_HISTORY_DAYS). */
  jobHistoryDays: number;
  /**
   * From JWT_SECRET / COOKIE_SECRET / DATA_SOURCE_KEY (or their `_FILE`s); on the embedded
   * default, unset ones are generated once into <dataDir>/secrets.json.
   */
  secrets: {
    jwtSecret?: string | undefined;
    /** JWT_SECRET_PREVIOUS: verifies tokens signed before a rotation, never signs. */
    previousJwtSecret?: string | undefined;
    cookieSecret?: string | undefined;
    dataKey?: string | undefined;
  };
  redisUrl: string | undefined;
  /** Without `smtpUrl`, emails are written to `outboxDir` as .eml files. */
  email: { smtpUrl: string | undefined; from: string; outboxDir: string };
  /**
   * AUTH_CACHE_SECONDS (0: off): how long a verified session or API key is kept before it is
   * read again; any revocation empties the cache at once, in every replica (auth/auth-cache.ts).
   */
  auth: { accessTtlSeconds: number; sessionTtlMs: number; cacheTtlMs: number };
  rateLimits: { windowMs: number; perIp: number; perAccount: number };
  /**
   * WEBHOOK_ALLOW_PRIVATE: alert webhooks may reach loopback, private and link-local addresses
   * (http/outbound-policy.ts); off by default, so a member cannot aim Painel at its own network.
   */
  webhooks: { allowPrivate: boolean };
  /**
   * DATASOURCE_ALLOW_NETWORKS / DATASOURCE_DENY_NETWORKS: CIDR networks PostgreSQL and MySQL
   * sources may (or may not: deny wins) reach, beyond the defaults of datasources/source-network.ts.
   */
  dataSourceNetworks: { allow: string[]; deny: string[] };
  /**
   * SIGNUP: who may create an account (instance/signup-rule.ts). Unset: the rule saved from the
   * admin page, else open until the first instance administrator exists, then by invitation.
   */
  signup?: SignupRule | undefined;
  /** METRICS_TOKEN (or its `_FILE`): who may read `/metrics` (http/metrics-access.ts). */
  metrics: MetricsAccess;
  /**
   * FAULT_PAUSE_AT, for tests only (ignored when NODE_ENV=production): where a report's delivery
   * stops for good, so that a test can kill the worker there, as a crash would.
   */
  faultPauseAt?: z.infer<typeof schema>['FAULT_PAUSE_AT'];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// Secrets may come from files (`NAME_FILE`, as Docker and Kubernetes mount them).
const fromFiles = [
  'JWT_SECRET',
  'JWT_SECRET_PREVIOUS',
  'COOKIE_SECRET',
  'DATA_SOURCE_KEY',
  'DATABASE_URL',
  'REDIS_URL',
  'SMTP_URL',
  'METRICS_TOKEN',
] as const;
// What several processes must share: each one generating its own breaks sessions and credentials.
const sharedSecrets = ['JWT_SECRET', 'COOKIE_SECRET', 'DATA_SOURCE_KEY'] as const;

/** The environment with each `NAME_FILE` read into `NAME` (one trailing newline dropped). */
function readSecretFiles(env: Record<string, string>, cwd: string): Record<string, string> {
  const read = { ...env };
  for (const name of fromFiles) {
    const file = env[`${name}_FILE`];
    if (file === undefined) continue;
    if (env[name] !== undefined)
      throw new ConfigError(`Set ${name} or ${name}_FILE, not both (see .env.example)`);
    try {
      read[name] = fs.readFileSync(path.resolve(cwd, file), 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new ConfigError(`${name}_FILE: cannot read ${file} (${(error as Error).message})`);
    }
  }
  return read;
}

const jobSetting = /^JOB_([A-Z0-9_]+)_(SCHEDULE|LEASE_SECONDS)$/;

/** `JOB_<NAME>_SCHEDULE` / `JOB_<NAME>_LEASE_SECONDS`, keyed by the job's name (`<name>` in kebab case). */
function jobOverrides(env: Record<string, string>): Config['jobs'] {
  const jobs: Config['jobs'] = {};
  for (const [key, value] of Object.entries(env)) {
    const match = jobSetting.exec(key);
    if (!match?.[1]) continue;
    const name = match[1].toLowerCase().replaceAll('_', '-');
    const job = jobs[name] ?? {};
    jobs[name] = job;
    if (match[2] === 'SCHEDULE') job.schedule = value;
    else {
      const seconds = Number(value);
      if (!Number.isFinite(seconds) || seconds <= 0)
        throw new ConfigError(`${key}: use a number of seconds above 0 (see .env.example)`);
      job.leaseSeconds = seconds;
    }
  }
  return jobs;
}

/** Reads the environment once at boot; a bad value stops the process with a message that says how to fix it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  // `NAME=` in an env file means unset, not an empty value to validate.
  const set = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => !!entry[1]),
  );
  const parsed = schema.safeParse(readSecretFiles(set, cwd));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  const url = e.DATABASE_URL;
  if (url && !url.startsWith('sqlite:')) {
    // PostgreSQL means several processes may share it: secrets generated per process would not.
    const missing = sharedSecrets.filter((name) => !e[name]);
    if (missing.length > 0)
      throw new ConfigError(
        `With DATABASE_URL on PostgreSQL, set ${missing.join(', ')} (or ${missing.map((n) => `${n}_FILE`).join(', ')}): every Painel process must use the same ones (see .env.example)`,
      );
  }
  const database: Config['database'] =
    url && !url.startsWith('sqlite:')
      ? { client: 'pg', connectionString: url }
      : {
          client: 'sqlite',
          filename: url
            ? path.resolve(cwd, url.slice('sqlite:'.length))
            : path.join(dataDir, 'painel.sqlite'),
        };
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    trustProxy: e.TRUST_PROXY,
    dataDir,
    database,
    logLevel: e.LOG_LEVEL,
    query: {
      timeoutMs: e.QUERY_TIMEOUT_MS,
      rowLimit: e.QUERY_ROW_LIMIT,
      concurrency: e.QUERY_CONCURRENCY,
    },
    pageCache: {
      ttlMs: e.PAGE_CACHE_TTL_SECONDS * 1000,
      maxBytes: e.PAGE_CACHE_MAX_MB * 1024 * 1024,
    },
    uploadMaxBytes: e.UPLOAD_MAX_MB * 1024 * 1024,
    uploadsDir: e.UPLOADS_DIR ? path.resolve(cwd, e.UPLOADS_DIR) : path.join(dataDir, 'uploads'),
    fileSourceDirs: (e.FILE_SOURCE_DIRS ?? path.join(dataDir, 'files'))
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => path.resolve(cwd, d)),
    demoData: e.DEMO_DATA,
    migrateOnStart: e.MIGRATE_ON_START,
    jobs: jobOverrides(set),
    jobHistoryDays: e.JOB_HISTORY_DAYS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    secrets: {
      jwtSecret: e.JWT_SECRET,
      previousJwtSecret: e.JWT_SECRET_PREVIOUS,
      cookieSecret: e.COOKIE_SECRET,
      dataKey: e.DATA_SOURCE_KEY,
    },
    redisUrl: e.REDIS_URL,
    email: { smtpUrl: e.SMTP_URL, from: e.EMAIL_FROM, outboxDir: path.join(dataDir, 'outbox') },
    auth: {
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      sessionTtlMs: e.SESSION_TTL_DAYS * 24 * 60 * 60_000,
      cacheTtlMs: e.AUTH_CACHE_SECONDS * 1000,
    },
    rateLimits: {
      windowMs: e.RATE_LIMIT_WINDOW_MS,
      perIp: e.RATE_LIMIT_PER_IP,
      perAccount: e.RATE_LIMIT_PER_ACCOUNT,
    },
    webhooks: { allowPrivate: e.WEBHOOK_ALLOW_PRIVATE },
    dataSourceNetworks: {
      allow: e.DATASOURCE_ALLOW_NETWORKS ?? [],
      deny: e.DATASOURCE_DENY_NETWORKS ?? [],
    },
    signup: e.SIGNUP,
    metrics: e.METRICS_TOKEN
      ? { token: e.METRICS_TOKEN }
      : env.NODE_ENV === 'production'
        ? 'hidden'
        : 'open',
    faultPauseAt: env.NODE_ENV === 'production' ? undefined : e.FAULT_PAUSE_AT,
  };
}

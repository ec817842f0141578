import path from 'node:path';
import { z } from 'zod';

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
  DEMO_DATA: booleanish.default(true),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
});

export interface Config {
  port: number;
  host: string;
  publicUrl: string;
  trustProxy: boolean | number | string;
  dataDir: string;
  database: { client: 'sqlite'; filename: string } | { client: 'pg'; connectionString: string };
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  query: { timeoutMs: number; rowLimit: number };
  demoData: boolean;
  shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the environment once at boot; a bad value stops the process with a message that says how to fix it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.DATA_DIR);
  const url = e.DATABASE_URL;
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
    query: { timeoutMs: e.QUERY_TIMEOUT_MS, rowLimit: e.QUERY_ROW_LIMIT },
    demoData: e.DEMO_DATA,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
}

import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadSecrets } from './auth/secrets.js';
import { createAuth } from './auth/service.js';
import { loadConfig } from './config.js';
import { dashboardsCommand, dashboardsUsage } from './dashboards/cli.js';
import { createDb, migrate } from './db/knex.js';
import { seedDemo } from './demo/seed.js';
import { createMailer } from './email/transport.js';
import { HttpError } from './errors.js';
import { stopOnSignals } from './http/listen.js';
import { releaseScriptHashes } from './http/script-hashes.js';
import { createLogger } from './logger.js';
import { type BackgroundFactory, startServer } from './server.js';
import { startWorker } from './worker.js';

const usage = `Usage: painel <command> (from a checkout: npm run painel -- <command>)

Commands:
  serve
      Serves the site, docs and API on PORT, without the scheduled jobs: a web replica of a
      scaled-out install (npm start serves and runs the jobs in one process).
  worker
      Runs the scheduled jobs, and answers /api/health, /api/ready and /metrics on PORT.
  migrate
      Applies the pending migrations to DATABASE_URL and exits: a deploy's first step.
      Replicas starting together take turns, so one applies them and the others wait.
  create-admin --email <address> --name <name>
      Creates a verified instance administrator that owns the Demo workspace (or administers
      it when it already has an owner). The password is read from PAINEL_ADMIN_PASSWORD, else
      asked for. An address that already has an account is made an instance administrator.
  script-hashes
      Prints the Content-Security-Policy hashes of the built pages' inline scripts, the ones
      the server allows: for a proxy that sends those pages itself (deploy/nginx).
${dashboardsUsage}`;

async function readPassword(): Promise<string> {
  if (process.env.PAINEL_ADMIN_PASSWORD) return process.env.PAINEL_ADMIN_PASSWORD;
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  try {
    return (await rl.question('Password (at least 10 characters): ')).trim();
  } finally {
    rl.close();
  }
}

async function createAdmin(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { email: { type: 'string' }, name: { type: 'string' } },
  });
  if (!values.email || !values.name) {
    console.error(usage);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger('warn');
  const db = createDb(config.database);
  try {
    await migrate(db);
    await seedDemo(db);
    const auth = createAuth({
      db,
      logger,
      mailer: createMailer({ ...config.email, logger }),
      secrets: loadSecrets({ ...config.secrets, dataDir: config.dataDir }),
      publicUrl: config.publicUrl,
    });
    if (await auth.accounts.makeInstanceAdmin(values.email)) {
      console.log(`${values.email} already has an account: it is now an instance administrator.`);
      return 0;
    }
    const password = await readPassword();
    if (password.length < 10) {
      console.error('The password must have at least 10 characters.');
      return 2;
    }
    const { role } = await auth.accounts.createAdmin({
      email: values.email,
      name: values.name,
      password,
    });
    console.log(
      `Created ${values.email}, an instance administrator and ${role} of the Demo workspace. Log in at ${config.publicUrl}/login`,
    );
    return 0;
  } catch (error) {
    if (error instanceof HttpError && error.status === 409) {
      console.error(`${values.email} already has an account.`);
      return 1;
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

async function migrateCommand(args: string[]): Promise<number> {
  if (args.length > 0) {
    console.error(usage);
    return 2;
  }
  const db = createDb(loadConfig().database);
  try {
    const applied = await migrate(db);
    console.log(
      applied.length > 0
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
        : 'The schema is current: nothing to apply.',
    );
    return 0;
  } finally {
    await db.destroy();
  }
}

/** The jobs of each long-running command: worked (`worker`), or only sent (`serve`). */
export interface CliJobs {
  jobs: BackgroundFactory;
  sendOnlyJobs: BackgroundFactory;
}

/** A long-running command: it returns once started, and its process exits on SIGTERM. */
async function serveCommand(
  args: string[],
  role: 'web' | 'worker',
  deps: CliJobs,
): Promise<number | null> {
  if (args.length > 0) {
    console.error(usage);
    return 2;
  }
  const config = loadConfig();
  const logger = createLogger(config.logLevel);
  const running =
    role === 'worker'
      ? await startWorker(config, logger, deps.jobs)
      : await startServer(config, logger, { background: deps.sendOnlyJobs });
  stopOnSignals(running.stop, logger);
  return null;
}

/**
 * Runs one `painel` command and resolves with its exit code, or with null for `serve` and
 * `worker`, which keep running. The entry point passes the jobs, which this package never
 * imports.
 */
export async function runCli(argv: string[], deps: CliJobs): Promise<number | null> {
  const [command, ...rest] = argv;
  const commands: Record<string, (args: string[]) => Promise<number | null>> = {
    serve: (args) => serveCommand(args, 'web', deps),
    worker: (args) => serveCommand(args, 'worker', deps),
    migrate: migrateCommand,
    'script-hashes': async (args) => {
      if (args.length > 0) {
        console.error(usage);
        return 2;
      }
      console.log(releaseScriptHashes().join(' '));
      return 0;
    },
    'create-admin': createAdmin,
    dashboards: (args) => dashboardsCommand(args, usage),
  };
  const run = command ? commands[command] : undefined;
  if (!run) {
    console.error(usage);
    return 2;
  }
  return run(rest);
}

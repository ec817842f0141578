import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isErrno } from '../errors.js';

/** The keys Painel signs with: access JWTs (HS256) and cookie-bound values (CSRF, pseudonyms). */
export interface Secrets {
  jwtSecret: string;
  cookieSecret: string;
}

export const secretsFile = 'secrets.json';

/**
 * Secrets come from the environment (`JWT_SECRET`, `COOKIE_SECRET`). For the embedded default
 * a missing one is generated once into `<dataDir>/secrets.json` (mode 0600) and reused on every
 * start, so restarting never logs everyone out. The values are never logged.
 */
export function loadSecrets(options: {
  jwtSecret?: string | undefined;
  cookieSecret?: string | undefined;
  dataDir: string;
}): Secrets {
  if (options.jwtSecret && options.cookieSecret) {
    return { jwtSecret: options.jwtSecret, cookieSecret: options.cookieSecret };
  }
  const stored = readOrCreate(path.join(options.dataDir, secretsFile));
  return {
    jwtSecret: options.jwtSecret ?? stored.jwtSecret,
    cookieSecret: options.cookieSecret ?? stored.cookieSecret,
  };
}

function readOrCreate(file: string): Secrets {
  const fresh: Secrets = {
    jwtSecret: randomBytes(32).toString('base64url'),
    cookieSecret: randomBytes(32).toString('base64url'),
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // `wx` fails when the file exists, so two processes starting together keep one pair.
    fs.writeFileSync(file, `${JSON.stringify(fresh, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    return fresh;
  } catch (error) {
    if (!isErrno(error, 'EEXIST')) throw error;
  }
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<Secrets>;
  if (typeof parsed.jwtSecret !== 'string' || typeof parsed.cookieSecret !== 'string') {
    throw new Error(
      `${file} is not valid: delete it to generate new secrets (everyone logs in again)`,
    );
  }
  return { jwtSecret: parsed.jwtSecret, cookieSecret: parsed.cookieSecret };
}

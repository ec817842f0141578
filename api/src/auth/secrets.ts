import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isErrno } from '../errors.js';

/**
 * The keys Painel signs and encrypts with: access JWTs (HS256), cookie-bound values (CSRF,
 * pseudonyms) and data-source credentials (AES-256-GCM; 32 bytes, base64).
 */
export interface Secrets {
  jwtSecret: string;
  /** The key `jwtSecret` replaced (JWT_SECRET_PREVIOUS): it still verifies, never signs. */
  previousJwtSecret?: string | undefined;
  cookieSecret: string;
  dataKey: string;
}

export const secretsFile = 'secrets.json';

const names = ['jwtSecret', 'cookieSecret', 'dataKey'] as const;

/**
 * Secrets come from the environment (`JWT_SECRET`, `COOKIE_SECRET`, `DATA_SOURCE_KEY`). For the
 * embedded default a missing one is generated once into `<dataDir>/secrets.json` (mode 0600)
 * and reused on every start, so restarting never logs everyone out nor loses a password. A
 * file from an older version gains the keys it lacks. The values are never logged.
 */
export function loadSecrets(options: Partial<Secrets> & { dataDir: string }): Secrets {
  const given = Object.fromEntries(
    names.flatMap((name) => (options[name] ? [[name, options[name]]] : [])),
  ) as Partial<Secrets>;
  const previous = options.previousJwtSecret
    ? { previousJwtSecret: options.previousJwtSecret }
    : {};
  if (names.every((name) => given[name])) return { ...(given as Secrets), ...previous };
  return { ...readOrCreate(path.join(options.dataDir, secretsFile)), ...given, ...previous };
}

function generate(): Secrets {
  return {
    jwtSecret: randomBytes(32).toString('base64url'),
    cookieSecret: randomBytes(32).toString('base64url'),
    dataKey: randomBytes(32).toString('base64'),
  };
}

function readOrCreate(file: string): Secrets {
  const fresh = generate();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    // `wx` fails when the file exists, so two processes starting together keep one set.
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
  if (typeof parsed.dataKey === 'string') return parsed as Secrets;
  const upgraded: Secrets = { ...fresh, ...parsed } as Secrets;
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(upgraded, null, 2)}\n`, { mode: 0o600 });
  fs.renameSync(temporary, file);
  return upgraded;
}

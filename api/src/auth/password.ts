import { type Algorithm, hash, verify } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum; 2 is its Argon2id.
const argon2id = 2 as Algorithm;

/**
 * argon2id parameters. The defaults follow OWASP's password-storage recommendation
 * (m = 19 MiB, t = 2, p = 1): ~20 ms per hash on one core of a small server, which keeps a
 * login cheap for us and an offline guess expensive. Tests pass cheaper ones.
 */
export interface PasswordParams {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export const defaultPasswordParams: PasswordParams = {
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
};

export const minPasswordLength = 10;
export const maxPasswordLength = 200;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Burns the time of one verification, so unknown accounts answer as slowly as known ones. */
  dummyVerify(password: string): Promise<void>;
}

export function createPasswordHasher(
  params: PasswordParams = defaultPasswordParams,
): PasswordHasher {
  const options = { ...params, algorithm: argon2id };
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, options),
    async verify(stored, password) {
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    },
    async dummyVerify(password) {
      dummy ??= hash('painel-dummy-password', options);
      await verify(await dummy, password).catch(() => false);
    },
  };
}

import { jwtVerify, SignJWT } from 'jose';

export interface AccessClaims {
  sub: string;
  sid: string;
}

/** Access JWTs: HS256 only, short-lived, naming the user and the session (refresh family). */
export function createAccessTokens(options: {
  secret: string;
  /** The secret this one replaced: tokens it signed verify until they expire (a rotation). */
  previousSecret?: string | undefined;
  ttlSeconds: number;
  now: () => number;
}) {
  const encode = (secret: string) => new TextEncoder().encode(secret);
  const key = encode(options.secret);
  // The current key first: once the old tokens have expired, the previous one never matches.
  const verifying = [key, ...(options.previousSecret ? [encode(options.previousSecret)] : [])];
  return {
    ttlSeconds: options.ttlSeconds,
    async sign(claims: AccessClaims): Promise<string> {
      const iat = Math.floor(options.now() / 1000);
      return new SignJWT({ sid: claims.sid })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(claims.sub)
        .setIssuedAt(iat)
        .setExpirationTime(iat + options.ttlSeconds)
        .sign(key);
    },
    /** The claims of a valid token, or null: wrong algorithm, key, signature, or expired. */
    async verify(token: string): Promise<AccessClaims | null> {
      for (const candidate of verifying) {
        try {
          const { payload } = await jwtVerify(token, candidate, {
            algorithms: ['HS256'],
            currentDate: new Date(options.now()),
            requiredClaims: ['sub', 'sid', 'iat', 'exp'],
          });
          if (typeof payload.sub !== 'string' || typeof payload.sid !== 'string') return null;
          return { sub: payload.sub, sid: payload.sid };
        } catch {
          // Not this key's (or expired, or malformed): the next key, if any, may verify it.
        }
      }
      return null;
    },
  };
}

export type AccessTokens = ReturnType<typeof createAccessTokens>;

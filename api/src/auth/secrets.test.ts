import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../testing/databases.js';
import { loadSecrets } from './secrets.js';

describe('loadSecrets', () => {
  it('generates secrets once into secrets.json (0600) and reuses them', () => {
    const dir = tempDir();
    const first = loadSecrets({ dataDir: dir });
    const file = path.join(dir, 'secrets.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first.jwtSecret).toMatch(/^[\w-]{43}$/);
    expect(first.jwtSecret).not.toBe(first.cookieSecret);
    expect(loadSecrets({ dataDir: dir })).toEqual(first);
    fs.rmSync(dir, { recursive: true });
  });

  it('gives an older file the data key it lacks, keeping its other secrets', () => {
    const dir = tempDir();
    const file = path.join(dir, 'secrets.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ jwtSecret: 'j'.repeat(43), cookieSecret: 'c'.repeat(43) }),
    );
    const upgraded = loadSecrets({ dataDir: dir });
    expect(upgraded).toMatchObject({ jwtSecret: 'j'.repeat(43), cookieSecret: 'c'.repeat(43) });
    expect(Buffer.from(upgraded.dataKey, 'base64')).toHaveLength(32);
    expect(loadSecrets({ dataDir: dir })).toEqual(upgraded);
    fs.rmSync(dir, { recursive: true });
  });

  it('prefers the environment and writes nothing when all are given', () => {
    const dir = tempDir();
    const env = {
      jwtSecret: 'j'.repeat(32),
      cookieSecret: 'c'.repeat(32),
      dataKey: Buffer.alloc(32, 7).toString('base64'),
    };
    expect(loadSecrets({ ...env, dataDir: dir })).toEqual(env);
    expect(fs.existsSync(path.join(dir, 'secrets.json'))).toBe(false);
    fs.rmSync(dir, { recursive: true });
  });
});

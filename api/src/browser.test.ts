import path from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the browser entry', () => {
  it('bundles for the browser without a Node built-in or a server-only package', async () => {
    const result = await build({
      entryPoints: [path.join(import.meta.dirname, 'browser.ts')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    const serverOnly =
      /node_modules\/(knex|pg|mysql2|sqlite3|@duckdb|express|pino|jose|nodemailer)\//;
    expect(inputs.filter((file) => serverOnly.test(file))).toEqual([]);
    expect(
      inputs.filter((file) => /api\/src\/(db|auth|routes|datasources\/(?!result))/.test(file)),
    ).toEqual([]);
  });
});

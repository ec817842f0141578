import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { HttpError } from '../errors.js';

/** Host, port, database, user and TLS of PostgreSQL and MySQL/MariaDB; the password is apart. */
export const networkConfig = z
  .object({
    host: z.string().trim().min(1).max(255),
    port: z.number().int().min(1).max(65_535),
    database: z.string().trim().min(1).max(128),
    user: z.string().trim().min(1).max(128),
    tls: z
      .object({
        mode: z.enum(['disable', 'require', 'verify-full']),
        ca: z.string().max(20_000).optional().describe('PEM certificate of the authority to trust'),
      })
      .strict()
      .optional(),
  })
  .strict();

/** A SQLite or DuckDB file, relative to (or inside) a folder the operator allows. */
export const fileConfig = z.object({ file: z.string().trim().min(1).max(500) }).strict();

const name = z.string().trim().min(1).max(200);
const password = z.string().max(1_000).describe('Write-only: never returned');

/** What a person sends to create a data source (and, partly, to change one). */
export const dataSourceInput = z.discriminatedUnion('engine', [
  z
    .object({
      engine: z.literal('postgres'),
      name,
      config: networkConfig,
      password: password.optional(),
    })
    .strict(),
  z
    .object({
      engine: z.literal('mysql'),
      name,
      config: networkConfig,
      password: password.optional(),
    })
    .strict(),
  z.object({ engine: z.literal('sqlite'), name, config: fileConfig }).strict(),
  z.object({ engine: z.literal('duckdb'), name, config: fileConfig }).strict(),
]);
export type DataSourceInput = z.infer<typeof dataSourceInput>;

export const dataSourceChanges = z
  .object({
    name: name.optional(),
    config: z.union([networkConfig, fileConfig]).optional(),
    password: password.nullable().optional().describe('null removes it; absent keeps it'),
  })
  .strict();
export type DataSourceChanges = z.infer<typeof dataSourceChanges>;

/**
 * The absolute path of a file source, which must be inside one of `allowedDirs` (after
 * resolving links) and must not be one of Painel's own files (its metadata database, secrets).
 * Anything else is the same 400 as a missing file: the answer does not map the server's disk.
 */
export function resolveSourceFile(
  file: string,
  options: { allowedDirs: string[]; forbidden: string[] },
): string {
  const refuse = () =>
    new HttpError(400, {
      key: 'errors.dataSource.file',
      params: { file: path.basename(file) },
      errors: [{ path: 'config.file', key: 'validation.invalid' }],
    });
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return null;
    }
  };
  const forbidden = new Set(options.forbidden.map((f) => real(f) ?? path.resolve(f)));
  for (const dir of options.allowedDirs) {
    const root = real(dir);
    if (!root) continue;
    const candidate = real(path.resolve(root, file));
    if (!candidate || forbidden.has(candidate)) continue;
    if (candidate.startsWith(`${root}${path.sep}`) && fs.statSync(candidate).isFile())
      return candidate;
  }
  throw refuse();
}

import { z } from 'zod';

/**
 * A builder question as authors write it (table, joins, columns, filters, grouping, aggregates,
 * formulas, sort, limit): the schema alone, free of knex, so the editor in the browser can
 * validate and type what the server's compiler (builder.ts) turns into SQL.
 */

const name = z.string().min(1).max(128);
const columnRef = z.string().min(1).max(257).describe('`column` or `table.column`');
export const truncations = ['day', 'week', 'month', 'quarter', 'year'] as const;
export const aggregateFns = [
  'count',
  'countDistinct',
  'sum',
  'avg',
  'min',
  'max',
  'median',
] as const;
const comparisonOps = ['=', '!=', '<', '<=', '>', '>='] as const;
const textOps = ['contains', 'startsWith'] as const;
const emptinessOps = ['isEmpty', 'notEmpty'] as const;
export const lastUnits = ['day', 'week', 'month', 'year'] as const;
/** Every filter operator, in the order the builder's form offers them. */
export const filterOps = [
  ...comparisonOps,
  'between',
  'in',
  ...textOps,
  ...emptinessOps,
  'last',
] as const;
const scalar = z.union([z.string().max(1_000), z.number().finite(), z.boolean()]);

const filter = z.discriminatedUnion('op', [
  z.object({ column: columnRef, op: z.enum(comparisonOps), value: scalar }).strict(),
  z.object({ column: columnRef, op: z.literal('between'), value: scalar, value2: scalar }).strict(),
  z
    .object({ column: columnRef, op: z.literal('in'), values: z.array(scalar).min(1).max(1_000) })
    .strict(),
  z
    .object({
      column: columnRef,
      op: z.enum(textOps),
      value: z.string().max(1_000),
    })
    .strict(),
  z.object({ column: columnRef, op: z.enum(emptinessOps) }).strict(),
  z
    .object({
      column: columnRef,
      op: z.literal('last'),
      amount: z.number().int().min(1).max(10_000),
      unit: z.enum(lastUnits),
    })
    .strict()
    .describe('Relative dates: the last N units up to today, in the reader’s time zone'),
]);

export const builderQuery = z
  .object({
    table: name,
    schema: name.optional(),
    joins: z
      .array(z.object({ table: name, type: z.enum(['inner', 'left']).default('left') }).strict())
      .max(5)
      .optional()
      .describe('Tables joined along the foreign keys the schema declares'),
    columns: z.array(columnRef).max(100).optional(),
    filters: z.array(filter).max(50).optional(),
    groupBy: z
      .array(z.object({ column: columnRef, truncate: z.enum(truncations).optional() }).strict())
      .max(10)
      .optional(),
    aggregates: z
      .array(z.object({ fn: z.enum(aggregateFns), column: columnRef.optional() }).strict())
      .max(20)
      .optional(),
    formulas: z
      .array(z.object({ name, expression: z.string().min(1).max(1_000) }).strict())
      .max(20)
      .optional(),
    orderBy: z
      .array(
        z
          .object({
            column: z.string().min(1).max(257),
            direction: z.enum(['asc', 'desc']).default('asc'),
          })
          .strict(),
      )
      .max(10)
      .optional(),
    limit: z.number().int().min(1).max(100_000).optional(),
  })
  .strict();
export type BuilderQuery = z.infer<typeof builderQuery>;
export type Truncation = (typeof truncations)[number];

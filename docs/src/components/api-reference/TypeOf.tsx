import type { ReactNode } from 'react';
import { refName, type Schema, schemaAnchor } from './document';

/** A compact, linked description of a schema's type: `QueryResult`, `string[]`, `"a" | "b"`. */
export function TypeOf({ schema }: { schema: Schema | undefined }): ReactNode {
  if (!schema) return <code>any</code>;
  if (schema.$ref) {
    const name = refName(schema.$ref);
    return (
      <a href={`#${schemaAnchor(name)}`}>
        <code>{name}</code>
      </a>
    );
  }
  const union = schema.oneOf ?? schema.anyOf;
  if (union) {
    return union.map((s, i) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: union members have no identity of their own
      <span key={i}>
        {i > 0 && ' | '}
        <TypeOf schema={s} />
      </span>
    ));
  }
  if (schema.enum) return <code>{schema.enum.map((v) => JSON.stringify(v)).join(' | ')}</code>;
  if (schema.const !== undefined) return <code>{JSON.stringify(schema.const)}</code>;
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.includes('array')) {
    return (
      <>
        <TypeOf schema={schema.items} />
        <code>[]</code>
      </>
    );
  }
  const label = types.length > 0 ? types.join(' | ') : 'any';
  return <code>{schema.format ? `${label} (${schema.format})` : label}</code>;
}

// zod writes these bounds on every integer; they say nothing to a reader.
const isSafeIntegerBound = (n: number | undefined) =>
  n === Number.MAX_SAFE_INTEGER || n === Number.MIN_SAFE_INTEGER;

/** A field's default and bounds, after its type: ` (default: 10, ≥ 1)`. */
export function Constraints({ schema }: { schema: Schema }) {
  const parts: string[] = [];
  if (schema.default !== undefined) parts.push(`default: ${JSON.stringify(schema.default)}`);
  if (schema.minimum !== undefined && !isSafeIntegerBound(schema.minimum))
    parts.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined && !isSafeIntegerBound(schema.maximum))
    parts.push(`≤ ${schema.maximum}`);
  if (schema.minLength !== undefined) parts.push(`minLength: ${schema.minLength}`);
  if (schema.maxLength !== undefined) parts.push(`maxLength: ${schema.maxLength}`);
  return parts.length > 0 ? <small> ({parts.join(', ')})</small> : null;
}

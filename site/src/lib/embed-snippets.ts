/**
 * The code the share dialog hands to a developer who embeds a dashboard: the iframe, and the
 * token signed on their server in Node (jsonwebtoken), Python (PyJWT) or a shell (openssl).
 * Everything is filled in but the secret, read from `PAINEL_EMBED_SECRET`. Pure strings, so the
 * page renders them and the dialog's script redraws them as the choices change.
 */

export type EmbedTheme = 'light' | 'dark' | 'system';

/** What an embed token says (HS256, signed with the workspace's secret), less `iat` and `exp`. */
export interface EmbedClaims {
  workspace: string;
  resource: { dashboard: string; card?: string };
  /** Locked filters: the reader of the embed cannot change them. */
  params?: Record<string, unknown>;
  locale: 'en' | 'pt-BR';
  theme: EmbedTheme;
}

export interface EmbedSnippetOptions {
  /** Painel's origin, which serves `/embed/<token>`. */
  origin: string;
  claims: EmbedClaims;
  /** How long a token lives; the page around the frame sends a fresh one before then. */
  ttlSeconds: number;
  /** The frame's accessible name: the dashboard's title. */
  title: string;
  /** The snippets' comments, in the reader's language. */
  comments: { token: string; height: string; refresh: string };
}

export interface EmbedSnippets {
  iframe: string;
  node: string;
  python: string;
  shell: string;
}

export const embedSecretVariable = 'PAINEL_EMBED_SECRET';

export function embedSnippets(options: EmbedSnippetOptions): EmbedSnippets {
  return {
    iframe: iframeSnippet(options),
    node: nodeSnippet(options),
    python: pythonSnippet(options),
    shell: shellSnippet(options),
  };
}

function iframeSnippet({ origin, claims, title, comments }: EmbedSnippetOptions): string {
  const { dashboard, card } = claims.resource;
  const id = `painel-${dashboard}${card ? `-${card}` : ''}`;
  const quotedOrigin = JSON.stringify(origin);
  return `<!-- ${comments.token} -->
<iframe
  id="${escapeAttribute(id)}"
  src="${escapeAttribute(origin)}/embed/TOKEN"
  title="${escapeAttribute(title)}"
  style="width: 100%; height: 600px; border: 0"
  loading="lazy"
></iframe>
<script>
  const frame = document.getElementById(${JSON.stringify(id)});
  // ${comments.height}
  window.addEventListener('message', (event) => {
    if (event.origin !== ${quotedOrigin} || event.source !== frame.contentWindow) return;
    if (event.data?.type === 'painel:height') frame.style.height = \`\${event.data.height}px\`;
  });
  // ${comments.refresh}
  // frame.contentWindow.postMessage({ type: 'painel:token', token: freshToken }, ${quotedOrigin});
</script>
`;
}

function nodeSnippet({ origin, claims, ttlSeconds }: EmbedSnippetOptions): string {
  return `// npm install jsonwebtoken
import jwt from 'jsonwebtoken';

const claims = ${JSON.stringify(claims, null, 2)};
const token = jwt.sign(claims, process.env.${embedSecretVariable}, {
  algorithm: 'HS256',
  expiresIn: ${ttlSeconds},
});
console.log(\`${origin}/embed/\${token}\`);
`;
}

function pythonSnippet({ origin, claims, ttlSeconds }: EmbedSnippetOptions): string {
  return `# pip install PyJWT
import os
import time

import jwt

now = int(time.time())
claims = ${pythonLiteral(claims, '')}
token = jwt.encode(
    {**claims, "iat": now, "exp": now + ${ttlSeconds}},
    os.environ["${embedSecretVariable}"],
    algorithm="HS256",
)
print(f"${origin}/embed/{token}")
`;
}

function shellSnippet({ origin, claims, ttlSeconds }: EmbedSnippetOptions): string {
  // The claims' JSON without its closing brace: printf adds the times and closes it.
  const open = JSON.stringify(claims).slice(0, -1);
  return `#!/bin/sh
# base64url: base64 on one line, URL-safe, without padding.
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
now=$(date +%s)
header=$(printf '%s' '{"alg":"HS256","typ":"JWT"}' | b64url)
payload=$(printf '%s,"iat":%d,"exp":%d}' ${shellQuote(open)} "$now" "$((now + ${ttlSeconds}))" | b64url)
signature=$(printf '%s' "$header.$payload" | openssl dgst -sha256 -hmac "$${embedSecretVariable}" -binary | b64url)
echo "${origin}/embed/$header.$payload.$signature"
`;
}

/** A JSON value as a Python literal, indented like `json.dumps(value, indent=4)`. */
function pythonLiteral(value: unknown, pad: string): string {
  const inner = `${pad}    `;
  if (value === null || value === undefined) return 'None';
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  // JSON's string escapes are Python's too.
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value))
    return value.length === 0
      ? '[]'
      : `[\n${value.map((v) => `${inner}${pythonLiteral(v, inner)}`).join(',\n')},\n${pad}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  );
  return entries.length === 0
    ? '{}'
    : `{\n${entries
        .map(([k, v]) => `${inner}${JSON.stringify(k)}: ${pythonLiteral(v, inner)}`)
        .join(',\n')},\n${pad}}`;
}

/** A POSIX shell word that stands for `text` exactly. */
function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function escapeAttribute(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');
}

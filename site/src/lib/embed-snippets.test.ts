import { execFileSync } from 'node:child_process';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { type EmbedClaims, embedSecretVariable, embedSnippets } from './embed-snippets';

const root = path.resolve(import.meta.dirname, '../../..');
const secret = "s3cret with 'quotes' and $dollars";
const claims: EmbedClaims = {
  workspace: 'demo',
  resource: { dashboard: 'seattle-weather', card: 'summary' },
  params: { weather: ["rain's", 'snow'], period: 'last30days', delay: { min: 10, max: null } },
  locale: 'pt-BR',
  theme: 'dark',
};
const snippets = embedSnippets({
  origin: 'https://painel.example',
  claims,
  ttlSeconds: 600,
  title: 'Seattle "weather" & more',
  comments: { token: 'token comment', height: 'height comment', refresh: 'refresh comment' },
});
const env = { ...process.env, [embedSecretVariable]: secret };

/** The URL a snippet printed: its token checks with the secret and carries the claims. */
function expectSignedUrl(printed: string) {
  const match = /^https:\/\/painel\.example\/embed\/([\w-]+\.[\w-]+\.[\w-]+)$/.exec(printed.trim());
  expect(match, printed).not.toBeNull();
  const payload = jwt.verify(match?.[1] ?? '', secret, { algorithms: ['HS256'] }) as jwt.JwtPayload;
  expect(payload).toMatchObject(claims);
  expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(600);
}

describe('embedSnippets', () => {
  it('signs a token with openssl in a POSIX shell', () => {
    expectSignedUrl(execFileSync('sh', ['-c', snippets.shell], { env, encoding: 'utf8' }));
  });

  it('signs a token with jsonwebtoken in Node', () => {
    const printed = execFileSync('node', ['--input-type=module', '-e', snippets.node], {
      env,
      cwd: root,
      encoding: 'utf8',
    });
    expectSignedUrl(printed);
  });

  it('writes Python that parses, with the claims as a literal', () => {
    const dumped = execFileSync(
      'python3',
      [
        '-c',
        'import ast, json, sys; tree = ast.parse(sys.stdin.read()); ' +
          'node = next(n for n in tree.body if isinstance(n, ast.Assign) and n.targets[0].id == "claims"); ' +
          'print(json.dumps(ast.literal_eval(node.value)))',
      ],
      { input: snippets.python, encoding: 'utf8' },
    );
    expect(JSON.parse(dumped)).toEqual(claims);
    expect(snippets.python).toContain(`os.environ["${embedSecretVariable}"]`);
  });

  it('frames the embed with its title escaped and listens to Painel’s origin only', () => {
    expect(snippets.iframe).toContain('src="https://painel.example/embed/TOKEN"');
    expect(snippets.iframe).toContain('title="Seattle &quot;weather&quot; &amp; more"');
    expect(snippets.iframe).toContain('event.origin !== "https://painel.example"');
    expect(snippets.iframe).not.toContain(secret);
  });
});
